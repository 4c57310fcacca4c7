/**
 * The replay's state in one place: the kernel, requests, instances, the current window, fleet power,
 * the control loops' state, the window ledger and the request buffer. Every field is read-only; what
 * changes lives in small state objects, each changed through its own methods by one process
 * (instanceProcess, requestStory, requestEnd, windowSwitch, control). Nothing here decides anything.
 */
import type { CappingPolicy, RouterName, Scenario } from '../../scenario/index.js';
import type { Classifier } from '../../workload/index.js';
import type { Rng } from '../../core/random.js';
import { Kernel } from '../kernel/kernel.js';
import type { Instance } from '../entities/instance.js';
import type { Pool } from '../entities/pool.js';
import type { PoolLayout } from '../entities/poolLayout.js';
import { RequestTable } from '../entities/requestTable.js';
import { LiveInstances } from '../entities/liveInstances.js';
import type { AdmissionRule } from '../batching/admission.js';
import { FleetPower } from '../power/fleetPower.js';
import type { Predictor } from '../routing/predictor.js';
import type { StepCache, StepTable } from '../timing/stepTable.js';
import type { PoolGovernorFacts } from '../power/governor.js';
import type { RequestBuffer } from '../metrics/requestBuffer.js';
import { emptyRequestRecord } from '../metrics/requestColumns.js';
import { RequestCounts } from '../metrics/requestCounts.js';
import type { WindowLedger } from '../metrics/windowLedger.js';
import type { ClassTargets, RequestSampling } from '../types.js';
import { CappingState, PowerSampler } from './controlState.js';
import { CurrentWindow } from './currentWindow.js';

/** Event kinds the replay schedules on the kernel. */
export const EV = {
  /** An instance's current step (prefill, decode run, hybrid run, clock stall, start-up) ends. */
  step: 0,
  /** A request's KV cache arrives at its decode instance. */
  transfer: 1,
  boundary: 2,
  /** New instances of the next window start loading. */
  prestage: 3,
  /** The power monitor's sample. */
  sample: 4,
  /** A decided capping level takes effect. */
  capApply: 5,
  governor: 6,
} as const;

/** The power monitor's fine bins, s: sub-second, where POLCA's prefill spikes show (a 1-s mean smooths them). */
export const FINE_POWER_BIN_S = 0.1;

/**
 * Same-instant order: power samples first (they close the interval ending now), then the window
 * boundary, then completions (step ends, transfers), then arrivals, then control (capping, governor).
 */
export const PRIORITY = { sample: 0, window: 1, completion: 2, arrival: 3, control: 4 } as const;

export interface SimSettings {
  readonly windowS: number;
  readonly windowsCount: number;
  readonly maxBatch: number;
  readonly chunkedPrefill: boolean;
  readonly prefillTokenBudget: number;
  /** Routing within each pool (the plan's routing, else the scenario's). */
  readonly router: RouterName;
  /** Phase-split overflow (SimulationSettings.overflow). */
  readonly overflow: boolean;
  /** A prefill pool is saturated when every instance holds at least this many prompt tokens not yet prefilled. */
  readonly overflowPromptTokens: number;
  readonly clockChangeS: number;
  readonly reshardS: number;
  readonly instanceStartS: number;
  readonly governor: 'fixed' | 'dynamic';
  readonly governorPeriodS: number;
  readonly capping: CappingPolicy;
  /** Infinity without a budget. */
  readonly provisionedW: number;
  readonly sampleS: number;
}

/** What the kernel's events do: the engine's dispatch (engine/dispatch.ts), given to the Sim that owns the kernel. */
export interface SimEvents {
  dispatch(sim: Sim, kind: number, target: number, now: number): void;
  /** Whether a scheduled event was cancelled since (lazy cancellation by version stamps). */
  isStale(sim: Sim, kind: number, target: number, stamp: number): boolean;
}

/** What a Sim is built from; it keeps each as a read-only field of the same name. */
export interface SimInputs {
  readonly scenario: Scenario;
  readonly layout: PoolLayout;
  readonly settings: SimSettings;
  readonly stepCache: StepCache;
  readonly targets: readonly ClassTargets[];
  /** Per class, its SLO reference config (for slowdown targets). */
  readonly referenceSteps: readonly StepTable[];
  readonly classify: Classifier;
  /** Trace service index → scenario service index (−1: none). */
  readonly serviceMap: Int32Array;
  readonly predict: Predictor;
  readonly routerRng: Rng;
  readonly admission: AdmissionRule;
  readonly ledger: WindowLedger;
  /** Where sampled requests' rows go; none without a sink. */
  readonly buffer: RequestBuffer | undefined;
  readonly sampling: RequestSampling;
}

export interface SimOptions extends SimInputs {
  readonly events: SimEvents;
}

// Declaration merging: the inputs are the instance's read-only fields, assigned once in the constructor.
export interface Sim extends SimInputs {}

export class Sim {
  readonly kernel: Kernel;
  readonly requests = new RequestTable();
  readonly #instances: Instance[] = [];
  readonly current = new CurrentWindow();
  /** Fleet power; its fine (100-ms) bins go to the ledger of the window they fall in, while windows are covered. */
  readonly fleet = new FleetPower(FINE_POWER_BIN_S, (startS, meanW, count) => {
    if (this.current.ended) return;
    // A run of bins may cross a window boundary: split it so each window gets its own.
    let s = startS;
    let left = count;
    while (left > 0) {
      const w = Math.min(this.settings.windowsCount - 1, Math.floor((s + FINE_POWER_BIN_S / 2) / this.settings.windowS));
      const windowEnd = (w + 1) * this.settings.windowS;
      const here = w === this.settings.windowsCount - 1 ? left : Math.max(1, Math.min(left, Math.round((windowEnd - s) / FINE_POWER_BIN_S)));
      this.ledger.sampleFinePower(w, meanW, here);
      left -= here;
      s += here * FINE_POWER_BIN_S;
    }
  });
  readonly live: LiveInstances;
  readonly sampler = new PowerSampler();
  readonly capping = new CappingState();
  readonly counts = new RequestCounts();
  /** Per-pool facts of the dynamic governor, computed on first use (control.ts). */
  readonly governorFacts = new WeakMap<Pool, PoolGovernorFacts>();
  /** Scratch record handed to the request buffer (requestEnd.ts). */
  readonly record = emptyRequestRecord();

  constructor(options: SimOptions) {
    const { events, ...inputs } = options;
    Object.assign(this, inputs);
    this.live = new LiveInstances(options.layout.gpuTypes.length);
    this.kernel = new Kernel(
      (kind, target, _stamp, now) => events.dispatch(this, kind, target, now),
      (kind, target, stamp) => events.isStale(this, kind, target, stamp),
    );
  }

  /** Every instance created so far, by id (live, draining or off). */
  get instances(): readonly Instance[] {
    return this.#instances;
  }

  /** Register a new instance; its id must be the next index (windowSwitch.ts creates them). */
  addInstance(instance: Instance): void {
    if (instance.id !== this.#instances.length) throw new RangeError(`instance id ${instance.id}, expected ${this.#instances.length}`);
    this.#instances.push(instance);
  }
}
