/**
 * Choose the fleet on the representative windows. The full MILP can be slow to find even a first
 * plan when pools are many, so: (1) its LP relaxation (a valid lower bound); (2) the MILP over the
 * configs that LP uses and their neighbours — a quick plan; (3) the full MILP for the remaining
 * budget, which replaces the quick plan when it finds a better one and otherwise still tightens the
 * lower bound with its dual bound. The reported bound is the best proven one of (1) and (3).
 */
import { buildPlanModel, type PlanModel, type PlanningData } from '../formulation/index.js';
import { solve, type BackendName, type SolveResult } from '../solver/index.js';
import { shortList } from './solveWindow.js';

const FULL_MIN_SECONDS = 5;

export interface FleetSolve {
  readonly pm: PlanModel;
  readonly result: SolveResult;
  readonly bound: number | undefined;
  readonly limitReached: boolean;
  readonly solves: number;
  /** Configs the chosen fleet plan runs in some representative window. */
  readonly usedConfigs: ReadonlySet<string>;
}

export async function solveFleet(data: PlanningData, windows: readonly number[], o: { backend: BackendName; timeLimitSec: number; mipGap: number }): Promise<FleetSolve | { readonly failed: SolveResult }> {
  const lpModel = buildPlanModel(data, { windows, relax: true });
  const lp = await solve(lpModel.model, { backend: o.backend, timeLimitSec: o.timeLimitSec });
  if (!lp.hasSolution) return { failed: lp };
  const lpBound = lp.termination === 'optimal' ? lp.objective : undefined;
  const restricted = { ...data, configs: shortList(data.configs, lpModel, lp) };
  const quickPm = buildPlanModel(restricted, { windows });
  const quick = await solve(quickPm.model, { backend: o.backend, timeLimitSec: o.timeLimitSec, mipRelGap: o.mipGap });
  const fullPm = buildPlanModel(data, { windows });
  // The full MILP gets what the quick one left (at least a few seconds, to tighten the bound).
  const full = await solve(fullPm.model, { backend: o.backend, timeLimitSec: Math.max(FULL_MIN_SECONDS, o.timeLimitSec - quick.seconds), mipRelGap: o.mipGap });
  const bounds = [lpBound, full.bound].filter((b): b is number => b !== undefined && Number.isFinite(b));
  const bound = bounds.length > 0 ? Math.max(...bounds) : undefined;
  const useFull = full.hasSolution && (!quick.hasSolution || (full.objective ?? Infinity) <= (quick.objective ?? Infinity));
  if (useFull) return { pm: fullPm, result: full, bound, limitReached: full.termination === 'time_limit' && (full.gap ?? 1) > o.mipGap, solves: 3, usedConfigs: usedBy(fullPm, full) };
  if (quick.hasSolution) return { pm: quickPm, result: quick, bound, limitReached: false, solves: 3, usedConfigs: usedBy(quickPm, quick) };
  return { failed: full };
}

function usedBy(pm: PlanModel, result: SolveResult): Set<string> {
  const used = new Set<string>();
  for (const [key, v] of pm.instances) if (result.value(v) > 0.5) used.add(key.slice(key.indexOf('|') + 1));
  return used;
}
