/**
 * Turn the replay's significant misses into capacity corrections: for a (window, class) cell that
 * missed, the class's capacity on every config is divided, in that window, by the measured
 * shortfall — the latency over its target at the SLO percentile (×1.18 on TPOT at a peak divides the
 * capacity by 1.18), and so are the other classes its pools served. Where a pool that served the
 * class would not have to change at that factor (one instance at night, far below its capacity: the
 * miss is not the load's), the class's factor is raised until it must: one more instance, or
 * another config.
 */
import type { CapacityTable } from '../capacity/index.js';
import type { PlanRow } from '../plan/index.js';
import { DEFAULT_STACK } from '../profiles/index.js';
import type { SloFailure } from '../sim/index.js';
import type { DerateTable } from './derateTable.js';

/** Bounds of one round's correction of one (window, config, class): at least a step that changes something, at most a step the next replay can check. */
export const MIN_STEP = 1.05;
export const MAX_STEP = 4;
/** What a correction reads of a missed cell: a significant miss of the replay, or a hot class's cell (pointRepair.ts). */
export type RepairTarget = Pick<SloFailure, 'window' | 'classId' | 'metrics' | 'ttftOverTargetAtSlo' | 'tbtOverTargetAtSlo'> & Partial<Pick<SloFailure, 'classIds' | 'itl' | 'e2e'>>;

export interface TightenContext {
  readonly capacity: CapacityTable;
  readonly classIds: readonly string[];
  readonly maxUtilization: number;
}

/**
 * Tighten `derate` for every failing cell. The correction goes to every class the cell's pools
 * served (a pool misses as a whole: long prompts stall the decodes of every class it serves), on every
 * config that can serve them (a correction of the served configs alone sends the classes to the next
 * config the model is as optimistic about), in every window of the cell's group. A class corrected
 * for several cells of a window takes the largest step. Returns the (window, class) pairs corrected.
 */
export function tightenMissedCells(failures: readonly RepairTarget[], rows: readonly PlanRow[], groupOf: (w: number) => readonly number[], derate: DerateTable, ctx: TightenContext): number {
  const configIdOf = new Map(ctx.capacity.configs.map((c) => [JSON.stringify([c.model, c.gpu, c.tp, c.clockMHz, c.role, c.stack ?? DEFAULT_STACK, c.precision ?? 'bf16']), c.id]));
  const capacityOf = new Map<string, Map<string, number>>();
  for (const r of ctx.capacity.rows) {
    const m = capacityOf.get(r.classId) ?? new Map<string, number>();
    m.set(r.configId, r.maxRps);
    capacityOf.set(r.classId, m);
  }
  /** window → class id → the step to divide its capacities by. */
  const steps = new Map<number, Map<string, number>>();
  // A pooled cell's miss (scope service or all) is a miss of each class it pools.
  const perClass = failures.flatMap((f) => (f.classIds ? f.classIds.map((classId) => ({ ...f, classId })) : [f]));
  for (const f of perClass) {
    const k = ctx.classIds.indexOf(f.classId);
    const capacities = capacityOf.get(f.classId);
    if (k < 0 || !capacities) continue;
    const overTarget = (j: SloFailure['itl']) => (j && j.targetMs > 0 ? j.atSloMs / j.targetMs : 1);
    const measured = Math.max(f.metrics.includes('ttft') ? f.ttftOverTargetAtSlo : 1, f.metrics.includes('tbt') ? f.tbtOverTargetAtSlo : 1, f.metrics.includes('itl') ? overTarget(f.itl) : 1, f.metrics.includes('e2e') ? overTarget(f.e2e) : 1);
    // Latency grows faster than load near a pool's knee, so the latency ratio overstates the load to
    // shed: half of it in log terms (×1.21 over target sheds ×1.1), and the next round measures again.
    const step0 = Math.max(MIN_STEP, Number.isFinite(measured) ? Math.sqrt(measured) : MAX_STEP);
    // The smallest factor at which some pool that served the class no longer fits as sized.
    let binds = Number.POSITIVE_INFINITY;
    const coServed = new Set<string>([f.classId]);
    for (const row of rows) {
      const rate = row.ratesRps[f.classId] ?? 0;
      if (row.window !== f.window || rate <= 0 || row.instances <= 0) continue;
      for (const [id, r] of Object.entries(row.ratesRps)) if (r > 0) coServed.add(id);
      const configId = configIdOf.get(JSON.stringify([row.model, row.gpu, row.tp, row.clockMHz, row.role, row.stack, row.precision]));
      const cap = configId !== undefined ? capacities.get(configId) : undefined;
      if (configId === undefined || cap === undefined) continue;
      // The pool's load in instances, and the class's part of it, at the capacities the MILP used.
      const load = row.utilization * row.instances;
      const classLoad = (rate * derate.factor(f.window, configId, k)) / cap;
      // The factor at which this pool, as sized, no longer fits: it must grow, or the class move.
      // The smallest over the pools: one of them must change, and no pool is tightened beyond need.
      if (classLoad > 0) binds = Math.min(binds, (1 + Math.max(0, row.instances * ctx.maxUtilization - load) / classLoad) * 1.001);
    }
    const step = Math.min(MAX_STEP, Math.max(step0, Number.isFinite(binds) ? binds : step0));
    const inWindow = steps.get(f.window) ?? new Map<string, number>();
    for (const id of coServed) inWindow.set(id, Math.max(inWindow.get(id) ?? 1, id === f.classId ? step : step0));
    steps.set(f.window, inWindow);
  }
  let corrected = 0;
  for (const [window, byClass] of steps) {
    for (const [classId, step] of byClass) {
      const k = ctx.classIds.indexOf(classId);
      for (const configId of capacityOf.get(classId)?.keys() ?? []) for (const w of groupOf(window)) derate.tighten(w, configId, k, step);
      corrected++;
    }
  }
  return corrected;
}
