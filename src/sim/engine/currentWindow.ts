/**
 * The window the replay is in: its index, pools and class routes, the next window's transition while it
 * is pre-staged, the fleet's energy at the window's start, and whether the covered windows are over.
 * windowSwitch.ts changes it (and the replay's close ends it), through these methods only; the request
 * story, routing and control read it.
 */
import type { Instance } from '../entities/instance.js';
import type { Pool } from '../entities/pool.js';
import type { Transition } from '../entities/transition.js';
import type { FleetPower } from '../power/fleetPower.js';
import type { ClassRoutes } from '../routing/classRoutes.js';

/** The next window's instances, started ahead of its boundary. */
export interface StagedTransition {
  readonly window: number;
  readonly transition: Transition;
  /** Per pool of the next window, the instances created for it. */
  readonly fresh: readonly (readonly Instance[])[];
}

/** Energy of the fleet over a window, J (total and its static part). */
export interface WindowEnergy {
  readonly totalJ: number;
  readonly staticJ: number;
}

export class CurrentWindow {
  #index = 0;
  #pools: readonly Pool[] = [];
  #routes: readonly ClassRoutes[] = [];
  #staged: StagedTransition | undefined;
  #startJ = 0;
  #startStaticJ = 0;
  #ended = false;

  get index(): number {
    return this.#index;
  }

  get pools(): readonly Pool[] {
    return this.#pools;
  }

  /** Per class index. */
  get routes(): readonly ClassRoutes[] {
    return this.#routes;
  }

  get staged(): StagedTransition | undefined {
    return this.#staged;
  }

  /** Covered windows are over: boundaries, samples and control events are ignored. */
  get ended(): boolean {
    return this.#ended;
  }

  install(index: number, pools: readonly Pool[], routes: readonly ClassRoutes[]): void {
    this.#index = index;
    this.#pools = pools;
    this.#routes = routes;
  }

  stage(staged: StagedTransition): void {
    this.#staged = staged;
  }

  takeStaged(): StagedTransition | undefined {
    const staged = this.#staged;
    this.#staged = undefined;
    return staged;
  }

  /** The fleet's energy since the window started (the fleet integrated up to now); the next window starts here. */
  closeEnergy(fleet: FleetPower): WindowEnergy {
    const energy = { totalJ: fleet.energyJ - this.#startJ, staticJ: fleet.staticJ - this.#startStaticJ };
    this.#startJ = fleet.energyJ;
    this.#startStaticJ = fleet.staticJ;
    return energy;
  }

  end(): void {
    this.#ended = true;
  }
}
