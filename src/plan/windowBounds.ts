/**
 * Lower bounds on the windows the fleet problem does not model, under any fleet: each window's
 * operating cost with the fleet free (and, with idle servers on, without the servers' idle energy,
 * which the fleet problem carries for them). Windows with the same demand and prices share one.
 * First their LP relaxations (cheap); when the plan's overall gap is still above its target, the
 * window MILPs' dual bounds (each with a node limit), heaviest windows first, until the gap is met
 * (or, as a safety net, the plan's time limit is near).
 */
import { buildPlanModel, type PlanningData } from '../formulation/index.js';
import { solve, type BackendName } from '../solver/index.js';
import { windowSignature, WINDOW_MIN_SECONDS, WINDOW_NODE_LIMIT } from './solveOperation.js';

export interface WindowBoundOptions {
  readonly backend: BackendName;
  readonly remaining: () => number;
  /** The MILP bounds' own gap: how close to each window's optimum its bound is pushed. */
  readonly windowGap: number;
}

export interface WindowBounds {
  /** Σ of the windows' bounds; NaN if one is unknown. */
  readonly sum: number;
  readonly solves: number;
}

/** Seconds the MILP tightening leaves unspent of the time limit (for the plan's own finish). */
const RESERVE_SECONDS = 2;

export async function windowBounds(
  data: PlanningData,
  windows: readonly number[],
  o: WindowBoundOptions,
  /** Bound sum the overall gap target needs: tightening stops once the sum reaches it. */
  needed: number,
): Promise<WindowBounds> {
  const groups = new Map<string, { window: number; count: number; bound: number; tightened: boolean }>();
  for (const w of windows) {
    const key = windowSignature(data, w);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { window: w, count: 1, bound: Number.NaN, tightened: false });
  }
  const model = (w: number, relax: boolean) => buildPlanModel(data, { windows: [w], fleetCostWeight: 0, relax, serverIdleInObjective: data.idleServers !== 'on' }).model;
  let solves = 0;
  const all = [...groups.values()];
  for (const g of all) {
    const lp = await solve(model(g.window, true), { backend: o.backend, timeLimitSec: Math.max(WINDOW_MIN_SECONDS, o.remaining()) });
    solves++;
    g.bound = lp.termination === 'optimal' && lp.objective !== undefined ? lp.objective : Number.NaN;
  }
  const sum = () => all.reduce((s, g) => s + g.count * g.bound, 0);
  // Heaviest first: the windows that weigh most in the sum are where a tighter bound gains most.
  for (const g of [...all].sort((a, b) => b.count * b.bound - a.count * a.bound || a.window - b.window)) {
    if (!(sum() < needed) || o.remaining() <= RESERVE_SECONDS) break;
    // A node limit, not a time share: the same scenario reports the same bound on any machine.
    const milp = await solve(model(g.window, false), { backend: o.backend, timeLimitSec: Math.max(1, o.remaining() - RESERVE_SECONDS), nodeLimit: WINDOW_NODE_LIMIT, mipRelGap: o.windowGap });
    solves++;
    if (milp.bound !== undefined && Number.isFinite(milp.bound) && !(milp.bound <= g.bound)) g.bound = milp.bound;
  }
  return { sum: sum(), solves };
}
