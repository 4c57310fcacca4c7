/**
 * The replay-and-repair loop for one planner: plan, replay each distinct window of the plan, and while
 * some (window, class) cell misses its SLO significantly, tighten the capacity coefficients of the
 * pools that served it by the measured shortfall and plan again, up to `rounds` rounds. The planner
 * is a function of the corrections only, so `plan`, its SinglePool baseline and every `compare`
 * design go through the same loop and are compared as plans that pass.
 */
import type { CapacityTable } from '../capacity/index.js';
import { InfeasibleError, SolverLimitError } from '../core/errors.js';
import type { Plan, RepairSummary } from '../plan/index.js';
import type { StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import type { SloFailure } from '../sim/index.js';
import { DerateTable } from './derateTable.js';
import { distinctWindows, type WindowGroup } from './distinctWindows.js';
import type { SliceRunner } from './replaySlices.js';
import { poolHeadroom, type CellSlack } from './poolHeadroom.js';
import { tightenMissedCells, type RepairTarget } from './tightenMissedCells.js';
import { hotCellTargets, hotClasses, type CellMisses, type HotClass } from './pointRepair.js';

/** One plan of the loop, and the demand its replay must carry (compare's max-throughput plans are made for a scaled demand). */
export interface LoopPlan {
  readonly plan: Plan;
  readonly capacity: CapacityTable;
  /** The scenario the plan is replayed against: its demand is the demand the plan was made for. */
  readonly replayScenario: Scenario;
}

/** Plans with the capacity corrections so far (none in the first round). */
export type PlanWithCorrections<T extends LoopPlan = LoopPlan> = (derate: DerateTable | undefined) => Promise<T>;

export interface RepairLoopOptions {
  readonly rounds: number;
  readonly runner: SliceRunner;
  readonly steps: StepSource;
  readonly maxUtilization: number;
  readonly onProgress?: (message: string) => void;
  /** Requests one round may replay (default MAX_SLICE_REQUESTS); above it the plan is left unchecked, and says so. */
  readonly maxRequests?: number;
}

interface SliceVerdict {
  readonly groups: readonly WindowGroup[];
  /** Significant misses, in the representative windows. */
  readonly failures: readonly SloFailure[];
  /** The same, counted over every window of each group. */
  readonly cellsMissed: number;
  /** Every judged cell of the representative windows, met or not. */
  readonly cells: readonly CellSlack[];
  /** Every cell's misses per metric, and the classes whose pooled misses are above their planned share (pointRepair.ts). */
  readonly misses: readonly CellMisses[];
  readonly hot: readonly HotClass[];
}

/** The plan kept (its repair summary attached), its capacity table, and what its planner returned. */
export interface RepairedPlan<T extends LoopPlan = LoopPlan> {
  readonly plan: Plan;
  readonly capacity: CapacityTable;
  readonly kept: T;
}

export async function repairLoop<T extends LoopPlan>(planWith: PlanWithCorrections<T>, options: RepairLoopOptions): Promise<RepairedPlan<T>> {
  const progress = options.onProgress ?? (() => {});
  const first = await planWith(undefined);
  // What the loop adds to planning: its replays and re-solves.
  const started = performance.now();
  let derate = new DerateTable();
  let current = first;
  const requests = sliceRequests(current);
  const maxRequests = options.maxRequests ?? MAX_SLICE_REQUESTS;
  if (requests > maxRequests) {
    const stopped = `not checked: one replay of the distinct windows would be ${fmtCount(requests)} requests (more than ${fmtCount(maxRequests)}); check the plan with --validate on a shorter horizon or a trace`;
    const summary: RepairSummary = { rounds: 0, maxRounds: options.rounds, replayedWindows: 0, cellsMissedBefore: 0, cellsMissedAfter: 0, corrections: 0, costUsd: 0, gpus: 0, seconds: 0, stopped };
    return { plan: { ...current.plan, repair: summary }, capacity: current.capacity, kept: current };
  }
  progress('replaying each distinct window');
  let verdict = await replaySlices(options.runner, current, options.steps);
  const before = verdict;
  let rounds = 0;
  let stopped: string | undefined;
  // The plan returned: the one whose slices missed fewest cells (the cheaper on a tie), so a round
  // that moves a class onto a config the model is as wrong about never makes the plan worse.
  let best = { planned: current, verdict };
  const roundOf = new Map<Plan, number>([[current.plan, 0]]);
  while ((verdict.failures.length > 0 || verdict.hot.length > 0) && rounds < options.rounds) {
    rounds++;
    const groupOf = windowsOfGroup(verdict.groups);
    // Significant misses and hot classes (pointRepair.ts) in the same round: a class corrected for
    // both in a window takes the larger step, and an undersized class is not left for a round the loop
    // may not have. Should the two together need more than the scenario allows, the round corrects the
    // significant misses alone, as it would without the hot classes.
    const hotTargets = hotCellTargets(verdict.hot, verdict.misses, current.plan.rows);
    const attempt = async (targets: readonly RepairTarget[]) => {
      const tightened = derate.copy();
      tightenMissedCells(targets, current.plan.rows, groupOf, tightened, { capacity: current.capacity, classIds: current.plan.classIds, maxUtilization: options.maxUtilization });
      progress(`round ${rounds}: ${verdict.cellsMissed} cells missed, ${verdict.hot.length} (class, metric) pairs above their planned miss share; re-solving with ${tightened.size} corrected capacities`);
      const planned = await planWith(tightened).catch((err: unknown) => {
        // Corrected capacities the fleet cannot meet (a power budget, procurement limits), or a re-solve
        // that found no plan within the solver's limit: keep the last plan.
        if (err instanceof InfeasibleError || err instanceof SolverLimitError) return err;
        throw err;
      });
      return { tightened, planned };
    };
    let tried = await attempt([...verdict.failures, ...hotTargets]);
    if (tried.planned instanceof InfeasibleError && verdict.failures.length > 0 && hotTargets.length > 0) tried = await attempt(verdict.failures);
    const again = tried.planned;
    derate = tried.tightened;
    if (again instanceof InfeasibleError || again instanceof SolverLimitError) {
      stopped = again instanceof InfeasibleError ? 'the corrected capacities need more than the scenario allows (infeasible); the last plan is kept' : 'a re-solve reached the solver limit with no plan; the last plan is kept';
      break;
    }
    current = again;
    roundOf.set(current.plan, rounds);
    progress(`round ${rounds}: replaying each distinct window`);
    verdict = await replaySlices(options.runner, current, options.steps);
    if (betterVerdict(verdict, current, best)) best = { planned: current, verdict };
  }
  if (best.planned !== current && (verdict.failures.length > 0 || verdict.hot.length > 0)) stopped ??= `no round missed fewer cells than round ${roundOf.get(best.planned.plan) ?? 0}'s plan, which is kept`;
  if (best.verdict.hot.length > 0) stopped ??= `the kept plan's ${hotText(best.verdict.hot)} over the replayed windows, more than the percentile allows`;
  const kept = best.planned.plan;
  const summary: RepairSummary = {
    rounds,
    maxRounds: options.rounds,
    replayedWindows: before.groups.length,
    cellsMissedBefore: before.cellsMissed,
    cellsMissedAfter: best.verdict.cellsMissed,
    corrections: derate.size,
    costUsd: kept.totals.totalCostUsd - first.plan.totals.totalCostUsd,
    gpus: kept.totals.gpus - first.plan.totals.gpus,
    seconds: (performance.now() - started) / 1000,
    ...(stopped ? { stopped } : {}),
    headroom: poolHeadroom(kept.rows, best.verdict.cells, representativeOf(best.verdict.groups)),
  };
  return { plan: { ...kept, repair: summary }, capacity: best.planned.capacity, kept: best.planned };
}

/**
 * Requests one round replays, beyond which the loop does not run: each round replays every distinct
 * window (about 100,000 requests a second on one core), and a scenario at an extreme rate would replay
 * for hours; week.yaml's 50 distinct windows are about 6 M requests.
 */
export const MAX_SLICE_REQUESTS = 12e6;

const fmtCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${Math.round(n).toLocaleString('en-US')}`);

/** Requests the distinct windows of a plan carry: what one round replays. */
function sliceRequests(planned: LoopPlan): number {
  const s = planned.replayScenario;
  const windowS = s.horizon.windowHours * 3600;
  return distinctWindows(s, planned.plan).reduce((n, g) => n + s.demandRps.reduce((r, d) => r + (d[g.representative] ?? 0), 0) * windowS, 0);
}

/** Replay the representative window of each group of identical windows, on the scenario's own seed. */
async function replaySlices(runner: SliceRunner, planned: LoopPlan, steps: StepSource): Promise<SliceVerdict> {
  const groups = distinctWindows(planned.replayScenario, planned.plan);
  // A plan with no instance anywhere (no demand to serve) has nothing a replay could check.
  if (!planned.plan.rows.some((r) => r.instances > 0)) return { groups, failures: [], cellsMissed: 0, cells: [], misses: [], hot: [] };
  const slices = await runner.run(planned.replayScenario, planned.plan, groups.map((g) => g.representative), steps);
  const failures = slices.flatMap((s) => s.failures);
  const size = new Map(groups.map((g) => [g.representative, g.windows.length]));
  const misses = slices.flatMap((s) => s.misses);
  const hot = hotClasses(planned.replayScenario, misses, (w) => size.get(w) ?? 1);
  return { groups, failures, cellsMissed: failures.reduce((s, f) => s + (size.get(f.window) ?? 1), 0), cells: slices.flatMap((s) => s.cells), misses, hot };
}

/**
 * The plan the loop keeps: fewest significant misses, then fewest hot (class, metric) pairs, then the
 * cheaper. A round that moves a class onto a config the model is as wrong about never makes it worse.
 */
function betterVerdict(verdict: SliceVerdict, current: LoopPlan, best: { planned: LoopPlan; verdict: SliceVerdict }): boolean {
  if (verdict.cellsMissed !== best.verdict.cellsMissed) return verdict.cellsMissed < best.verdict.cellsMissed;
  if (verdict.hot.length !== best.verdict.hot.length) return verdict.hot.length < best.verdict.hot.length;
  return current.plan.solve.objective < best.planned.plan.solve.objective;
}

function representativeOf(groups: readonly WindowGroup[]): (w: number) => number {
  const of = new Map(groups.flatMap((g) => g.windows.map((w) => [w, g.representative] as const)));
  return (w) => of.get(w) ?? w;
}

function windowsOfGroup(groups: readonly WindowGroup[]): (w: number) => readonly number[] {
  const of = new Map(groups.map((g) => [g.representative, g.windows]));
  return (w) => of.get(w) ?? [w];
}

/** "coding/SS misses TTFT in 1.38 % of 82,648 requests" for the loop's summary, the worst two. */
function hotText(hot: readonly HotClass[]): string {
  const worst = [...hot].sort((a, b) => b.misses / b.requests - a.misses / a.requests).slice(0, 2);
  const text = worst.map((h) => `${h.classId} misses ${h.metric.toUpperCase()} in ${((100 * h.misses) / h.requests).toFixed(2)} % of ${fmtCount(h.requests)} requests`).join(', ');
  return hot.length > worst.length ? `${text} (and ${hot.length - worst.length} more)` : text;
}
