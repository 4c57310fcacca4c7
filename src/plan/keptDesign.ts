/**
 * A design's plan kept as the scenario's own: a design inside the scenario's options that passes its
 * replay for less than the optimizer's repaired plan (planWithRepair.ts, compare). Its solve proved
 * its gaps within the design's restricted options only, so the plan claims none: the gaps are unknown
 * and the termination says so. Pure.
 */
import type { Plan } from './types.js';

export function asKeptDesign(plan: Plan, note: string): Plan {
  return {
    ...plan,
    windows: plan.windows.map((w) => ({ ...w, operatingBound: undefined, operatingGap: undefined })),
    solve: { ...plan.solve, termination: 'gap_above_target', bound: undefined, gap: undefined, worstWindowGap: undefined, worstWindows: [], notes: [note, ...plan.solve.notes] },
  };
}

/** `candidate` passed its replay (checked, no cell missing) or no replay ran for either, and it costs less on the objective than `plan`. */
export function passesForLess(candidate: Plan, plan: Plan): boolean {
  const r = candidate.repair;
  // A loop that replayed no window and says why left the plan unchecked (too many requests); one that
  // stopped after replaying (no round did better than a kept one) still judged what it kept.
  const checked = r !== undefined && (r.replayedWindows > 0 || r.stopped === undefined);
  const passed = r === undefined ? plan.repair === undefined : checked && r.cellsMissedAfter === 0;
  return passed && candidate.solve.objective < plan.solve.objective * (1 - 1e-9);
}
