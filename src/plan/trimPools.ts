/**
 * Take out of a solved window every instance its pool does not need: a MILP stopped within its gap
 * may keep an instance whose pool would stay within maxUtilization without it, and an operator sees
 * such an instance as waste. Dropping one never breaks a row (demand and rates are unchanged, the
 * GPUs, start-ups and power only fall) except the ramp floor, which is kept; the start-ups and, when
 * idle servers power off, the servers on are recomputed. A drop is kept only if the window's
 * operating cost does not rise. Pinned pools are left as given.
 */
import { pinnedInstances, type PlanModel, type PlanningData } from '../formulation/index.js';
import { solutionAt, type Solution } from '../solver/index.js';

export interface TrimmedWindow {
  readonly solution: Solution;
  /** Instances dropped. */
  readonly dropped: number;
  /** GPUs of droppable instances kept because the ramp floor (a later window's need) holds them. */
  readonly heldForRamp: number;
}

/** Slack below which a pool's spare capacity is taken as none (solver tolerances on the capacity row). */
const TOLERANCE = 1e-7;

export function trimPools(
  data: PlanningData,
  pm: PlanModel,
  w: number,
  values: Float64Array,
  activeBefore: Readonly<Record<string, number>> | undefined,
  activeGpuFloor: number | undefined,
): TrimmedWindow {
  const x = values.slice();
  const solution = solutionAt(x);
  const u = data.maxUtilization;
  const activeGpus = () => solution.evaluate(pm.window(w).activeGpus);
  const cost = () => solution.evaluate(pm.window(w).operatingObjective);
  let dropped = 0;
  let heldForRamp = 0;
  for (const pool of pm.pools(w)) {
    const n = x[pool.n.index] as number;
    // A pinned pool keeps exactly the instances it was given (plan --fix-pools, --deployment).
    if (n <= 0 || pinnedInstances(data, w, pool.config.config.id) !== undefined) continue;
    const load = solution.evaluate(pm.poolTerms(pool).load);
    const spare = Math.floor((u * n - load) / u + TOLERANCE);
    if (spare <= 0) continue;
    const tp = pool.config.config.tp;
    const allowed = activeGpuFloor === undefined ? spare : Math.min(spare, Math.max(0, Math.floor((activeGpus() - activeGpuFloor) / tp)));
    heldForRamp += (spare - allowed) * tp;
    if (allowed <= 0) continue;
    const before = cost();
    const saved = x.slice();
    x[pool.n.index] = n - allowed;
    settleDependents(data, pm, w, x, solution, activeBefore);
    if (cost() > before + TOLERANCE * Math.max(1, Math.abs(before))) {
      x.set(saved);
      continue;
    }
    dropped += allowed;
  }
  return { solution, dropped, heldForRamp };
}

/** Start-ups and powered servers at their least for the window's GPUs now active. */
function settleDependents(data: PlanningData, pm: PlanModel, w: number, x: Float64Array, solution: Solution, activeBefore: Readonly<Record<string, number>> | undefined): void {
  for (const g of data.gpuTypes) {
    const used = pm.pools(w).filter((p) => p.config.config.gpu === g.gpu).reduce((s, p) => s + p.config.config.tp * (x[p.n.index] as number), 0);
    const start = pm.start(w, g.gpu);
    if (start && activeBefore) x[start.index] = Math.min(solution.value(start), Math.max(0, used - (activeBefore[g.gpu] ?? 0)));
    const on = pm.powered(w, g.gpu);
    const need = Math.ceil(used / g.gpusPerServer - TOLERANCE);
    const rented = pm.onDemand(w, g.gpu);
    if (rented) {
      // Servers rented on demand go first: the fleet's are paid for anyway.
      const committed = solution.value(on);
      x[rented.index] = Math.min(solution.value(rented), Math.max(0, need - committed));
      if (on !== pm.servers(g.gpu)) x[on.index] = Math.min(committed, Math.max(0, need - (x[rented.index] as number)));
      continue;
    }
    if (on !== pm.servers(g.gpu)) x[on.index] = Math.min(solution.value(on), need);
  }
}
