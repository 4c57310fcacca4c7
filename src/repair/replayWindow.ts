/**
 * One slice of the repair loop's replay: a plan replayed on the synthetic arrivals of one window
 * alone (arrivals are seeded per class and window, so the slice has exactly the requests the whole
 * horizon has there). A plain function of serializable inputs: it runs in a worker thread as well
 * as here, and gives the same result wherever it runs.
 */
import { StepModels, type StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { replayPlan, type ReplayPlan, type SloFailure } from '../sim/index.js';
import { cellSlacks, type CellSlack } from './poolHeadroom.js';
import { cellMisses, type CellMisses } from './pointRepair.js';

export interface WindowReplayInput {
  readonly scenario: Scenario;
  readonly plan: ReplayPlan;
  readonly steps: StepSource;
  readonly window: number;
}

/** Step tables loaded once per thread, for every slice it replays. */
let stepModels: StepModels | undefined;

/** A slice's verdict: its significant misses, and every judged cell's latency over target (for headroom). */
export interface WindowSlice {
  readonly failures: readonly SloFailure[];
  readonly cells: readonly CellSlack[];
  /** Every cell's misses per metric (the point-estimate repair's evidence). */
  readonly misses: readonly CellMisses[];
}

export async function replayWindow(input: WindowReplayInput): Promise<WindowSlice> {
  stepModels ??= new StepModels();
  const report = await replayPlan(
    input.plan,
    input.scenario,
    { steps: input.steps, seed: input.scenario.simulation.seed, trace: { kind: 'synthetic', windows: [input.window] }, requests: 'none', planSource: 'repair' },
    { stepModels },
  );
  const window = report.windows.find((w) => w.window === input.window);
  return { failures: report.verdict.failures.filter((f) => f.window === input.window), cells: window ? cellSlacks(window.classes) : [], misses: window ? cellMisses(window.classes) : [] };
}

