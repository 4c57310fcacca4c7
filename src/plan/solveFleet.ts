/**
 * Choose the fleet on the representative windows. The full MILP stalls on proving its bound when
 * pools are many (clock variants are near-substitutes it must tell apart), so it is attacked from
 * both sides before it runs:
 *   1. its LP relaxation: a valid lower bound, and the configs a quick plan should consider;
 *   1b. the built-in designs inside the scenario's options (designStarts.ts), each a small MILP: the
 *      plan kept is never worse than them on these windows;
 *   2. the clock relaxation MILP (formulation/clockRelaxation.ts): a much tighter valid lower bound,
 *      usually proven optimal in seconds, and a fleet that is nearly always right;
 *   3. plans of the full model: over the LP's short list of configs (quick), and with the fleet
 *      fixed to the relaxation's (a small MILP);
 *   4. the full MILP, started from the best plan so far, only if that plan is not yet proven within
 *      the gap; it replaces the plan when it finds a better one, and its dual bound may tighten the
 *      bound.
 * Every model carries the cover rows (formulation/buildPlanModel.ts), valid inequalities that round
 * up the instances a window's classes need: without them the clock relaxation's bound sat 1.6–1.9 %
 * below the optimum and took most of the stage to close.
 * Every search after the first plan stops as soon as its bound proves the best plan within the gap.
 * The reported bound is the best proven one of 1, 2 and 4.
 */
import { buildPlanModel, clockRelaxation, type PlanModel, type PlanModelOptions, type PlanningData } from '../formulation/index.js';
import { solve as solveHere, type BackendName, type SearchDetail, type SolveResult } from '../solver/index.js';
import { builtInDesignPools } from './designStarts.js';
import { fleetOf } from './fleetOf.js';
import type { SolveFn } from './poolSolve.js';
import { shortList } from './solveWindow.js';

const FULL_MIN_SECONDS = 5;
/** Shares of the fleet's remaining budget: the quick plan, the clock relaxation, the plan on its fleet. */
const QUICK_SHARE = 0.25;
const RELAXATION_SHARE = 0.5;
const FIXED_SHARE = 0.3;
/** The same for each built-in design (one pool a window: small). */
const DESIGN_SHARE = 0.1;

export interface FleetSolve extends FleetChoice {
  readonly pm: PlanModel;
  readonly result: SolveResult;
  readonly bound: number | undefined;
  readonly limitReached: boolean;
  readonly solves: number;
}

export interface FleetSolveOptions {
  readonly backend: BackendName;
  readonly timeLimitSec: number;
  readonly mipGap: number;
  /** Windows whose servers' idle energy the fleet pays besides the representative ones. */
  readonly idleOnlyWindows?: readonly number[];
  /** Bound the fleet problem with the clock relaxation (default true); false only to measure it. */
  readonly clockRelaxation?: boolean;
  /** How many windows each representative window stands for (default 1 each). */
  readonly windowWeights?: ReadonlyMap<number, number>;
  /** Told, as a long search goes, its best plan and proven bound (stderr only: never part of the plan). */
  readonly progress?: (message: string, detail: SearchDetail) => void;
  /** Where the stage's models are solved (default: this thread). On the pool this thread stays free for work beside them. */
  readonly solveWith?: SolveFn;
  /**
   * Told each plan that becomes the stage's best while searches that may replace it are still to
   * run: the caller may start work from it beside them (planScenario's speculative operation).
   */
  readonly onCandidate?: (choice: FleetChoice) => void;
}

/** What the operation stage takes from a fleet plan. */
export interface FleetChoice {
  readonly fleet: Record<string, number>;
  /** Configs the plan runs in some representative window. */
  readonly usedConfigs: ReadonlySet<string>;
  /** Instances per config in the plan's busiest representative window. */
  readonly peakInstances: ReadonlyMap<string, number>;
}

/** Seconds between reports of one search: the solver calls back far more often than a person reads. */
const PROGRESS_EVERY_S = 1;

/** A search's onBounds, passed on to `progress` at most every PROGRESS_EVERY_S seconds. */
function searchProgress(what: string, progress: FleetSolveOptions['progress']): { onBounds?: (incumbent: number | undefined, bound: number) => void } {
  if (!progress) return {};
  let last = performance.now();
  return {
    onBounds: (incumbent, bound) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_S * 1000) return;
      last = now;
      progress(what, { bound, ...(incumbent !== undefined ? { incumbent, gap: Math.abs(incumbent - bound) / Math.max(1e-9, Math.abs(incumbent)) } : {}) });
    },
  };
}

interface Candidate {
  readonly pm: PlanModel;
  readonly result: SolveResult;
}

export async function solveFleet(data: PlanningData, windows: readonly number[], o: FleetSolveOptions): Promise<FleetSolve | { readonly failed: SolveResult }> {
  const started = performance.now();
  const solve = o.solveWith ?? solveHere;
  const choiceOf = (c: Candidate): FleetChoice => ({ fleet: fleetOf(data, c.pm, c.result), usedConfigs: usedBy(c.pm, c.result), peakInstances: instancesIn(c.pm, c.result, peakOf(data, windows)) });
  let told: Candidate | undefined;
  /** The best plan so far to the caller, when it is new and searches may still replace it. */
  const tellCandidate = () => {
    const c = best(candidates);
    if (!o.onCandidate || !c || c === told || done()) return;
    told = c;
    o.onCandidate(choiceOf(c));
  };
  const left = () => Math.max(1, o.timeLimitSec - (performance.now() - started) / 1000);
  // Cover rows in every model of this stage: they round up what its LP relaxations run as fractions
  // of instances, which is what held the clock relaxation's bound below the optimum for most of its
  // search (docs/benchmarks.md).
  const base: PlanModelOptions = { windows, coverCuts: true, ...(o.idleOnlyWindows ? { idleOnlyWindows: o.idleOnlyWindows } : {}), ...(o.windowWeights ? { windowWeights: o.windowWeights } : {}) };
  const bounds: number[] = [];
  const candidates: Candidate[] = [];
  let solves = 0;
  const done = () => withinGap(best(candidates), bounds, o.mipGap);
  // Once a plan is held, a search may stop as soon as its bound proves that plan within the gap;
  // once a bound is held, as soon as it finds a plan that the bound proves within the gap.
  const stopAtBound = () => {
    const objective = best(candidates)?.result.objective;
    return objective === undefined ? {} : { stopAtBound: objective - o.mipGap * Math.abs(objective) };
  };
  const stopAtObjective = () => (bounds.length === 0 ? {} : { stopAtObjective: Math.max(...bounds) / (1 - o.mipGap) });
  const addBound = (r: SolveResult) => {
    if (r.bound !== undefined && Number.isFinite(r.bound)) bounds.push(r.bound);
  };

  // 1. LP relaxation.
  const lpModel = buildPlanModel(data, { ...base, relax: true });
  const lp = await solve(lpModel.model, { backend: o.backend, timeLimitSec: left() });
  solves++;
  if (!lp.hasSolution) return { failed: lp };
  if (lp.termination === 'optimal' && lp.objective !== undefined) bounds.push(lp.objective);

  // 2. A quick plan over the LP's short list.
  const quickPm = buildPlanModel({ ...data, configs: shortList(data.configs, lpModel, lp) }, base);
  const quick = await solve(quickPm.model, { backend: o.backend, timeLimitSec: left() * QUICK_SHARE, mipRelGap: o.mipGap });
  solves++;
  if (quick.hasSolution) candidates.push({ pm: quickPm, result: quick });

  // 2b. The built-in designs inside the scenario's options (designStarts.ts): plans the kept one must beat.
  for (const configs of builtInDesignPools(data)) {
    const designPm = buildPlanModel({ ...data, configs }, base);
    const design = await solve(designPm.model, { backend: o.backend, timeLimitSec: left() * DESIGN_SHARE, mipRelGap: o.mipGap });
    solves++;
    if (design.hasSolution) candidates.push({ pm: designPm, result: design });
  }

  tellCandidate();
  // 3. The clock relaxation: the bound, and a fleet to try.
  let relaxedFleet: Record<string, number> | undefined;
  let relaxedPlan: Candidate | undefined;
  if (!done() && o.clockRelaxation !== false) {
    const relaxedPm = buildPlanModel({ ...data, configs: clockRelaxation(data.configs) }, base);
    // Its bound is what it is for: solve it tighter than the plans (stopAtBound ends it early anyway).
    const relaxed = await solve(relaxedPm.model, { backend: o.backend, timeLimitSec: left() * RELAXATION_SHARE, mipRelGap: o.mipGap / 10, ...stopAtBound(), ...searchProgress('fleet: proving the clock relaxation\'s bound', o.progress) });
    solves++;
    addBound(relaxed);
    if (relaxed.hasSolution) {
      relaxedFleet = fleetOf(data, relaxedPm, relaxed);
      relaxedPlan = { pm: relaxedPm, result: relaxed };
    }
  }
  const chosenFleet = (() => {
    const c = best(candidates);
    return c ? fleetOf(data, c.pm, c.result) : undefined;
  })();
  if (!done() && relaxedFleet && !sameFleet(relaxedFleet, chosenFleet)) {
    const fixedPm = buildPlanModel(data, { ...base, fixedFleet: relaxedFleet });
    // The relaxation's plan, read at each group's highest clock, is often a plan of the full model too.
    const start = relaxedPlan ? { start: fixedPm.model.startFrom(relaxedPlan.pm.model, relaxedPlan.result.values()) } : {};
    const fixed = await solve(fixedPm.model, { backend: o.backend, timeLimitSec: left() * FIXED_SHARE, mipRelGap: o.mipGap, ...stopAtObjective(), ...start });
    solves++;
    if (fixed.hasSolution) candidates.push({ pm: fixedPm, result: fixed });
    tellCandidate();
  }

  // 4. The full MILP, started from the best plan so far, until its bound proves a plan within the gap.
  let limitReached = false;
  if (!done()) {
    const fullPm = buildPlanModel(data, base);
    const held = best(candidates);
    const start = held ? fullPm.model.startFrom(held.pm.model, held.result.values()) : undefined;
    const full = await solve(fullPm.model, { backend: o.backend, timeLimitSec: Math.max(FULL_MIN_SECONDS, left()), mipRelGap: o.mipGap, ...stopAtBound(), ...stopAtObjective(), ...(start ? { start } : {}), ...searchProgress('fleet: the full MILP', o.progress) });
    solves++;
    addBound(full);
    if (full.hasSolution) candidates.push({ pm: fullPm, result: full });
    else if (candidates.length === 0) return { failed: full };
    limitReached = full.termination === 'time_limit' && !done();
  }
  const chosen = best(candidates);
  if (!chosen) return { failed: quick };
  const bound = bounds.length > 0 ? Math.max(...bounds) : undefined;
  return { pm: chosen.pm, result: chosen.result, bound, limitReached, solves, ...choiceOf(chosen) };
}

/** Same servers of every GPU type (both fleets list the scenario's types). */
function sameFleet(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>> | undefined): boolean {
  return b !== undefined && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([g, n]) => b[g] === n);
}

function best(candidates: readonly Candidate[]): Candidate | undefined {
  let chosen: Candidate | undefined;
  for (const c of candidates) if (!chosen || (c.result.objective ?? Infinity) < (chosen.result.objective ?? Infinity)) chosen = c;
  return chosen;
}

function withinGap(candidate: Candidate | undefined, bounds: readonly number[], gap: number): boolean {
  const objective = candidate?.result.objective;
  if (objective === undefined || bounds.length === 0) return false;
  return (objective - Math.max(...bounds)) / Math.max(1e-9, Math.abs(objective)) <= gap;
}

function peakOf(data: PlanningData, windows: readonly number[]): number | undefined {
  const total = (w: number) => data.demandRps.reduce((s, d) => s + (d[w] ?? 0), 0);
  return windows.reduce<number | undefined>((best, w) => (best === undefined || total(w) > total(best) ? w : best), undefined);
}

/** Instances per pool in window w of a solution (none without a window). */
function instancesIn(pm: PlanModel, result: SolveResult, w: number | undefined): Map<string, number> {
  return new Map(w === undefined ? [] : pm.pools(w).map((pool) => [pool.id, Math.round(result.value(pool.n))]));
}

/** The pools a solution runs in any of its windows. */
function usedBy(pm: PlanModel, result: SolveResult): Set<string> {
  const used = new Set<string>();
  for (const w of pm.windows) for (const pool of pm.pools(w)) if (result.value(pool.n) > 0.5) used.add(pool.id);
  return used;
}
