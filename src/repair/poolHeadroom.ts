/**
 * How much latency room each pool of a plan had in the repair loop's replay, at its config's peak
 * (the window where the config runs the most instances): the headroom is 1 − the worst ratio of a
 * served class's latency at its SLO percentile to its target, over the metrics judged in that cell.
 * A pool with a large headroom at its peak is a pool the plan could have bought smaller (issue 18,
 * "over-provisioning is a defect too"); one near 0 is sized at its knee.
 *
 * Approximation: the replay judges a class per window, over every pool that served it; a class
 * split between two pools gives both the class's latency.
 */
import type { PlanRow, PoolHeadroom } from '../plan/index.js';
import type { Precision } from '../catalog/index.js';
import type { StackId } from '../profiles/index.js';
import { poolLabel, type ClassWindowResult } from '../sim/index.js';

/** A (window, class) cell of a slice replay, reduced to what headroom needs. */
export interface CellSlack {
  readonly window: number;
  readonly classId: string;
  /** Worst latency at the SLO percentile over its target, over the cell's judged metrics (≤ 1 meets them all). */
  readonly overTarget: number;
}

/** The cells of a window's replay that are large enough to judge a percentile. */
export function cellSlacks(classes: readonly ClassWindowResult[]): CellSlack[] {
  const ratio = (j: ClassWindowResult['itl']) => (j && j.targetMs > 0 ? j.atSloMs / j.targetMs : 0);
  return classes
    .filter((c) => c.completed > 0 && !c.lowSample)
    .map((c) => ({ window: c.window, classId: c.classId, overTarget: Math.max(c.ttftOverTargetAtSlo, c.tbtOverTargetAtSlo, ratio(c.itl), ratio(c.e2e)) }));
}

/** Pools at their config's peak, most headroom first; `representativeOf` maps a window to the window its group replayed. */
export function poolHeadroom(rows: readonly PlanRow[], cells: readonly CellSlack[], representativeOf: (window: number) => number): PoolHeadroom[] {
  const cellOf = new Map<number, Map<string, number>>();
  for (const c of cells) {
    const byClass = cellOf.get(c.window) ?? new Map<string, number>();
    byClass.set(c.classId, c.overTarget);
    cellOf.set(c.window, byClass);
  }
  const pools = rows.filter((r) => r.instances > 0 && r.role !== 'idle');
  // Each config's peak: the window with most of its instances (the earliest on a tie).
  const peakOf = new Map<string, { window: number; instances: number }>();
  const instancesIn = new Map<string, Map<number, number>>();
  for (const r of pools) {
    const config = configLabel(r);
    const byWindow = instancesIn.get(config) ?? new Map<number, number>();
    byWindow.set(r.window, (byWindow.get(r.window) ?? 0) + r.instances);
    instancesIn.set(config, byWindow);
  }
  for (const [config, byWindow] of instancesIn) {
    let peak = { window: -1, instances: -1 };
    for (const [window, instances] of [...byWindow].sort((a, b) => a[0] - b[0])) if (instances > peak.instances) peak = { window, instances };
    peakOf.set(config, peak);
  }
  const out: PoolHeadroom[] = [];
  for (const r of pools) {
    const config = configLabel(r);
    if (peakOf.get(config)?.window !== r.window) continue;
    const served = Object.entries(r.ratesRps).filter(([, v]) => v > 0).map(([id]) => id);
    const byClass = cellOf.get(representativeOf(r.window));
    const judged = served.map((id) => byClass?.get(id)).filter((v): v is number => v !== undefined);
    const worst = judged.length > 0 ? Math.max(...judged) : undefined;
    out.push({
      pool: config,
      window: r.window,
      windowStart: r.windowStart,
      instances: r.instances,
      utilization: r.utilization,
      classes: served,
      judgedClasses: judged.length,
      latencyHeadroom: worst === undefined ? null : 1 - worst,
    });
  }
  return out.sort((a, b) => (b.latencyHeadroom ?? -Infinity) - (a.latencyHeadroom ?? -Infinity) || a.pool.localeCompare(b.pool) || a.classes.join().localeCompare(b.classes.join()));
}

/** The replay's name of the row's config ('Llama-2-70B/H100-80GB/tp8/1980/mixed'). */
function configLabel(r: PlanRow): string {
  return poolLabel(r.model, r.gpu, r.tp, r.clockMHz, r.role, r.stack as StackId, r.precision as Precision);
}
