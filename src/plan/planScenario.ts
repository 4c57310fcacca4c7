/**
 * Plan a scenario: capacity table → MILP → plan. Short horizons are solved as one MILP; long ones by
 * fleet decomposition (the only coupling between windows is the fleet): choose the fleet on a few
 * representative windows, then size every window's pools given that fleet, adding any window the
 * fleet cannot serve to the representative set and repeating. The lower bound combines the fleet
 * problem's bound with LP-relaxation bounds of the other windows, so the reported gap is honest.
 */
import { buildCapacityTable, CapacityCache, configId, type CapacityTable } from '../capacity/index.js';
import type { GpuId, ModelId } from '../catalog/index.js';
import { InfeasibleError, InputError, SolverLimitError } from '../core/errors.js';
import { buildPlanModel, pinnedConfigIds, planningData, type CapacityDerate, type PinnedPools, type PlanningData } from '../formulation/index.js';
import type { Scenario } from '../scenario/index.js';
import { analyticStepModel, type StepModel } from '../profiles/index.js';
import { solve, type BackendName, type SolveResult, type Termination } from '../solver/index.js';
import { assemblePlan } from './assemblePlan.js';
import { diagnoseInfeasible } from './diagnose.js';
import { precheckServable } from './precheck.js';
import { solveWindow } from './solveWindow.js';
import { solveFleet } from './solveFleet.js';
import { profileClamps } from './profileClamps.js';
import { compareTotals, singlePoolScenario } from './singlePoolBaseline.js';
import { fleetFigures, windowRows, type FleetFigures } from './extractRows.js';
import { fleetOf } from './fleetOf.js';
import type { Plan, PlanRow, SolveSummary, WindowSummary } from './types.js';

/** Up to this many windows the whole horizon is one MILP. */
export const MONOLITHIC_MAX_WINDOWS = 24;
/** …and up to this many pool-size integers (windows × configs). */
export const MONOLITHIC_MAX_INTEGERS = 600;
const MAX_DECOMPOSITION_ROUNDS = 8;
/** Each window gets at least this long even when the overall limit is nearly spent. */
const WINDOW_MIN_SECONDS = 10;

export interface PlanOptions {
  readonly backend?: BackendName;
  readonly timeLimitSec?: number;
  readonly mipGap?: number;
  readonly method?: 'auto' | 'monolithic' | 'fleet-decomposition';
  /** Also plan DynamoLLM's SinglePool baseline and compare (default false). */
  readonly baseline?: boolean;
  /** Structural speed-ups, on by default; switched off only to measure them (bench). */
  readonly prune?: boolean;
  readonly reuseWindows?: boolean;
  readonly restrictWindows?: boolean;
  readonly clockRelaxation?: boolean;
  /** Where step times and power come from (default: the analytic model; the CLI passes the profile tables). */
  readonly steps?: StepModel;
  /**
   * Capacity rows already computed, to reuse (compare passes one cache to every design). Without
   * it the plan makes its own, which the SinglePool baseline shares.
   */
  readonly capacityCache?: CapacityCache;
  /** Capacities the replay found the model overstates, per window (the repair loop, src/repair). */
  readonly capacityDerate?: CapacityDerate;
  /** Pools held at a given size (`plan --fix-pools`, `plan --deployment`); the rest is optimized. */
  readonly pinned?: PinnedPools;
  readonly onProgress?: (message: string, fraction: number) => void;
}

export interface PlanOutcome {
  readonly plan: Plan;
  readonly capacity: CapacityTable;
}

export async function planScenario(scenario: Scenario, options: PlanOptions = {}): Promise<PlanOutcome> {
  const backend = options.backend ?? scenario.solver.backend;
  const timeLimitSec = options.timeLimitSec ?? scenario.solver.timeLimitSec;
  const mipGap = options.mipGap ?? scenario.solver.mipGap;
  const progress = options.onProgress ?? (() => {});
  const started = performance.now();
  const deadline = started + timeLimitSec * 1000;
  const remaining = () => Math.max(1, (deadline - performance.now()) / 1000);

  progress('capacity: SLO-feasible load per config and class', 0);
  const steps = options.steps ?? analyticStepModel;
  const capacityCache = options.capacityCache ?? new CapacityCache();
  const capacity = buildCapacityTable(scenario, steps, capacityCache);
  precheckServable(scenario, capacity);
  const data = planningData(scenario, capacity, { prune: options.prune !== false, ...(options.capacityDerate ? { capacityDerate: options.capacityDerate } : {}), ...(options.pinned ? { pinned: options.pinned } : {}) });
  if (options.pinned) checkPinnedConfigs(data, options.pinned);
  const allWindows = scenario.horizon.windows.map((w) => w.index);
  // The monolithic MILP only pays off with a strong MILP solver and few integer variables; otherwise
  // small per-window problems (per-class pools multiply the pools by the classes).
  const integers = allWindows.length * data.configs.length;
  const method = options.method === undefined || options.method === 'auto'
    ? (allWindows.length <= MONOLITHIC_MAX_WINDOWS && integers <= MONOLITHIC_MAX_INTEGERS && backend === 'highs' ? 'monolithic' : 'fleet-decomposition')
    : options.method;

  const ctx: SolveContext = { data, backend, mipGap, remaining, progress, reuseWindows: options.reuseWindows !== false, restrictWindows: options.restrictWindows !== false, clockRelaxation: options.clockRelaxation !== false };
  const solved = method === 'monolithic' ? await solveMonolithic(ctx, allWindows) : await solveDecomposed(ctx, allWindows);
  const seconds = (performance.now() - started) / 1000;
  const plan = assemblePlan(data, solved.rows, solved.windows, solved.fleet, steps, {
    backend,
    method,
    termination: solved.termination,
    bound: solved.bound,
    seconds,
    subproblems: solved.subproblems,
    limitReached: solved.limitReached,
    notes: solved.notes,
  });
  if (options.pinned) checkPinsHeld(plan.rows, options.pinned);
  const clamps = profileClamps(scenario, capacity, data.configs, plan.rows, steps);
  const checked: Plan = clamps.length > 0 ? { ...plan, profileClamps: clamps } : plan;
  if (!options.baseline) {
    progress('done', 1);
    return { plan: checked, capacity };
  }
  progress('baseline: planning the SinglePool design for comparison', 0.97);
  const { scenario: single, design } = singlePoolScenario(scenario, checked);
  const { capacityDerate: _ownDerate, pinned: _pins, ...baselineOptions } = options;
  const baseline = await planScenario(single, { ...baselineOptions, capacityCache, baseline: false, onProgress: () => {} }).then((o) => o.plan, (e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  progress('done', 1);
  return { plan: { ...checked, baseline: compareTotals(checked, design, baseline) }, capacity };
}

interface SolveContext {
  readonly data: PlanningData;
  readonly reuseWindows: boolean;
  readonly restrictWindows: boolean;
  readonly clockRelaxation: boolean;
  readonly backend: BackendName;
  readonly mipGap: number;
  readonly remaining: () => number;
  readonly progress: (message: string, fraction: number) => void;
}

interface Solved {
  readonly rows: PlanRow[];
  readonly windows: WindowSummary[];
  readonly fleet: readonly FleetFigures[];
  readonly termination: Termination;
  readonly bound: number | undefined;
  readonly subproblems: number;
  readonly limitReached: boolean;
  readonly notes: string[];
}

async function solveMonolithic(ctx: SolveContext, windows: readonly number[]): Promise<Solved> {
  ctx.progress(`solving one MILP over ${windows.length} windows`, 0.1);
  const pm = buildPlanModel(ctx.data, { windows });
  const result = await solve(pm.model, { backend: ctx.backend, timeLimitSec: ctx.remaining(), mipRelGap: ctx.mipGap });
  await failIfNoSolution(ctx, result, windows);
  const solution = result.roundedSolution();
  const rows: PlanRow[] = [];
  const summaries: WindowSummary[] = [];
  for (const w of windows) {
    const out = windowRows(ctx.data, pm, solution, w);
    rows.push(...out.rows);
    summaries.push(out.summary);
  }
  return {
    rows,
    windows: summaries,
    fleet: fleetFigures(ctx.data, pm, solution),
    termination: result.termination,
    bound: result.bound,
    subproblems: 1,
    limitReached: result.termination === 'time_limit',
    notes: [`${pm.model.numVars} variables, ${pm.model.numConstraints} constraints`],
  };
}

async function solveDecomposed(ctx: SolveContext, windows: readonly number[]): Promise<Solved> {
  const { data } = ctx;
  const reps = new Set(initialRepresentatives(data.scenario));
  const lpBounds = new Map<string, number>();
  let subproblems = 0;
  let limitReached = false;
  const notes: string[] = [];
  for (let round = 1; round <= MAX_DECOMPOSITION_ROUNDS; round++) {
    const repList = [...reps].sort((a, b) => a - b);
    ctx.progress(`round ${round}: choosing the fleet on ${repList.length} representative windows`, 0.05 + 0.1 * (round - 1));
    // The fleet problem carries most of the objective: solve it tighter than the overall gap.
    // With idle servers on, every window pays the fleet's idle energy: the fleet problem carries it
    // for the windows it does not model, and their bounds below leave it out.
    const idleOnlyWindows = windows.filter((w) => !reps.has(w));
    const fleetSolve = await solveFleet(data, repList, { backend: ctx.backend, timeLimitSec: ctx.remaining() * 0.5, mipGap: ctx.mipGap / 2, idleOnlyWindows, clockRelaxation: ctx.clockRelaxation });
    if ('failed' in fleetSolve) {
      await failIfNoSolution(ctx, fleetSolve.failed, repList);
      throw new InfeasibleError('no fleet found', []);
    }
    subproblems += fleetSolve.solves;
    if (fleetSolve.limitReached) limitReached = true;
    const fleetResult = { bound: fleetSolve.bound };
    const fleet = fleetOf(data, fleetSolve.pm, fleetSolve.result);
    const incumbent = fleetSolve.result.objective;
    const fleetGap = incumbent !== undefined && fleetSolve.bound !== undefined ? Math.abs(incumbent - fleetSolve.bound) / Math.max(1e-9, Math.abs(incumbent)) : undefined;
    ctx.progress(
      `round ${round}: fleet ${Object.entries(fleet).filter(([, n]) => n > 0).map(([g, n]) => `${n}×${g}`).join(' + ')}; incumbent ${incumbent?.toFixed(0) ?? '?'}, gap ${fleetGap !== undefined ? `${(fleetGap * 100).toFixed(2)} %` : 'unknown'}`,
      0.15,
    );

    // The windows share a quarter of the overall gap, in dollars of the fleet problem's objective.
    const absoluteGap = incumbent !== undefined ? { absoluteGap: (ctx.mipGap / 4) * Math.abs(incumbent) / windows.length } : {};
    const rows: PlanRow[] = [];
    const summaries: WindowSummary[] = [];
    const unserved: number[] = [];
    let windowsBound = 0;
    let boundKnown = fleetResult.bound !== undefined;
    // Rolling horizon: each window starts from the GPUs the previous one left active.
    let activeBefore: Record<string, number> | undefined;
    // A window with the same demand, prices and starting point as an earlier one (the same hour on
    // another weekday, the same week repeated) has the same subproblem: reuse its solution.
    const solvedWindows = new Map<string, { rows: PlanRow[]; summary: WindowSummary }>();
    let reused = 0;
    for (const [i, w] of windows.entries()) {
      ctx.progress(`round ${round}: sizing pools in window ${i + 1}/${windows.length}`, 0.15 + (0.8 * i) / windows.length);
      const key = `${windowSignature(data, w)}|${JSON.stringify(activeBefore ?? null)}`;
      let out = ctx.reuseWindows ? solvedWindows.get(key) : undefined;
      if (out) {
        out = relabelWindow(out, data, w);
        reused++;
      } else {
        const budget = Math.max(WINDOW_MIN_SECONDS, ctx.remaining() / (windows.length - i));
        const outcome = await solveWindow(data, w, { backend: ctx.backend, timeLimitSec: budget, mipGap: ctx.mipGap / 2, fleet, ...absoluteGap, startInstances: fleetSolve.peakInstances, restrict: ctx.restrictWindows, alwaysInclude: fleetSolve.usedConfigs, ...(activeBefore ? { activeBefore } : {}) });
        subproblems += 2;
        if (outcome.kind === 'infeasible') {
          unserved.push(w);
          activeBefore = undefined;
          continue;
        }
        if (outcome.kind === 'no-solution') await failIfNoSolution(ctx, outcome.result, [w]);
        if (outcome.kind !== 'solved') continue;
        if (outcome.result.termination === 'time_limit') limitReached = true;
        out = windowRows(outcome.data, outcome.pm, outcome.result.roundedSolution(), w);
        solvedWindows.set(key, out);
      }
      activeBefore = activeGpus(out.rows);
      rows.push(...out.rows);
      summaries.push(out.summary);
      if (!reps.has(w)) {
        // A valid bound on this window's share of the objective under any fleet: its LP relaxation with
        // the fleet free. Windows with the same demand and prices (every weekday hour 14, …) share it.
        const key = windowSignature(data, w);
        let bound = lpBounds.get(key);
        if (bound === undefined) {
          const relaxed = buildPlanModel(data, { windows: [w], fleetCostWeight: 0, relax: true, serverIdleInObjective: data.idleServers !== 'on' });
          const lp = await solve(relaxed.model, { backend: ctx.backend, timeLimitSec: Math.max(WINDOW_MIN_SECONDS, ctx.remaining() / (windows.length - i)) });
          subproblems++;
          bound = lp.termination === 'optimal' && lp.objective !== undefined ? lp.objective : Number.NaN;
          lpBounds.set(key, bound);
        }
        if (Number.isFinite(bound)) windowsBound += bound;
        else boundKnown = false;
      }
    }
    if (unserved.length === 0) {
      notes.push(`fleet chosen on ${repList.length} representative windows (${repList.join(', ')}) in ${round} round(s)`);
      if (reused > 0) notes.push(`${reused} windows reused the solution of an identical earlier window`);
      return {
        rows,
        windows: summaries,
        fleet: fleetFigures(data, fleetSolve.pm, fleetSolve.result.roundedSolution()),
        termination: limitReached ? 'time_limit' : 'optimal',
        bound: boundKnown ? (fleetResult.bound ?? 0) + windowsBound : undefined,
        subproblems,
        limitReached,
        notes,
      };
    }
    // The fleet is too small (or too power-hungry) for these windows: let the fleet problem see them.
    for (const w of unserved.slice(0, 4)) reps.add(w);
  }
  throw new InfeasibleError(`no fleet serving every window was found in ${MAX_DECOMPOSITION_ROUNDS} decomposition rounds`, [
    'this is unexpected: please report it with the scenario file',
  ]);
}

/** A pinned config the capacity model can use for no class (too slow for every SLO, or its weights do not fit) cannot hold its instances. */
function checkPinnedConfigs(data: PlanningData, pinned: PinnedPools): void {
  const present = new Set(data.configs.map((c) => c.config.id));
  const missing = [...pinnedConfigIds(pinned)].filter((id) => !present.has(id) && pinned.byWindow.some((m) => (m?.get(id) ?? 0) > 0));
  if (missing.length > 0) {
    throw new InputError({
      message: `pinned pool(s) ${missing.join(', ')} can serve no class of the scenario within its SLOs (or the model does not fit the GPUs)`,
      fix: 'check with `llmcap capacity --scenario FILE --gpu … --tp …`; pin a config with capacity, or relax the SLOs',
    });
  }
}

/** The plan holds every pin exactly (the pinned rows make it so; checked so a solver tolerance or a dropped row cannot slip by). */
function checkPinsHeld(rows: readonly PlanRow[], pinned: PinnedPools): void {
  // Per window, instances per capacity config id.
  const held = pinned.byWindow.map(() => new Map<string, number>());
  for (const r of rows) {
    const inWindow = held[r.window];
    if (r.role === 'idle' || !inWindow) continue;
    const id = configId({ model: r.model as ModelId, gpu: r.gpu as GpuId, tp: r.tp, clockMHz: r.clockMHz, role: r.role });
    inWindow.set(id, (inWindow.get(id) ?? 0) + r.instances);
  }
  pinned.byWindow.forEach((pins, w) => {
    for (const [id, n] of pins ?? []) {
      const got = held[w]?.get(id) ?? 0;
      if (got !== n) throw new Error(`window ${w}: pinned pool ${id} has ${got} instances in the plan, not the ${n} pinned`);
    }
  });
}

/** What a window's subproblem depends on besides the fleet: its demand, its prices and its capacity corrections. */
function windowSignature(data: PlanningData, w: number): string {
  const s = data.scenario;
  return [...s.demandRps.map((d) => d[w] ?? 0), s.prices.electricityUsdPerKWh[w] ?? 0, s.prices.carbonGPerKWh[w] ?? 0, data.capacityDerate?.signature(w) ?? ''].join(',');
}

/** A solved window's rows and summary moved to another window with the same subproblem. */
function relabelWindow(out: { rows: PlanRow[]; summary: WindowSummary }, data: PlanningData, w: number): { rows: PlanRow[]; summary: WindowSummary } {
  const windowStart = data.scenario.horizon.windows[w]?.startIso ?? '';
  return {
    rows: out.rows.map((r) => ({ ...r, window: w, windowStart })),
    summary: { ...out.summary, window: w, windowStart },
  };
}

function activeGpus(rows: readonly PlanRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.role !== 'idle') out[r.gpu] = (out[r.gpu] ?? 0) + r.gpus;
  return out;
}

/** Windows that shape the fleet: the overall peak and each service's peak. */
export function initialRepresentatives(scenario: Scenario): number[] {
  const total = (w: number, classIdx?: ReadonlySet<number>) =>
    scenario.demandRps.reduce((s, d, k) => s + (classIdx && !classIdx.has(k) ? 0 : (d[w] ?? 0)), 0);
  const argmax = (score: (w: number) => number) =>
    scenario.horizon.windows.reduce((best, w) => (score(w.index) > score(best) ? w.index : best), 0);
  const reps = new Set<number>([argmax((w) => total(w))]);
  for (const service of scenario.services) {
    const idx = new Set(service.classIds.map((id) => scenario.classes.findIndex((c) => c.id === id)));
    reps.add(argmax((w) => total(w, idx)));
  }
  return [...reps];
}

async function failIfNoSolution(ctx: SolveContext, result: SolveResult, windows: readonly number[]): Promise<void> {
  if (result.hasSolution) return;
  if (result.termination === 'infeasible' || result.termination === 'infeasible_or_unbounded') {
    const details = await diagnoseInfeasible(ctx.data, windows, ctx.backend, Math.max(5, ctx.remaining()));
    throw new InfeasibleError('Infeasible: no fleet and pool sizes meet every class\'s demand within the SLOs and limits', details);
  }
  if (result.termination === 'time_limit' || result.termination === 'iteration_limit') {
    throw new SolverLimitError(
      `The solver (${ctx.backend}) reached its ${result.termination === 'time_limit' ? 'time' : 'iteration'} limit before finding any plan (${result.rawStatus}). Fix: raise --time-limit (solver.timeLimitSec) or use --solver highs.`,
    );
  }
  throw new InfeasibleError(`The solver (${ctx.backend}) found no plan: ${result.termination} (${result.rawStatus})`, [
    'try --solver highs, or report this with the scenario file',
  ]);
}
