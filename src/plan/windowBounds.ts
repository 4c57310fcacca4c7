/**
 * Lower bounds on the windows the fleet problem does not model, under any fleet: each window's
 * operating cost with the fleet free (and, with idle servers on, without the servers' idle energy,
 * which the fleet problem carries for them). Windows with the same demand and prices share one.
 * With idle servers on, "any fleet" is capped: a fleet free of its idle energy would run a busy
 * window's load on as many slow GPUs as its activity power likes (on week.yaml under the energy
 * objective, the 13:00 window's LP ran 640 GPUs on a fleet of 280). Any plan at least as good as the
 * one in hand spends on its fleet (cost, embodied carbon and the idle energy of every window) at most
 * the plan's objective less every window's bound on the rest, so the windows' LPs are re-solved with
 * that cap on the fleet (buildPlanModel's fleetCap), and again with the cap their tighter bounds give.
 * First their LP relaxations (cheap); when the plan's overall gap is still above its target, the
 * window MILPs' dual bounds (each with a node limit), heaviest windows first, until the gap is met,
 * or until the tightening evidently cannot meet it: when what the windows tightened so far gained,
 * extrapolated at the same relative gain to every window not yet tightened, still falls short, the gap
 * is not in the windows' bounds (it is in the fleet that couples them) and more MILPs would only spend
 * time. That rule depends on node-limited solves only, so the bound does not depend on the machine;
 * the plan's time limit stays a safety net.
 */
import { buildPlanModel, type PlanningData } from '../formulation/index.js';
import { boxBound, solve, type BackendName } from '../solver/index.js';
import type { SolveFn } from './poolSolve.js';
import { windowSignature, WINDOW_MIN_SECONDS, WINDOW_NODE_LIMIT } from './solveOperation.js';

export interface WindowBoundOptions {
  readonly backend: BackendName;
  readonly remaining: () => number;
  /** The MILP bounds' own gap: how close to each window's optimum its bound is pushed. */
  readonly windowGap: number;
  /** The plan's objective and every window of the horizon: the cap on the fleet (idle servers on). */
  readonly fleetCap?: { readonly objective: number; readonly horizon: readonly number[] };
  /** Where the LPs and MILPs are solved (default: this thread); the pool solves the windows' LPs side by side. */
  readonly solveWith?: SolveFn;
}

export interface WindowBounds {
  /** Σ of the windows' bounds; NaN if one is unknown. */
  readonly sum: number;
  readonly solves: number;
  /** Why the tightening stopped short of the target, when it did. */
  readonly stoppedShort?: 'futile' | 'time-limit';
  /** The windows' least costs inside their column bounds proved the target: no LP was solved. */
  readonly boxOnly?: boolean;
}

/** Windows tightened before their gain is extrapolated: one window's gain is too thin a sample. */
const MIN_TIGHTENED = 2;

/** Seconds the MILP tightening leaves unspent of the time limit (for the plan's own finish). */
const RESERVE_SECONDS = 2;

/** Rounds of the capped LPs: each round's bounds tighten the next round's cap. */
const CAP_ROUNDS = 2;

/** The groups of windows to bound (those outside the fleet problem). */
const bounded = (groups: readonly Group[]) => groups.filter((g) => g.count > 0);
const sumOf = (groups: readonly Group[]) => groups.reduce((s, g) => s + g.count * g.bound, 0);

interface Group {
  readonly window: number;
  /** Windows of the bounded set (those outside the fleet problem) with this signature. */
  count: number;
  /** Windows of the whole horizon with this signature (for the cap). */
  horizonCount: number;
  bound: number;
  tightened: boolean;
}

export async function windowBounds(
  data: PlanningData,
  windows: readonly number[],
  o: WindowBoundOptions,
  /** Bound sum the overall gap target needs: tightening stops once the sum reaches it. */
  needed: number,
): Promise<WindowBounds> {
  // Nothing to bound (the fleet problem models every window): no LPs for the cap either.
  if (windows.length === 0) return { sum: 0, solves: 0 };
  const capped = o.fleetCap !== undefined && data.idleServers === 'on';
  const groups = new Map<string, Group>();
  const add = (w: number, field: 'count' | 'horizonCount') => {
    const key = windowSignature(data, w);
    const g = groups.get(key) ?? { window: w, count: 0, horizonCount: 0, bound: Number.NaN, tightened: false };
    g[field]++;
    groups.set(key, g);
  };
  for (const w of windows) add(w, 'count');
  if (capped) for (const w of o.fleetCap?.horizon ?? []) add(w, 'horizonCount');
  let cap: { windows: readonly number[]; limit: number } | undefined;
  const model = (w: number, relax: boolean) => buildPlanModel(data, { windows: [w], fleetCostWeight: 0, relax, serverIdleInObjective: data.idleServers !== 'on', ...(cap ? { fleetCap: cap } : {}) }).model;
  let solves = 0;
  const all = [...groups.values()];
  // The bound with no solve at all: each window's least cost inside its columns' bounds (0 where every
  // cost is non-negative). When that already proves the gap target, the windows' LPs — several seconds
  // on a week — would only report a tighter gap than the one asked for.
  for (const g of bounded(all)) g.bound = boxBound(model(g.window, true).toStandardForm());
  if (sumOf(bounded(all)) >= needed) return { sum: sumOf(bounded(all)), solves, boxOnly: true };
  const solveModel = o.solveWith ?? solve;
  // The windows' LPs are independent: all in flight at once, on every core when solved on the pool.
  const solveLps = async () => {
    const lps = await Promise.all(all.map((g) => solveModel(model(g.window, true), { backend: o.backend, timeLimitSec: Math.max(WINDOW_MIN_SECONDS, o.remaining()) })));
    for (const [i, lp] of lps.entries()) {
      const g = all[i] as Group;
      solves++;
      if (lp.termination === 'optimal' && lp.objective !== undefined && !(lp.objective <= g.bound)) g.bound = lp.objective;
    }
  };
  await solveLps();
  if (capped && o.fleetCap) {
    for (let round = 0; round < CAP_ROUNDS; round++) {
      const rest = all.reduce((s, g) => s + g.horizonCount * g.bound, 0);
      const limit = o.fleetCap.objective - rest;
      if (!Number.isFinite(limit)) break;
      // A hair above, so that the plan in hand (which spends at most this) is never cut off by rounding.
      cap = { windows: o.fleetCap.horizon, limit: limit + 1e-7 * Math.max(1, Math.abs(o.fleetCap.objective)) };
      await solveLps();
    }
  }
  const boundedGroups = bounded(all);
  const sum = () => sumOf(boundedGroups);
  let tightened = 0;
  let tightenedWeight = 0;
  let gained = 0;
  let stoppedShort: WindowBounds['stoppedShort'];
  // Heaviest first: the windows that weigh most in the sum are where a tighter bound gains most.
  const order = [...boundedGroups].sort((a, b) => b.count * b.bound - a.count * a.bound || a.window - b.window);
  for (const g of order) {
    if (!(sum() < needed)) break;
    if (tightened >= MIN_TIGHTENED && tightenedWeight > 0) {
      const untightened = order.reduce((s, h) => s + (h.tightened ? 0 : h.count * Math.max(0, h.bound)), 0);
      if (sum() + (gained / tightenedWeight) * untightened < needed) {
        stoppedShort = 'futile';
        break;
      }
    }
    if (o.remaining() <= RESERVE_SECONDS) {
      stoppedShort = 'time-limit';
      break;
    }
    // A node limit, not a time share: the same scenario reports the same bound on any machine. Only
    // the bound is used, so the search spends nothing on finding plans.
    const milp = await solveModel(model(g.window, false), { backend: o.backend, timeLimitSec: Math.max(1, o.remaining() - RESERVE_SECONDS), nodeLimit: WINDOW_NODE_LIMIT, mipRelGap: o.windowGap, focus: 'bound' });
    solves++;
    const before = g.bound;
    if (milp.bound !== undefined && Number.isFinite(milp.bound) && !(milp.bound <= g.bound)) g.bound = milp.bound;
    g.tightened = true;
    tightened++;
    tightenedWeight += g.count * Math.max(0, before);
    gained += g.count * (g.bound - before);
  }
  return { sum: sum(), solves, ...(stoppedShort ? { stoppedShort } : {}) };
}
