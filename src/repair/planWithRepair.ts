/**
 * `llmcap plan`'s replay in the loop: plan, replay each distinct window of the plan (same demand and
 * pools replayed once), and while some (window, class) cell misses its SLO significantly, tighten the
 * capacity coefficients of the pools that served it by the measured shortfall and plan again — up to
 * planning.repairRounds rounds. The capacity model stays the MILP's; the replay only corrects it where
 * it measured it wrong, and the corrections only grow, so rounds cannot oscillate.
 */
import { CapacityCache } from '../capacity/index.js';
import { InfeasibleError } from '../core/errors.js';
import { planScenario, type Plan, type PlanOptions, type PlanOutcome, type RepairSummary } from '../plan/index.js';
import type { StepModels, StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import type { SloFailure } from '../sim/index.js';
import { DerateTable } from './derateTable.js';
import { distinctWindows, type WindowGroup } from './distinctWindows.js';
import { sliceRunner, type SliceRunner } from './replaySlices.js';
import { tightenMissedCells } from './tightenMissedCells.js';

export interface RepairOptions {
  /** The step model the plan was made with, by source, for the replay. */
  readonly steps: StepSource;
  readonly stepModels: StepModels;
  /** Default: the scenario's planning.repairRounds. 0 skips the loop. */
  readonly rounds?: number;
  /** Worker threads replaying the windows (default every core; 1 replays in this thread). The plan is the same whatever the number. */
  readonly threads?: number;
}

interface SliceVerdict {
  readonly groups: readonly WindowGroup[];
  /** Significant misses, in the representative windows. */
  readonly failures: readonly SloFailure[];
  /** The same, counted over every window of each group. */
  readonly cellsMissed: number;
}

export async function planWithRepair(scenario: Scenario, planOptions: PlanOptions, repair: RepairOptions): Promise<PlanOutcome> {
  const maxRounds = repair.rounds ?? scenario.planning.repairRounds;
  const options: PlanOptions = { ...planOptions, capacityCache: planOptions.capacityCache ?? new CapacityCache() };
  const first = await planScenario(scenario, options);
  if (maxRounds <= 0) return first;
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const derate = new DerateTable();
  let plan: Plan = first.plan;
  let capacity = first.capacity;
  const runner = sliceRunner(repair.threads);
  try {
    progress('repair: replaying each distinct window', 0.97);
    let verdict = await replaySlices(runner, scenario, plan, repair.steps);
    const before = verdict;
    let rounds = 0;
    let stopped: string | undefined;
    // The plan returned: the one whose slices missed fewest cells (the cheaper on a tie), so a round
    // that moves a class onto a config the model is as wrong about never makes the plan worse.
    let best = { plan, capacity, verdict };
    const roundOf = new Map<Plan, number>([[plan, 0]]);
    while (verdict.failures.length > 0 && rounds < maxRounds) {
      rounds++;
      const groupOf = windowsOfGroup(verdict.groups);
      tightenMissedCells(verdict.failures, plan.rows, groupOf, derate, { capacity, classIds: plan.classIds, maxUtilization: scenario.planning.maxUtilization });
      progress(`repair round ${rounds}: ${verdict.cellsMissed} cells missed; re-solving with ${derate.size} corrected capacities`, 0.97);
      const { baseline: _notReplanned, ...rest } = options;
      const again = await planScenario(scenario, { ...rest, baseline: false, capacityDerate: derate }).catch((err: unknown) => {
        // Corrected capacities the fleet cannot meet (a power budget, procurement limits): keep the last plan.
        if (err instanceof InfeasibleError) return undefined;
        throw err;
      });
      if (!again) {
        stopped = 'the corrected capacities need more than the scenario allows (infeasible); the last plan is kept';
        break;
      }
      plan = again.plan;
      capacity = again.capacity;
      roundOf.set(plan, rounds);
      progress(`repair round ${rounds}: replaying each distinct window`, 0.98);
      verdict = await replaySlices(runner, scenario, plan, repair.steps);
      if (verdict.cellsMissed < best.verdict.cellsMissed || (verdict.cellsMissed === best.verdict.cellsMissed && plan.solve.objective < best.plan.solve.objective)) best = { plan, capacity, verdict };
    }
    if (best.plan !== plan && verdict.failures.length > 0) stopped ??= `no round missed fewer cells than round ${roundOf.get(best.plan) ?? 0}'s plan, which is kept`;
    const summary: RepairSummary = {
      rounds,
      maxRounds,
      replayedWindows: before.groups.length,
      cellsMissedBefore: before.cellsMissed,
      cellsMissedAfter: best.verdict.cellsMissed,
      corrections: derate.size,
      costUsd: best.plan.totals.totalCostUsd - first.plan.totals.totalCostUsd,
      gpus: best.plan.totals.gpus - first.plan.totals.gpus,
      seconds: (performance.now() - started) / 1000,
      ...(stopped ? { stopped } : {}),
    };
    return { plan: { ...best.plan, ...(first.plan.baseline ? { baseline: first.plan.baseline } : {}), repair: summary }, capacity: best.capacity };
  } finally {
    await runner.close();
  }
}

/** Replay the representative window of each group of identical windows, on the scenario's own seed. */
async function replaySlices(runner: SliceRunner, scenario: Scenario, plan: Plan, steps: StepSource): Promise<SliceVerdict> {
  const groups = distinctWindows(scenario, plan);
  const failures = await runner.run(scenario, plan, groups.map((g) => g.representative), steps);
  const size = new Map(groups.map((g) => [g.representative, g.windows.length]));
  return { groups, failures, cellsMissed: failures.reduce((s, f) => s + (size.get(f.window) ?? 1), 0) };
}

function windowsOfGroup(groups: readonly WindowGroup[]): (w: number) => readonly number[] {
  const of = new Map(groups.map((g) => [g.representative, g.windows]));
  return (w) => of.get(w) ?? [w];
}
