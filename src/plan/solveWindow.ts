/**
 * Operate one window on a given fleet, within the window gap of its own operating cost (the model's
 * window objective with the fleet's cost left out: the fleet is fixed here, and its rent would
 * swamp the gap). Fast path first: solve the LP relaxation over every config (the window's proven
 * bound), keep the configs the LP uses plus their neighbours (same GPU type and role, adjacent TP or
 * clock), and solve the MILP over that short list when it is well short of the window
 * (SHORT_LIST_SHARE); where it is not, the window before's plan and its neighbours are the short
 * list instead (nearPlan). The short list's own MILP bound is no bound for
 * the full window, so when its plan is not within the gap of the LP bound, the full window MILP
 * runs from that plan, and its dual bound becomes the window's bound.
 */
import { buildPlanModel, pinnedConfigIds, type ConfigData, type PlanModel, type PlanModelOptions, type PlanningData } from '../formulation/index.js';
import { computeObjective, isPrimalFeasible, solve, type BackendName, type SolveResult, type Termination } from '../solver/index.js';
import type { SolveFn } from './poolSolve.js';

export type WindowOutcome =
  | {
      readonly kind: 'solved';
      readonly pm: PlanModel;
      readonly data: PlanningData;
      /** The plan's point: column values of pm's model, integers rounded. */
      readonly values: Float64Array;
      /** How the search that found it ended ('optimal' for a rounded LP plan the LP bound proves). */
      readonly termination: Termination;
      readonly seconds: number;
      /** Proven lower bound on the window's operating cost (given the fleet and the window before). */
      readonly bound: number | undefined;
      readonly solves: number;
    }
  | { readonly kind: 'infeasible'; readonly solves: number }
  | { readonly kind: 'no-solution'; readonly result: SolveResult; readonly solves: number };

export interface WindowSolveOptions {
  readonly backend: BackendName;
  /** A safety net only (the plan's time left): the node limit is what bounds a window's search. */
  readonly timeLimitSec: number;
  /** Branch-and-bound nodes each MILP of the window may explore: a deterministic work limit. */
  readonly nodeLimit?: number;
  /** Relative gap on the window's operating cost. */
  readonly windowGap: number;
  readonly fleet: Readonly<Record<string, number>>;
  readonly activeBefore?: Readonly<Record<string, number>>;
  /** Fewest GPUs the window keeps active, so that a ramp-limited later window stays feasible. */
  readonly activeGpuFloor?: number;
  /** LP-guided short list of configs (default true); false solves the full window MILP. */
  readonly restrict?: boolean;
  /**
   * Configs always on the short list: those the fleet's own plan uses. Any window whose demand the
   * peak dominates can run that pool mix scaled down, so the short list always has a plan.
   */
  readonly alwaysInclude?: ReadonlySet<string>;
  /**
   * Instances per config of a plan that serves at least this window's demand (the fleet's plan of
   * the window or of the peak): offered to the MILP as a start, which the solver completes with rates
   * and start-ups. Finding a first plan is where window MILPs spend their time.
   */
  readonly startInstances?: ReadonlyMap<string, number>;
  /** Where the window's LP and MILPs are solved (default: this thread). */
  readonly solveWith?: SolveFn;
  /**
   * Instances per config of the window before's plan. Where the LP's short list is too long to be
   * worth a MILP of its own (at the peaks the LP runs fractions of most configs), the short list is
   * this plan's configs and their neighbours instead: the load changes little from one window to the
   * next, so the plan found there is near the window's optimum, and the full MILP from it is mostly a
   * proof (docs/how-it-plans.md, "Solving": measured on week.yaml).
   */
  readonly nearPlan?: ReadonlyMap<string, number>;
}

const USED = 1e-7;
/** Share of the window gap at which a search stops on the LP bound. */
const STOP_INSIDE = 0.999;
/**
 * Node limit of a full window's search for plans, and of the deeper search after a focused proof that
 * stopped above the gap, as a multiple of the window's. Before the cover rows were in every
 * window model, the peak windows of week.yaml on trtllm-2024 (every GPU of the fleet busy) needed up
 * to about 1,900 nodes to prove 0.5 %; with them none needs it there (measured 2026-12-05).
 */
export const DEEPER_SEARCH = 5;

/**
 * Largest short list, as a share of the window's configs, worth a MILP of its own. A short list is
 * solved and then the full window from its plan, so one nearly as large as the window pays for the
 * search twice: on week.yaml at trtllm-2024 FP8 (212 configs on its fleet) the peak windows' lists
 * held 154–203 configs, and solving such windows whole took the operation stage from 65 to 46 s
 * (measured 2026-12-06). On vllm-2023 the lists hold 16–40 % of the configs and stay.
 */
export const SHORT_LIST_SHARE = 2 / 3;

export async function solveWindow(data: PlanningData, w: number, o: WindowSolveOptions): Promise<WindowOutcome> {
  const started = performance.now();
  const solveModel = o.solveWith ?? solve;
  const left = () => Math.max(1, o.timeLimitSec - (performance.now() - started) / 1000);
  const base = windowModelOptions(w, o);
  const lpModel = buildPlanModel(data, { ...base, relax: true });
  const lp = await solveModel(lpModel.model, { backend: o.backend, timeLimitSec: left() });
  let solves = 1;
  if (lp.termination === 'infeasible' || lp.termination === 'infeasible_or_unbounded') return { kind: 'infeasible', solves };
  const lpBound = lp.termination === 'optimal' ? lp.objective : undefined;
  const withinGap = (r: SolveResult, bound: number | undefined) =>
    r.objective !== undefined && bound !== undefined && r.objective - bound <= o.windowGap * Math.max(1e-9, Math.abs(r.objective));
  // The LP bound is usually within the gap of the optimum already: a search may stop at the first
  // plan it proves within the gap, rather than prove its own (short-list) gap. A hair inside the
  // target, so that the check above agrees with the solver's stop.
  const nodes = o.nodeLimit !== undefined ? { nodeLimit: o.nodeLimit } : {};
  const stop = lpBound !== undefined && lpBound > 0 ? { stopAtObjective: lpBound / (1 - STOP_INSIDE * o.windowGap) } : {};

  const fromResult = (pm: PlanModel, result: SolveResult, d: PlanningData, bound: number | undefined) =>
    ({ kind: 'solved' as const, pm, data: d, values: result.roundedValues(), termination: result.termination, seconds: (performance.now() - started) / 1000, bound, solves });

  // The LP's pools rounded up: a plan, when it fits, and then within the gap already at times.
  const rounded = roundedLpPlan(data, base, lpModel, lp, w, o.activeBefore, o.fleet);
  if (rounded && lpBound !== undefined && rounded.objective - lpBound <= o.windowGap * Math.max(1e-9, Math.abs(rounded.objective))) {
    return { kind: 'solved', pm: rounded.pm, data, values: rounded.values, termination: 'optimal', seconds: (performance.now() - started) / 1000, bound: lpBound, solves };
  }

  let held: { pm: PlanModel; result: SolveResult; data: PlanningData } | undefined;
  // With the rounded plan as the start, the LP's configs (and neighbours) suffice for a plan; without
  // it, the fleet plan's configs join them so that the short list surely has one.
  const fromLp = lp.hasSolution && o.restrict !== false ? shortListed(data, lpModel, lp, rounded ? undefined : o.alwaysInclude) : undefined;
  const nearList = !fromLp && lp.hasSolution && o.restrict !== false && o.nearPlan ? nearPlanListed(data, o.nearPlan) : undefined;
  const restricted = fromLp ?? nearList;
  if (restricted) {
    const pm = buildPlanModel(restricted, base);
    const start = rounded
      ? { start: pm.model.startFrom(rounded.pm.model, rounded.values) }
      : nearList && o.nearPlan ? { start: instanceStart(pm, w, o.nearPlan) } : o.startInstances ? { start: instanceStart(pm, w, o.startInstances) } : {};
    const result = await solveModel(pm.model, { backend: o.backend, timeLimitSec: left(), mipRelGap: o.windowGap, ...nodes, ...stop, ...start });
    solves++;
    if (result.hasSolution) held = { pm, result, data: restricted };
    if (held && withinGap(held.result, lpBound)) return fromResult(held.pm, held.result, held.data, lpBound);
  }
  // The full window: from the short list's plan if there is one, until its own bound proves the gap.
  const fullPm = buildPlanModel(data, base);
  // From a short list proven within its own gap, the full window mostly needs the proof: better
  // plans seldom use the configs left out. A short list stopped at its node limit still needs plans.
  const focused = held?.result.termination === 'optimal';
  const start = held
    ? { start: fullPm.model.startFrom(held.pm.model, held.result.values()), ...(focused ? { focus: 'bound' as const } : {}) }
    : o.startInstances ? { start: instanceStart(fullPm, w, o.startInstances) } : {};
  // A search that looks for plans is the one a deeper search would repeat from its best plan: it gets
  // the deeper search's nodes at once rather than spend its first ones twice.
  const fullNodes = o.nodeLimit === undefined ? {} : { nodeLimit: focused ? o.nodeLimit : o.nodeLimit * DEEPER_SEARCH };
  const full = await solveModel(fullPm.model, { backend: o.backend, timeLimitSec: left(), mipRelGap: o.windowGap, ...fullNodes, ...stop, ...start });
  solves++;
  const fullWins = full.hasSolution && (!held || (full.objective ?? Infinity) < (held.result.objective ?? Infinity));
  let best = fullWins ? { pm: fullPm, result: full, data } : held;
  let bound = Math.max(lpBound ?? -Infinity, full.bound ?? -Infinity);
  let termination = full.termination;
  // A proof focused on the bound that stops at its node limit above the gap gets one deeper search,
  // for plans too, from its best plan. Only those windows pay for it.
  if (o.nodeLimit !== undefined && focused && termination === 'iteration_limit' && !(best && withinGap(best.result, bound))) {
    const from = best ? { start: fullPm.model.startFrom(best.pm.model, best.result.values()) } : {};
    const deeper = await solveModel(fullPm.model, { backend: o.backend, timeLimitSec: left(), mipRelGap: o.windowGap, nodeLimit: o.nodeLimit * DEEPER_SEARCH, ...stop, ...from });
    solves++;
    if (deeper.bound !== undefined && Number.isFinite(deeper.bound)) bound = Math.max(bound, deeper.bound);
    if (deeper.hasSolution && (deeper.objective ?? Infinity) <= (best?.result.objective ?? Infinity)) best = { pm: fullPm, result: deeper, data };
    termination = deeper.termination;
  }
  const proven = Number.isFinite(bound) ? bound : undefined;
  // The plan found stands; if the last search stopped at its limit, so did the window's.
  if (best) return { ...fromResult(best.pm, best.result, best.data, proven), ...(termination === 'time_limit' || termination === 'iteration_limit' ? { termination } : {}) };
  if (full.termination === 'infeasible') return { kind: 'infeasible', solves };
  return { kind: 'no-solution', result: full, solves };
}

/**
 * The window's data on its LP-guided short list, or undefined when the list is too long to be worth a
 * MILP of its own (SHORT_LIST_SHARE). Pinned configs stay on it: their rows must be in the final model.
 */
function shortListed(data: PlanningData, lpModel: PlanModel, lp: SolveResult, alwaysInclude: ReadonlySet<string> | undefined): PlanningData | undefined {
  const pinned = pinnedConfigIds(data.pinned);
  const keep = new Set([...(alwaysInclude ?? []), ...data.configs.filter((c) => pinned.has(c.config.id)).map((c) => c.id)]);
  const configs = shortList(data.configs, lpModel, lp, keep);
  return configs.length <= SHORT_LIST_SHARE * data.configs.length ? { ...data, configs } : undefined;
}

/**
 * The window's data on the configs a nearby window's plan runs and their neighbours (pinned configs
 * kept), or undefined when that list too is too long (SHORT_LIST_SHARE) or the plan runs nothing.
 */
function nearPlanListed(data: PlanningData, plan: ReadonlyMap<string, number>): PlanningData | undefined {
  const pinned = pinnedConfigIds(data.pinned);
  const used = new Set([...plan].filter(([, n]) => n > 0).map(([id]) => id));
  if (used.size === 0) return undefined;
  for (const c of data.configs) if (pinned.has(c.config.id)) used.add(c.id);
  const configs = withNeighbours(data.configs, used).map((c, index) => ({ ...c, index }));
  return configs.length <= SHORT_LIST_SHARE * data.configs.length ? { ...data, configs } : undefined;
}

/** Window w's model on the fleet, after the window before (when given). */
function windowModelOptions(w: number, o: Pick<WindowSolveOptions, 'fleet' | 'activeBefore' | 'activeGpuFloor'>): PlanModelOptions {
  return {
    windows: [w],
    fixedFleet: o.fleet,
    fleetCostWeight: 0,
    // Valid inequalities that round each pool partition's instances and GPUs up: where the fleet
    // binds (every GPU busy at a peak) a window is a packing problem whose LP relaxation runs small
    // partitions on fractions of instances, and without them its bound closes only by branching.
    coverCuts: true,
    ...(o.activeBefore ? { activeBefore: o.activeBefore } : {}),
    ...(o.activeGpuFloor ? { activeGpuFloor: new Map([[w, o.activeGpuFloor]]) } : {}),
  };
}

/**
 * Fewest GPUs window w can run on with this fleet (its demand within the SLOs): what a ramp-limited
 * sequence must be able to reach by then. Undefined when the window cannot be served at all.
 */
export async function minActiveGpus(data: PlanningData, w: number, o: { backend: BackendName; timeLimitSec: number; nodeLimit?: number; fleet: Readonly<Record<string, number>> }): Promise<number | undefined> {
  const pm = buildPlanModel(data, { windows: [w], fixedFleet: o.fleet, fleetCostWeight: 0, minimizeActiveGpus: true });
  const result = await solve(pm.model, { backend: o.backend, timeLimitSec: o.timeLimitSec, mipRelGap: 0, ...(o.nodeLimit !== undefined ? { nodeLimit: o.nodeLimit } : {}) });
  if (!result.hasSolution) return undefined;
  // Within the time limit the incumbent may not be the fewest: its bound is what is certainly needed.
  const proven = result.termination === 'optimal' ? result.objective : result.bound;
  return proven === undefined ? undefined : Math.ceil(proven - 1e-6);
}

/**
 * The LP's point with every pool rounded up, start-ups and servers on settled to match: a plan of the
 * window if it passes every row (the GPUs fit the fleet, the ramp and the power budget), with its
 * operating cost. Undefined when it does not.
 */
function roundedLpPlan(data: PlanningData, base: PlanModelOptions, lpModel: PlanModel, lp: SolveResult, w: number, activeBefore: Readonly<Record<string, number>> | undefined, fleet: Readonly<Record<string, number>>): SettledPlan | undefined {
  if (!lp.hasSolution) return undefined;
  const pm = buildPlanModel(data, base);
  const x = lp.values();
  // The integer model is the LP's with integrality: the same columns in the same order.
  if (x.length !== pm.model.numVars) return undefined;
  for (const pool of pm.pools(w)) x[pool.n.index] = Math.ceil((x[pool.n.index] as number) - USED);
  return settledPlan(data, pm, w, x, activeBefore, fleet);
}

interface SettledPlan {
  readonly pm: PlanModel;
  readonly values: Float64Array;
  readonly objective: number;
}

/**
 * Window w's pools at `x`, with start-ups and servers on (and rented) settled to match them: the plan,
 * if it passes every row of pm, with its objective.
 */
function settledPlan(data: PlanningData, pm: PlanModel, w: number, x: Float64Array, activeBefore: Readonly<Record<string, number>> | undefined, fleet: Readonly<Record<string, number>>): SettledPlan | undefined {
  for (const g of data.gpuTypes) {
    const used = pm.pools(w).filter((p) => p.config.config.gpu === g.gpu).reduce((sum, p) => sum + p.config.config.tp * (x[p.n.index] as number), 0);
    const start = pm.start(w, g.gpu);
    if (start) x[start.index] = Math.max(0, used - (activeBefore?.[g.gpu] ?? 0));
    const on = pm.powered(w, g.gpu);
    const rented = pm.onDemand(w, g.gpu);
    if (rented) {
      // The fleet's servers first (their rent is paid anyway), then rent the rest on demand.
      const need = Math.ceil(used / g.gpusPerServer - USED);
      const committed = on !== pm.servers(g.gpu) ? Math.min(fleet[g.gpu] ?? 0, Math.max(Math.ceil((x[on.index] as number) - USED), need)) : (fleet[g.gpu] ?? 0);
      if (on !== pm.servers(g.gpu)) x[on.index] = committed;
      x[rented.index] = Math.max(0, need - committed);
      continue;
    }
    if (on !== pm.servers(g.gpu)) x[on.index] = Math.max(Math.ceil((x[on.index] as number) - USED), Math.ceil(used / g.gpusPerServer - USED));
  }
  const sf = pm.model.toStandardForm();
  if (!isPrimalFeasible(sf, x)) return undefined;
  return { pm, values: x, objective: computeObjective(sf, x) };
}

/**
 * A plan of window w solved without the window before — no start-ups, no ramp rows: a relaxation of
 * the window as it follows the one before — carried onto the window as it is: its start-ups settled
 * against the GPUs active before. The relaxation's bound bounds the window too, so the plan is taken
 * when it passes every row and is within the window gap of that bound (typically where the load falls
 * and the plan starts nothing). Undefined otherwise: the window is then solved as it is.
 */
export function carryOver(data: PlanningData, w: number, relaxed: WindowOutcome, o: Pick<WindowSolveOptions, 'windowGap' | 'fleet' | 'activeBefore' | 'activeGpuFloor'>): WindowOutcome | undefined {
  if (relaxed.kind !== 'solved' || relaxed.bound === undefined) return undefined;
  const pm = buildPlanModel(data, windowModelOptions(w, o));
  const plan = settledPlan(data, pm, w, pm.model.startFrom(relaxed.pm.model, relaxed.values), o.activeBefore, o.fleet);
  if (!plan || plan.objective - relaxed.bound > o.windowGap * Math.max(1e-9, Math.abs(plan.objective))) return undefined;
  return { ...relaxed, pm, data, values: plan.values, solves: 0 };
}

/** Column index → instances, for the pools of this window's model (those missing from `instances` start at 0). */
function instanceStart(pm: PlanModel, w: number, instances: ReadonlyMap<string, number>): Map<number, number> {
  return new Map(pm.pools(w).map((pool) => [pool.n.index, instances.get(pool.id) ?? 0]));
}

/** The configs an LP solution uses, with their neighbours, re-indexed: the short list for a MILP. */
export function shortList(configs: readonly ConfigData[], lpModel: PlanModel, lp: SolveResult, alwaysInclude: ReadonlySet<string> = new Set()): ConfigData[] {
  const used = new Set<string>(alwaysInclude);
  for (const w of lpModel.windows) for (const pool of lpModel.pools(w)) if (lp.value(pool.n) > USED) used.add(pool.id);
  return withNeighbours(configs, used).map((c, index) => ({ ...c, index }));
}

/** The used configs and, for each, the configs of the same model, GPU type and role at an adjacent TP degree or clock. */
function withNeighbours(configs: readonly ConfigData[], used: ReadonlySet<string>): ConfigData[] {
  const chosen = configs.filter((c) => used.has(c.id));
  const groupKey = (c: ConfigData) => `${c.config.model}|${c.config.gpu}|${c.config.role}`;
  const groups = new Map<string, { tps: number[]; clocks: number[] }>();
  for (const c of configs) {
    const g = groups.get(groupKey(c)) ?? { tps: [], clocks: [] };
    if (!g.tps.includes(c.config.tp)) g.tps.push(c.config.tp);
    if (!g.clocks.includes(c.config.clockMHz)) g.clocks.push(c.config.clockMHz);
    groups.set(groupKey(c), g);
  }
  for (const g of groups.values()) {
    g.tps.sort((a, b) => a - b);
    g.clocks.sort((a, b) => a - b);
  }
  const near = (list: readonly number[], a: number, b: number) => Math.abs(list.indexOf(a) - list.indexOf(b)) <= 1;
  return configs.filter((c) =>
    used.has(c.id) ||
    chosen.some((u) => {
      const g = groups.get(groupKey(u));
      return g !== undefined && groupKey(u) === groupKey(c) && near(g.tps, u.config.tp, c.config.tp) && near(g.clocks, u.config.clockMHz, c.config.clockMHz);
    }),
  );
}
