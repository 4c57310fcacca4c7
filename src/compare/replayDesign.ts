/**
 * The replay column of the compare table: each design's plan replayed against a synthetic trace of
 * the demand it was planned for, at the peak window (the hardest hour, and a bounded replay cost).
 */
import type { Plan } from '../plan/index.js';
import type { StepModels, StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { replayPlan } from '../sim/index.js';

export interface ReplaySummary {
  /** Share of replayed requests meeting all their class's targets. */
  readonly sloAttainment: number;
  readonly pass: boolean;
  /** (window, class) cells missing a target at its percentile. */
  readonly failingCells: number;
  /** Cells judged (enough requests for the significance test to fail), and those below their percentile as point estimates (significant or not). */
  readonly judgedCells: number;
  readonly pointMissCells: number;
  readonly requests: number;
}

/** `seed`: of the synthetic trace and the replay's random choices (default the scenario's). */
export async function replayDesign(scenario: Scenario, plan: Plan, window: number, scale: number, steps: StepSource, stepModels: StepModels, seed?: number): Promise<ReplaySummary> {
  const report = await replayPlan(
    { classIds: plan.classIds, rows: plan.rows },
    scenario,
    { steps, trace: { kind: 'synthetic', windows: [window], rateScale: scale }, planSource: 'compare', ...(seed !== undefined ? { seed } : {}) },
    { stepModels },
  );
  const replayed = report.windows.filter((w) => w.requests > 0);
  const requests = replayed.reduce((s, w) => s + w.requests, 0);
  const met = replayed.reduce((s, w) => s + w.sloAttainment * w.requests, 0);
  const { verdict } = report;
  return { sloAttainment: requests > 0 ? met / requests : Number.NaN, pass: verdict.pass, failingCells: verdict.failures.length, judgedCells: verdict.judgedCells, pointMissCells: verdict.failures.length + verdict.pointMisses.length, requests };
}
