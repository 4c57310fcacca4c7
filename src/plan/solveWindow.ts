/**
 * Size one window's pools for a given fleet, fast: solve the LP relaxation over every config, keep
 * the configs the LP uses plus their neighbours (same GPU type and role, adjacent TP or clock), and
 * solve the MILP over that short list; fall back to the full MILP if the short list has no integer
 * solution. The LP value is a valid lower bound for the window, so the reported gap stays honest.
 */
import { buildPlanModel, pinnedConfigIds, type ConfigData, type PlanModel, type PlanningData } from '../formulation/index.js';
import { solve, type BackendName, type SolveResult } from '../solver/index.js';

export type WindowOutcome =
  | { readonly kind: 'solved'; readonly pm: PlanModel; readonly result: SolveResult; readonly data: PlanningData; readonly lpBound: number | undefined }
  | { readonly kind: 'infeasible' }
  | { readonly kind: 'no-solution'; readonly result: SolveResult };

export interface WindowSolveOptions {
  readonly backend: BackendName;
  readonly timeLimitSec: number;
  readonly mipGap: number;
  readonly fleet: Readonly<Record<string, number>>;
  readonly activeBefore?: Readonly<Record<string, number>>;
  /** LP-guided short list of configs (default true); false solves the full window MILP. */
  readonly restrict?: boolean;
  /**
   * Configs always on the short list: those the fleet's own plan uses. Any window whose demand the
   * peak dominates can run that pool mix scaled down, so the short list always has a plan.
   */
  readonly alwaysInclude?: ReadonlySet<string>;
  /**
   * Absolute objective slack this window may leave (its share of the plan's gap): the MILP stops once
   * a plan is within it of the LP bound. Without it only the relative gap applies, and solvers take
   * that relative to the window's own small energy term, which can cost seconds for cents.
   */
  readonly absoluteGap?: number;
  /**
   * Instances per config of a plan that serves at least this window's demand (the fleet's plan of the
   * peak): offered to the MILP as a start, which the solver completes with rates and start-ups.
   * Finding a first plan is where window MILPs spend their time.
   */
  readonly startInstances?: ReadonlyMap<string, number>;
}

const USED = 1e-7;

export async function solveWindow(data: PlanningData, w: number, o: WindowSolveOptions): Promise<WindowOutcome> {
  const base = { windows: [w], fixedFleet: o.fleet, ...(o.activeBefore ? { activeBefore: o.activeBefore } : {}) };
  const lpModel = buildPlanModel(data, { ...base, relax: true });
  const lp = await solve(lpModel.model, { backend: o.backend, timeLimitSec: o.timeLimitSec });
  if (lp.termination === 'infeasible' || lp.termination === 'infeasible_or_unbounded') return { kind: 'infeasible' };
  const lpBound = lp.termination === 'optimal' ? lp.objective : undefined;
  let restricted = data;
  if (lp.hasSolution && o.restrict !== false) {
    // Pinned configs stay on the short list: their rows must be in the final model.
    const pinned = pinnedConfigIds(data.pinned);
    const keep = new Set([...(o.alwaysInclude ?? []), ...data.configs.filter((c) => pinned.has(c.config.id)).map((c) => c.id)]);
    restricted = { ...data, configs: shortList(data.configs, lpModel, lp, keep) };
  }
  const pm = buildPlanModel(restricted, base);
  const start = o.startInstances ? { start: instanceStart(pm, w, o.startInstances) } : {};
  const stop = lpBound !== undefined && o.absoluteGap !== undefined ? { stopAtObjective: lpBound + o.absoluteGap } : {};
  const result = await solve(pm.model, { backend: o.backend, timeLimitSec: o.timeLimitSec, mipRelGap: o.mipGap, ...stop, ...start });
  if (result.hasSolution) return { kind: 'solved', pm, result, data: restricted, lpBound };
  // The short list lacked an integer solution the full set has: solve the full window.
  const fullPm = buildPlanModel(data, base);
  const full = await solve(fullPm.model, { backend: o.backend, timeLimitSec: o.timeLimitSec, mipRelGap: o.mipGap, ...stop });
  if (full.hasSolution) return { kind: 'solved', pm: fullPm, result: full, data, lpBound };
  if (full.termination === 'infeasible') return { kind: 'infeasible' };
  return { kind: 'no-solution', result: full };
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
