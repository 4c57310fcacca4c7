/**
 * Point-estimate repair: the repair loop's second target, besides significant misses. The replay
 * judges each (window, class) cell as a point estimate too, and a plan whose pools let requests miss
 * at about the SLO's allowed share (1 % at p99) misses as a point estimate in a few percent of cells:
 * half of its large cells, and most small cells of the classes that share those pools (any miss among
 * 50 requests is below p99). planning.pointMissBudget is the share of the scenario's judged cells
 * allowed to miss so, spread over the classes by what each uses at its replayed miss share
 * (pointBudgetLevel); the planned miss share of a class (capacity/pointMargin.ts) is the one at which
 * its cells, at their requests per window, stay within the level it is held to.
 *
 * Raising the capacity model's percentiles to that share costs several times the fleet (the model's
 * tail beyond p99 is far more conservative than the replay's; measured in docs/replay.md), so the loop
 * measures instead: a class is *hot* when its misses over every replayed window (each counted for the
 * windows of its group) are significantly more than its planned share allows (one-sided binomial,
 * HOT_ALPHA). Pooling the windows makes the test strong where single cells are noise: coding/SL's 835
 * requests a day at 0.6 % misses are evidence against a planned 0.03 %, while none of its cells is.
 * A hot class is repaired in the windows where the pools that served it missed more than its planned
 * share (its misses and its pool-mates', who wait in the same queue), by the loop's usual correction
 * (tightenMissedCells.ts) with the ratio of the pools' miss share to the planned one as the shortfall:
 * its square root is shed, between a queue's tail (the miss share falls exponentially as load goes,
 * a small step) and collisions with another prompt's prefill (the share falls with the load, a step
 * of the whole ratio), and at least the step at which one of those pools must change.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { expectedPointMissShare, judgedCells, plannedMissShare, POINT_MISS_OFF } from '../capacity/pointMargin.js';
import type { PlanRow } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import type { ClassWindowResult } from '../sim/index.js';
import type { RepairTarget } from './tightenMissedCells.js';

/** Significance of a class's pooled misses against its planned share. */
export const HOT_ALPHA = 0.01;

type PointMetric = 'ttft' | 'tbt';
const METRICS: readonly PointMetric[] = ['ttft', 'tbt'];

/** One replayed (window, class) cell's misses per metric. */
export interface CellMisses {
  readonly window: number;
  readonly classId: string;
  readonly requests: number;
  readonly ttft: number;
  readonly tbt: number;
}

/** A slice's cells as counts (attainments are shares of the cell's requests). */
export function cellMisses(classes: readonly ClassWindowResult[]): CellMisses[] {
  return classes
    .filter((c) => c.requests > 0)
    .map((c) => ({ window: c.window, classId: c.classId, requests: c.requests, ttft: Math.round(c.requests * (1 - c.ttftAttainment)), tbt: Math.round(c.requests * (1 - c.tbtAttainment)) }));
}

/** A class whose replayed misses of one metric are significantly above its planned share. */
export interface HotClass {
  readonly classId: string;
  readonly metric: PointMetric;
  readonly plannedShare: number;
  readonly requests: number;
  readonly misses: number;
}

/** A class's expected requests in each window of the horizon (its cells, judged or not). */
function cellSizesOf(scenario: Scenario, k: number): number[] {
  const rates = scenario.demandRps[k] ?? [];
  const seconds = scenario.horizon.windowHours * 3600;
  return scenario.horizon.windows.map((w) => (rates[w.index] ?? 0) * seconds);
}

const allowedOf = (percentile: number) => Number((1 - percentile / 100).toPrecision(12));

/**
 * The share of a class's requests it may miss by, so that at most `budget` of its cells miss the
 * percentile as point estimates (1 − percentile when the budget is off). `budget` defaults to the
 * scenario's; the repair loop passes the level the scenario-wide budget leaves the class (hotClasses).
 */
export function plannedShareOf(scenario: Scenario, k: number, percentile: number, budget = scenario.planning.pointMissBudget ?? POINT_MISS_OFF): number {
  const allowed = allowedOf(percentile);
  if (budget >= 1 || !scenario.demandRps[k]) return allowed;
  return plannedMissShare(allowed, cellSizesOf(scenario, k), budget);
}

/** A class's use of the point budget: its judged cells and the share of them expected to miss. */
export interface BudgetUse {
  readonly cells: number;
  readonly share: number;
}

/**
 * The level λ to which the scenario's point budget holds each class (water-filling): the scenario's
 * judged cells may miss as point estimates in `budget` of them, a class that uses at most λ of its own
 * keeps what it uses, a class above λ is held to λ, and λ is the highest level at which the total fits.
 * Infinity when every class fits as it is. λ ≥ budget always (holding every class to the budget fits),
 * so no class is held tighter than a budget of its own would hold it, and a class that misses little
 * leaves its share to the others.
 */
export function pointBudgetLevel(uses: readonly BudgetUse[], budget: number): number {
  const total = budget * uses.reduce((s, u) => s + u.cells, 0);
  const sorted = [...uses].filter((u) => u.cells > 0).sort((a, b) => a.share - b.share);
  let usedBelow = 0;
  let cellsAbove = sorted.reduce((s, u) => s + u.cells, 0);
  for (const u of sorted) {
    // λ between the shares below u and u's own: the classes from u on are held to it.
    const level = (total - usedBelow) / cellsAbove;
    if (level < u.share) return level;
    usedBelow += u.cells * u.share;
    cellsAbove -= u.cells;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The hot classes of a replay. `weightOf(w)`: how many windows the replayed window `w` stands for.
 * Only metrics judged per class count (a pooled scope has its own cells and budget).
 *
 * planning.pointMissBudget is the scenario's, per metric: the share of all its judged (window, class)
 * cells expected to miss as point estimates. Each class's use of it is estimated at its replayed miss
 * share (pooled over the windows), the budget is spread by pointBudgetLevel, and a class above the
 * level is hot when its misses are significantly above the share at which its cells stay within the
 * level. On day.yaml conversation's classes use almost none of the budget (docs/replay.md), which a
 * budget per class left unused while it held the minor coding classes to 1 % of their cells each.
 */
export function hotClasses(scenario: Scenario, cells: readonly CellMisses[], weightOf: (window: number) => number): HotClass[] {
  const budget = scenario.planning.pointMissBudget ?? POINT_MISS_OFF;
  if (budget >= 1) return underSized(scenario, cells);
  const hot: HotClass[] = [];
  for (const metric of METRICS) {
    const judged = scenario.classes.flatMap((cls, k) => {
      if ((cls.slo.scope?.[metric] ?? 'class') !== 'class') return [];
      const percentile = metric === 'ttft' ? cls.slo.ttft.percentile : cls.slo.tbt.percentile;
      const allowed = allowedOf(percentile);
      const sizes = judgedCells(allowed, cellSizesOf(scenario, k));
      const own = cells.filter((c) => c.classId === cls.id);
      const requests = own.reduce((s, c) => s + c.requests * weightOf(c.window), 0);
      const misses = own.reduce((s, c) => s + c[metric] * weightOf(c.window), 0);
      const observed = requests > 0 ? misses / requests : 0;
      return [{ cls, k, percentile, allowed, requests, misses, use: { cells: sizes.length, share: expectedPointMissShare(allowed, sizes, observed) } }];
    });
    const level = pointBudgetLevel(judged.map((j) => j.use), budget);
    for (const j of judged) {
      if (!(j.use.share > level) || j.misses <= 0) continue;
      const plannedShare = plannedShareOf(scenario, j.k, j.percentile, level);
      if (!(plannedShare < j.allowed)) continue;
      if (1 - binomialCdf(j.misses - 1, j.requests, plannedShare) < HOT_ALPHA) hot.push({ classId: j.cls.id, metric, plannedShare, requests: j.requests, misses: j.misses });
    }
  }
  return inClassOrder(scenario, hot);
}

/** Class order, as the classes are listed (then TTFT before TPOT): the repair's targets follow it. */
function inClassOrder(scenario: Scenario, hot: HotClass[]): HotClass[] {
  const order = new Map(scenario.classes.map((c, i) => [c.id, i]));
  return hot.sort((a, b) => (order.get(a.classId) ?? 0) - (order.get(b.classId) ?? 0) || METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric));
}

/**
 * Without a point budget, the classes whose misses, pooled over the replayed windows (each window
 * once: a group's other windows are not replayed), are significantly above the share the class's own
 * percentile allows (one-sided binomial, HOT_ALPHA): the capacity model is optimistic for the class
 * across the horizon, not unlucky in a cell. Each cell passing its own test (α = 0.001) leaves such a
 * class undersized by up to about a third at p99: DynamoLLM's SinglePool design on day.yaml (trtllm-2024
 * FP8, one shared pool) came out of its repair rounds with no significant slice miss and coding/SS
 * missing 1.38 % of 82,648 requests over the full day, 6 cells of them significantly (docs/how-it-plans.md, "Undersized classes").
 * week.yaml's plan has no such class (its highest pooled share, conversation/LL's 0.55 %).
 */
function underSized(scenario: Scenario, cells: readonly CellMisses[]): HotClass[] {
  const hot: HotClass[] = [];
  for (const metric of METRICS) {
    scenario.classes.forEach((cls) => {
      if ((cls.slo.scope?.[metric] ?? 'class') !== 'class') return;
      const allowed = allowedOf(metric === 'ttft' ? cls.slo.ttft.percentile : cls.slo.tbt.percentile);
      const own = cells.filter((c) => c.classId === cls.id);
      const requests = own.reduce((s, c) => s + c.requests, 0);
      const misses = own.reduce((s, c) => s + c[metric], 0);
      if (misses > 0 && 1 - binomialCdf(misses - 1, requests, allowed) < HOT_ALPHA) hot.push({ classId: cls.id, metric, plannedShare: allowed, requests, misses });
    });
  }
  return inClassOrder(scenario, hot);
}

/**
 * The cells to repair for the hot classes: a hot class in each replayed window where the pools that
 * served it, over every class they served, or the class itself missed more than the class's planned
 * share; the shortfall (in the metric's over-target field) is the larger miss share over the planned one.
 */
export function hotCellTargets(hot: readonly HotClass[], cells: readonly CellMisses[], rows: readonly PlanRow[]): RepairTarget[] {
  const cellOf = new Map<string, CellMisses>(cells.map((c) => [`${c.window} ${c.classId}`, c]));
  const windows = [...new Set(cells.map((c) => c.window))].sort((a, b) => a - b);
  const targets: RepairTarget[] = [];
  for (const h of hot) {
    for (const window of windows) {
      const pools = rows.filter((r) => r.window === window && r.instances > 0 && (r.ratesRps[h.classId] ?? 0) > 0);
      if (pools.length === 0) continue;
      const mates = new Set(pools.flatMap((r) => Object.entries(r.ratesRps).filter(([, rate]) => rate > 0).map(([id]) => id)));
      let requests = 0;
      let misses = 0;
      for (const id of mates) {
        const c = cellOf.get(`${window} ${id}`);
        if (!c) continue;
        requests += c.requests;
        misses += c[h.metric];
      }
      // The class's own misses count too: a class whose prompts are long misses its TTFT in a pool
      // whose other classes meet theirs, and the pool's share, diluted by them, stays below its plan.
      const own = cellOf.get(`${window} ${h.classId}`);
      const ownShare = own && own.requests > 0 ? own[h.metric] / own.requests : 0;
      const share = Math.max(requests > 0 ? misses / requests : 0, ownShare);
      if (!(share > h.plannedShare)) continue;
      // The shortfall is that miss share over the planned one, where a significant miss gives its
      // latency over target: the loop sheds its square root (half of it in log terms).
      const over = share / h.plannedShare;
      targets.push({ window, classId: h.classId, metrics: [h.metric], ttftOverTargetAtSlo: h.metric === 'ttft' ? over : 1, tbtOverTargetAtSlo: h.metric === 'tbt' ? over : 1 });
    }
  }
  return targets;
}
