/**
 * Point-estimate repair: the repair loop's second target, besides significant misses. The replay
 * judges each (window, class) cell as a point estimate too, and a plan whose pools let requests miss
 * at about the SLO's allowed share (1 % at p99) misses as a point estimate in a few percent of cells:
 * half of its large cells, and most small cells of the classes that share those pools (any miss among
 * 50 requests is below p99). The planned miss share of a class (capacity/pointMargin.ts) is the one at
 * which its cells, at their requests per window, miss as point estimates in at most
 * planning.pointMissBudget of them.
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
import { plannedMissShare, POINT_MISS_OFF } from '../capacity/pointMargin.js';
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

/** The share of a class's requests it may miss by, so its cells meet the percentile as point estimates (1 − percentile when the budget is off). */
export function plannedShareOf(scenario: Scenario, k: number, percentile: number): number {
  const allowed = Number((1 - percentile / 100).toPrecision(12));
  // Off unless the scenario opts in: on day.yaml (trtllm-2024 FP8) the point target took the plan from 72 to
  // 112 GPUs (+55 % cost) for point misses in 0.2–1.2 % of cells instead of 2.6–3.8 % (docs/replay.md).
  const budget = scenario.planning.pointMissBudget ?? POINT_MISS_OFF;
  const rates = scenario.demandRps[k];
  if (budget >= 1 || !rates) return allowed;
  const seconds = scenario.horizon.windowHours * 3600;
  return plannedMissShare(allowed, scenario.horizon.windows.map((w) => (rates[w.index] ?? 0) * seconds), budget);
}

/**
 * The hot classes of a replay. `weightOf(w)`: how many windows the replayed window `w` stands for.
 * Only metrics judged per class count (a pooled scope has its own cells and budget).
 */
export function hotClasses(scenario: Scenario, cells: readonly CellMisses[], weightOf: (window: number) => number): HotClass[] {
  const hot: HotClass[] = [];
  scenario.classes.forEach((cls, k) => {
    const own = cells.filter((c) => c.classId === cls.id);
    if (own.length === 0) return;
    for (const metric of METRICS) {
      if ((cls.slo.scope?.[metric] ?? 'class') !== 'class') continue;
      const percentile = metric === 'ttft' ? cls.slo.ttft.percentile : cls.slo.tbt.percentile;
      const plannedShare = plannedShareOf(scenario, k, percentile);
      if (!(plannedShare < 1 - percentile / 100)) continue;
      const requests = own.reduce((s, c) => s + c.requests * weightOf(c.window), 0);
      const misses = own.reduce((s, c) => s + c[metric] * weightOf(c.window), 0);
      if (misses > 0 && 1 - binomialCdf(misses - 1, requests, plannedShare) < HOT_ALPHA) hot.push({ classId: cls.id, metric, plannedShare, requests, misses });
    }
  });
  return hot;
}

/**
 * The cells to repair for the hot classes: a hot class in each replayed window where the pools that
 * served it, over every class they served, missed more than the class's planned share; the shortfall
 * (in the metric's over-target field) is that miss share over the planned one.
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
      if (!(misses > h.plannedShare * requests)) continue;
      // The shortfall is the pools' miss share over the planned one, where a significant miss gives
      // its latency over target: the loop sheds its square root (half of it in log terms).
      const over = misses / requests / h.plannedShare;
      targets.push({ window, classId: h.classId, metrics: [h.metric], ttftOverTargetAtSlo: h.metric === 'ttft' ? over : 1, tbtOverTargetAtSlo: h.metric === 'tbt' ? over : 1 });
    }
  }
  return targets;
}
