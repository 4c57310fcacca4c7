/**
 * The operation stage started beside the fleet stage. The fleet stage's first plan (over the LP's
 * short list) nearly always has the fleet it ends with; what follows it — the clock relaxation — mostly
 * proves that plan within the gap, for seconds on one core while the others wait. So each plan that
 * becomes the stage's best while searches remain is offered here, and the operation is started from
 * it on the pool at once. When the stage ends on that same plan (same fleet, same peak pools, same
 * configs used: everything the operation reads of it), the operation already under way is the one it
 * would start, with the same inputs, so the plan is the same bytes; otherwise that operation is
 * cancelled at its next window and a new one starts from the final plan.
 */
import type { FleetChoice } from './solveFleet.js';
import type { Operation } from './solveOperation.js';

/** What a speculative operation asks as it goes: whether to stop, and whether its progress is the plan's yet. */
export interface SpeculationGate {
  readonly cancelled: () => boolean;
  readonly confirmed: () => boolean;
}

interface Running {
  readonly key: string;
  readonly run: Promise<Operation>;
  readonly state: { cancelled: boolean; confirmed: boolean };
}

export class SpeculativeOperation {
  private current: Running | undefined;

  constructor(private readonly start: (choice: FleetChoice, gate: SpeculationGate) => Promise<Operation>) {}

  /** Start the operation from this plan (cancelling one started from an earlier plan). */
  offer(choice: FleetChoice): void {
    this.cancel();
    const state = { cancelled: false, confirmed: false };
    const run = this.start(choice, { cancelled: () => state.cancelled, confirmed: () => state.confirmed });
    // A cancelled run rejects with OperationCancelled (solveOperation.ts), and nobody awaits it.
    run.catch(() => {});
    this.current = { key: choiceKey(choice), run, state };
  }

  /** The operation started from the stage's final plan, if one was; any other is cancelled. */
  take(choice: FleetChoice): Promise<Operation> | undefined {
    const held = this.current;
    this.current = undefined;
    if (held && held.key === choiceKey(choice)) {
      held.state.confirmed = true;
      return held.run;
    }
    if (held) held.state.cancelled = true;
    return undefined;
  }

  cancel(): void {
    if (this.current) this.current.state.cancelled = true;
    this.current = undefined;
  }
}

/** Everything the operation reads of a fleet plan, as text: equal texts, equal operations. */
export function choiceKey(choice: FleetChoice): string {
  const sorted = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([sorted(Object.entries(choice.fleet)), sorted(choice.peakInstances.entries()), [...choice.usedConfigs].sort()]);
}
