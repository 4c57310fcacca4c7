/**
 * Plan a scenario: capacity table → MILP → plan. Short horizons are solved as one MILP; long ones by
 * fleet decomposition (the only coupling between windows is the fleet): choose the fleet on a few
 * representative windows, then size every window's pools given that fleet, adding any window the
 * fleet cannot serve to the representative set and repeating. The lower bound combines the fleet
 * problem's bound with LP-relaxation bounds of the other windows, so the reported gap is honest.
 */
import { buildCapacityTable, CapacityCache, configId, type CapacityTable } from '../capacity/index.js';
import type { GpuId, ModelId, Precision } from '../catalog/index.js';
import { InfeasibleError, InputError, SolverLimitError } from '../core/errors.js';
import { buildPlanModel, pinnedConfigIds, planningData, type CapacityDerate, type PinnedPools, type PlanModel, type PlanningData } from '../formulation/index.js';
import { precisionFallbackNote, type Scenario } from '../scenario/index.js';
import { analyticStepModel, type StackId, type StepModel } from '../profiles/index.js';
import { solve, type BackendName, type SearchDetail, type SolveResult, type Termination } from '../solver/index.js';
import { assemblePlan } from './assemblePlan.js';
import { builtInDesignPools } from './designStarts.js';
import { diagnoseInfeasible } from './diagnose.js';
import { precheckServable } from './precheck.js';
import { DEEPER_SEARCH } from './solveWindow.js';
import { solveOnPool, type SolveFn } from './poolSolve.js';
import { solveOperation, windowSignature, WINDOW_NODE_LIMIT, type Operation, type OperationOptions } from './solveOperation.js';
import { solveFleet, type FleetChoice } from './solveFleet.js';
import { SpeculativeOperation } from './speculativeOperation.js';
import { windowBounds } from './windowBounds.js';
import { profileClamps } from './profileClamps.js';
import { compareTotals, singlePoolScenario } from './singlePoolBaseline.js';
import { fleetFigures, windowRows, type FleetFigures } from './extractRows.js';
import { trimFleet } from './trimFleet.js';
import { fleetOf } from './fleetOf.js';
import type { Plan, PlanRow, SolveSummary, StageSeconds, WindowSummary } from './types.js';

/** Up to this many windows the whole horizon is one MILP. */
export const MONOLITHIC_MAX_WINDOWS = 24;
/** …and up to this many pool-size integers (windows × configs). */
export const MONOLITHIC_MAX_INTEGERS = 600;
const MAX_DECOMPOSITION_ROUNDS = 8;

export interface PlanOptions {
  readonly backend?: BackendName;
  readonly timeLimitSec?: number;
  readonly mipGap?: number;
  /** Relative gap of each window's operation on its own operating cost (default: the scenario's solver.windowGap). */
  readonly windowGap?: number;
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
  /** Stage messages with the share done; a long search adds its best plan and bound (`detail`). */
  readonly onProgress?: (message: string, fraction: number, detail?: SearchDetail) => void;
  /**
   * Solve the window MILPs on the process's worker pool (src/parallel), so that the windows solved
   * ahead of the rolling horizon run on another core beside it. The plan is the same bytes either way.
   */
  readonly solveOnPool?: boolean;
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
  const capacitySeconds = (performance.now() - started) / 1000;
  const allWindows = scenario.horizon.windows.map((w) => w.index);
  // The monolithic MILP only pays off with a strong MILP solver and few integer variables; otherwise
  // small per-window problems (per-class pools multiply the pools by the classes).
  const integers = allWindows.length * data.configs.length;
  // A design that holds its pools across windows couples every window, beyond the fleet: one MILP.
  const method = data.hold
    ? 'monolithic'
    : options.method === undefined || options.method === 'auto'
      ? (allWindows.length <= MONOLITHIC_MAX_WINDOWS && integers <= MONOLITHIC_MAX_INTEGERS && backend === 'highs' ? 'monolithic' : 'fleet-decomposition')
      : options.method;

  const windowGapTarget = options.windowGap ?? scenario.solver.windowGap;
  // A plan within the overall gap needs windows at least as tight, when that gap is the tighter one.
  const windowGap = Math.min(windowGapTarget, mipGap);
  const ctx: SolveContext = { data, backend, mipGap, windowGap, timeLimitSec, remaining, progress, reuseWindows: options.reuseWindows !== false, restrictWindows: options.restrictWindows !== false, clockRelaxation: options.clockRelaxation !== false, solveWith: options.solveOnPool === true ? solveOnPool : undefined };
  const solved = method === 'monolithic' ? await solveMonolithic(ctx, allWindows) : await solveDecomposed(ctx, allWindows);
  const seconds = (performance.now() - started) / 1000;
  const plan = assemblePlan(data, solved.rows, solved.windows, solved.fleet, steps, {
    backend,
    method,
    termination: solved.termination,
    bound: solved.bound,
    seconds,
    stageSeconds: { capacity: capacitySeconds, ...solved.stageSeconds },
    subproblems: solved.subproblems,
    limitReached: solved.limitReached,
    limitStage: solved.limitStage,
    mipGapTarget: mipGap,
    windowGapTarget,
    notes: withPrecisionFallback(scenario, solved.notes),
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
  readonly windowGap: number;
  readonly timeLimitSec: number;
  readonly remaining: () => number;
  readonly progress: (message: string, fraction: number, detail?: SearchDetail) => void;
  readonly solveWith: SolveFn | undefined;
}

interface Solved {
  readonly rows: PlanRow[];
  readonly windows: WindowSummary[];
  readonly fleet: readonly FleetFigures[];
  /** Termination of the stages: time_limit if one stopped at its limit, else optimal. */
  readonly termination: Termination;
  readonly bound: number | undefined;
  readonly subproblems: number;
  readonly limitReached: boolean;
  readonly limitStage: string | undefined;
  readonly notes: string[];
  /** Seconds per stage, in the order they ran. */
  readonly stageSeconds: StageSeconds;
}

/** Adds the seconds since `since` to a stage's total (a stage may run once per decomposition round). */
function timeStage(stages: Record<string, number>, stage: string, since: number): void {
  stages[stage] = (stages[stage] ?? 0) + (performance.now() - since) / 1000;
}

/** Share of the plan's time limit a stage stopped at its limit used, for the exit-4 message. */
function limitShare(ctx: SolveContext, what: string, seconds: number): string {
  return `${what} stopped at its time limit after ${seconds.toFixed(1)} s (${Math.round((100 * seconds) / ctx.timeLimitSec)} % of the ${ctx.timeLimitSec} s limit)`;
}

/**
 * The stages a limit stopped, in words. Only a time limit makes the plan depend on the machine (and
 * exits 4); a window stopped at its node limit is deterministic, and shows in its own gap.
 */
function limitStages(ctx: SolveContext, fleetLimit: string | undefined, limitWindow: Operation['limitWindow']): { limitStage: string | undefined; timeLimited: boolean } {
  const windowLimit = limitWindow === undefined
    ? undefined
    : limitWindow.limit === 'time'
      ? limitShare(ctx, windowName(ctx, limitWindow.window), limitWindow.seconds)
      : `${windowName(ctx, limitWindow.window)} stopped at its node limit (${WINDOW_NODE_LIMIT} nodes per search, ${(WINDOW_NODE_LIMIT * DEEPER_SEARCH).toLocaleString('en-US')} for the full window's search for plans) after ${limitWindow.seconds.toFixed(1)} s`;
  return {
    limitStage: [fleetLimit, windowLimit].filter((x) => x !== undefined).join('; ') || undefined,
    timeLimited: fleetLimit !== undefined || limitWindow?.limit === 'time',
  };
}

function windowName(ctx: SolveContext, w: number): string {
  return `window ${w} (${ctx.data.scenario.horizon.windows[w]?.startIso ?? '?'})`;
}

/** Stage 1 as one MILP over every window (the fleet and a first operation); stage 2 operates each window on its fleet. */
async function solveMonolithic(ctx: SolveContext, windows: readonly number[]): Promise<Solved> {
  ctx.progress(`fleet: one MILP over ${windows.length} windows`, 0.1);
  const stageSeconds: Record<string, number> = {};
  const pm = buildPlanModel(ctx.data, { windows });
  const started = performance.now();
  const start = await designStart(ctx, pm, windows);
  const result = await solve(pm.model, { backend: ctx.backend, timeLimitSec: ctx.remaining() * MONOLITHIC_SHARE, mipRelGap: ctx.mipGap, ...(start ? { start } : {}) });
  await failIfNoSolution(ctx, result, windows);
  const solution = result.roundedSolution();
  const fleet = fleetOf(ctx.data, pm, result);
  const firstPlan = new Map(windows.map((w) => [w, new Map(pm.pools(w).map((pool) => [pool.id, solution.value(pool.n)]))]));
  const fleetLimit = result.termination === 'time_limit' ? limitShare(ctx, 'the fleet MILP', (performance.now() - started) / 1000) : undefined;
  timeStage(stageSeconds, 'monolithic', started);
  const operationStarted = performance.now();
  // Held pools are the same in every window: re-solving each window on its own would let them change.
  const operation = ctx.data.hold ? heldOperation() : await solveOperation(ctx.data, windows, operationOptions(ctx, fleet, (w) => firstPlan.get(w)));
  timeStage(stageSeconds, 'operation', operationStarted);
  const notes = [`${pm.model.numVars} variables, ${pm.model.numConstraints} constraints`, ...operation.notes];
  let rows: PlanRow[];
  let summaries: WindowSummary[];
  if (ctx.data.hold) notes.push(`pools held across ${ctx.data.holdPeriodWindows === undefined ? 'windows' : `periods of ${ctx.data.holdPeriodWindows} windows`} (${ctx.data.hold.join(', ')}): the MILP's own operation is reported`);
  if (operation.unserved.length > 0 || operation.noSolution || ctx.data.hold) {
    // The rolling operation could not follow the fleet MILP's plan (a ramp it did not foresee): keep that plan.
    if (!ctx.data.hold) notes.push(`the operation stage found no plan for ${windowName(ctx, operation.noSolution?.window ?? operation.unserved[0] ?? 0)}: the fleet MILP's own operation is reported`);
    rows = [];
    summaries = [];
    for (const w of windows) {
      const out = windowRows(ctx.data, pm, solution, w);
      rows.push(...out.rows);
      summaries.push({ ...out.summary, operatingObjective: solution.evaluate(pm.window(w).operatingObjective), operatingBound: undefined, operatingGap: undefined });
    }
  } else {
    rows = operation.windows.flatMap((o) => o.rows);
    summaries = operation.windows.map((o) => o.summary);
  }
  const { limitStage, timeLimited } = limitStages(ctx, fleetLimit, operation.limitWindow);
  return {
    rows,
    windows: summaries,
    fleet: usedFleet(ctx.data, pm, result.roundedValues(), rows, notes),
    termination: timeLimited ? 'time_limit' : 'optimal',
    bound: result.bound,
    subproblems: 1 + operation.subproblems,
    limitReached: timeLimited,
    limitStage,
    notes,
    stageSeconds,
  };
}

/** The fleet of a solution, without the servers no window of `rows` powers (trimFleet.ts); a note names what was dropped. */
function usedFleet(data: PlanningData, pm: PlanModel, values: Float64Array, rows: readonly PlanRow[], notes: string[]): FleetFigures[] {
  const trimmed = trimFleet(data, pm, values, rows);
  if (trimmed.dropped.size > 0) {
    notes.push(`fleet cut to the servers some window powers (idle servers power off, so the MILP was indifferent to the rest): ${[...trimmed.dropped].map(([gpu, n]) => `${gpu} −${n}`).join(', ')}`);
  }
  return fleetFigures(data, pm, trimmed.solution);
}

/** No operation stage: a held design's windows keep the monolithic MILP's operation. */
function heldOperation(): Operation {
  return { windows: [], unserved: [], subproblems: 0, reused: 0, limitWindow: undefined, notes: [] };
}

/**
 * The best plan of the built-in designs inside the scenario's options (designStarts.ts), as a start
 * of the monolithic MILP: HiGHS keeps it as its incumbent, so the plan is never worse than it.
 */
async function designStart(ctx: SolveContext, pm: PlanModel, windows: readonly number[]): Promise<Float64Array | undefined> {
  let best: { objective: number; start: Float64Array } | undefined;
  for (const configs of builtInDesignPools(ctx.data)) {
    const designPm = buildPlanModel({ ...ctx.data, configs }, { windows });
    const design = await solve(designPm.model, { backend: ctx.backend, timeLimitSec: ctx.remaining() * DESIGN_SHARE, mipRelGap: ctx.mipGap });
    if (design.objective !== undefined && (!best || design.objective < best.objective)) best = { objective: design.objective, start: pm.model.startFrom(designPm.model, design.values()) };
  }
  return best?.start;
}

/** Share of the time left each built-in design's MILP may take (one pool a window: small). */
const DESIGN_SHARE = 0.1;

/** Share of the time left the fleet stage may take; the windows' operation gets the rest. */
const FLEET_SHARE = 0.5;
/** The same for the monolithic MILP: it plans every window too, so the operation stage starts from a full plan. */
const MONOLITHIC_SHARE = 0.8;

function operationOptions(ctx: SolveContext, fleet: Readonly<Record<string, number>>, startInstances: (w: number) => ReadonlyMap<string, number> | undefined, alwaysInclude?: ReadonlySet<string>): OperationOptions {
  return {
    backend: ctx.backend,
    windowGap: ctx.windowGap,
    fleet,
    remaining: ctx.remaining,
    timeLimitSec: ctx.timeLimitSec,
    startInstances,
    ...(alwaysInclude ? { alwaysInclude } : {}),
    restrict: ctx.restrictWindows,
    reuseWindows: ctx.reuseWindows,
    progress: (m, f) => ctx.progress(m, 0.3 + 0.65 * f),
    ...(ctx.solveWith ? { solveWith: ctx.solveWith } : {}),
  };
}

async function solveDecomposed(ctx: SolveContext, windows: readonly number[]): Promise<Solved> {
  const { data } = ctx;
  // Renting on demand is priced per window: the fleet problem must see every window's rent to weigh
  // it against reserving, so it models one window per distinct demand and prices, weighted by how
  // many windows share them.
  const rentsOnDemand = data.gpuTypes.some((g) => g.acquisition.onDemandUsdPerServerWindow !== undefined);
  const reps = new Set(rentsOnDemand ? distinctWindows(data, windows) : initialRepresentatives(data.scenario));
  let subproblems = 0;
  const notes: string[] = [];
  const stageSeconds: Record<string, number> = {};
  for (let round = 1; round <= MAX_DECOMPOSITION_ROUNDS; round++) {
    const repList = [...reps].sort((a, b) => a - b);
    ctx.progress(`round ${round}: choosing the fleet on ${repList.length} representative windows`, 0.05 + 0.1 * (round - 1));
    // The fleet problem carries most of the objective: solve it tighter than the overall gap.
    // With idle servers on, every window pays the fleet's idle energy: the fleet problem carries it
    // for the windows it does not model, and their bounds below leave it out.
    const idleOnlyWindows = rentsOnDemand ? [] : windows.filter((w) => !reps.has(w));
    const windowWeights = rentsOnDemand ? representedCounts(data, windows, reps) : undefined;
    const fleetStarted = performance.now();
    // On the pool, the operation starts from the fleet stage's first plan while the stage proves it.
    const speculative = ctx.solveWith
      ? new SpeculativeOperation((choice, gate) =>
          solveOperation(data, windows, {
            ...operationOptions(ctx, choice.fleet, () => choice.peakInstances, choice.usedConfigs),
            progress: (m, f) => {
              if (gate.confirmed()) ctx.progress(m, 0.3 + 0.65 * f);
            },
            cancelled: gate.cancelled,
          }),
        )
      : undefined;
    const fleetSolve = await solveFleet(data, repList, {
      backend: ctx.backend,
      timeLimitSec: ctx.remaining() * FLEET_SHARE,
      mipGap: ctx.mipGap / 2,
      idleOnlyWindows,
      clockRelaxation: ctx.clockRelaxation,
      ...(windowWeights ? { windowWeights } : {}),
      progress: (m, detail) => ctx.progress(`round ${round}: ${m}`, 0.05 + 0.1 * (round - 1), detail),
      ...(ctx.solveWith ? { solveWith: ctx.solveWith } : {}),
      ...(speculative ? { onCandidate: (choice: FleetChoice) => speculative.offer(choice) } : {}),
    }).catch((error: unknown) => {
      speculative?.cancel();
      throw error;
    });
    if ('failed' in fleetSolve) {
      speculative?.cancel();
      await failIfNoSolution(ctx, fleetSolve.failed, repList);
      throw new InfeasibleError('no fleet found', []);
    }
    subproblems += fleetSolve.solves;
    timeStage(stageSeconds, 'fleet', fleetStarted);
    const fleetLimit = fleetSolve.limitReached ? limitShare(ctx, `the fleet problem (round ${round})`, (performance.now() - fleetStarted) / 1000) : undefined;
    const fleet = fleetOf(data, fleetSolve.pm, fleetSolve.result);
    const incumbent = fleetSolve.result.objective;
    const fleetGap = incumbent !== undefined && fleetSolve.bound !== undefined ? Math.abs(incumbent - fleetSolve.bound) / Math.max(1e-9, Math.abs(incumbent)) : undefined;
    ctx.progress(
      `round ${round}: fleet ${Object.entries(fleet).filter(([, n]) => n > 0).map(([g, n]) => `${n}×${g}`).join(' + ')}; incumbent ${incumbent?.toFixed(0) ?? '?'}, gap ${fleetGap !== undefined ? `${(fleetGap * 100).toFixed(2)} %` : 'unknown'}`,
      0.15,
    );
    const operationStarted = performance.now();
    const operation = await (speculative?.take(fleetSolve) ?? solveOperation(data, windows, operationOptions(ctx, fleet, () => fleetSolve.peakInstances, fleetSolve.usedConfigs)));
    timeStage(stageSeconds, 'operation', operationStarted);
    subproblems += operation.subproblems;
    if (operation.noSolution) await failIfNoSolution(ctx, operation.noSolution.result, [operation.noSolution.window]);
    if (operation.unserved.length > 0) {
      // The fleet is too small (or too power-hungry) for these windows: let the fleet problem see them.
      for (const w of operation.unserved.slice(0, 4)) reps.add(w);
      continue;
    }
    // The bound: the fleet problem's, plus a bound on each other window's share under any fleet.
    const fleetPoint = fleetSolve.result.roundedSolution();
    const fleetTerm = data.objective.weights.costUsd * fleetPoint.evaluate(fleetSolve.pm.fleetCostUsd) + data.objective.embodiedKgWeight * fleetPoint.evaluate(fleetSolve.pm.embodiedKg);
    const objective = fleetTerm + operation.windows.reduce((sum, o) => sum + (o.summary.operatingObjective ?? 0), 0);
    // With weights, the fleet problem's bound covers every window already.
    const others = rentsOnDemand ? [] : windows.filter((w) => !reps.has(w));
    const fleetBound = fleetSolve.bound;
    const boundsStarted = performance.now();
    const bounds = fleetBound === undefined
      ? { sum: Number.NaN, solves: 0 }
      : await windowBounds(data, others, { backend: ctx.backend, remaining: ctx.remaining, windowGap: ctx.windowGap / 2, fleetCap: { objective, horizon: windows }, ...(ctx.solveWith ? { solveWith: ctx.solveWith } : {}) }, objective * (1 - ctx.mipGap) - fleetBound);
    subproblems += bounds.solves;
    timeStage(stageSeconds, 'bounds', boundsStarted);
    notes.push(`fleet chosen on ${repList.length} representative windows (${repList.join(', ')}) in ${round} round(s)`, ...operation.notes);
    if (bounds.boxOnly) {
      notes.push('the fleet problem\'s bound proved the gap target with every other window bounded by its least cost inside its columns\' bounds (no LP): the reported gap is that proof\'s, not the tightest one');
    }
    if (bounds.stoppedShort === 'futile') {
      notes.push('the windows\' bounds were tightened until their gain, extrapolated to every window, could not meet the gap target: the rest of the gap lies in the fleet, which the bounds of single windows do not see');
    }
    const { limitStage, timeLimited } = limitStages(ctx, fleetLimit, operation.limitWindow);
    return {
      rows: operation.windows.flatMap((o) => o.rows),
      windows: operation.windows.map((o) => o.summary),
      fleet: usedFleet(data, fleetSolve.pm, fleetSolve.result.roundedValues(), operation.windows.flatMap((o) => o.rows), notes),
      termination: timeLimited ? 'time_limit' : 'optimal',
      bound: fleetBound !== undefined && Number.isFinite(bounds.sum) ? fleetBound + bounds.sum : undefined,
      subproblems,
      limitReached: timeLimited,
      limitStage,
      notes,
      stageSeconds,
    };
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
    const id = configId({ model: r.model as ModelId, gpu: r.gpu as GpuId, tp: r.tp, clockMHz: r.clockMHz, role: r.role, stack: r.stack as StackId, precision: r.precision as Precision });
    inWindow.set(id, (inWindow.get(id) ?? 0) + r.instances);
  }
  pinned.byWindow.forEach((pins, w) => {
    for (const [id, n] of pins ?? []) {
      const got = held[w]?.get(id) ?? 0;
      if (got !== n) throw new Error(`window ${w}: pinned pool ${id} has ${got} instances in the plan, not the ${n} pinned`);
    }
  });
}

/** The first window of each distinct subproblem (demand, prices, corrections, pins). */
function distinctWindows(data: PlanningData, windows: readonly number[]): number[] {
  const seen = new Set<string>();
  return windows.filter((w) => {
    const key = windowSignature(data, w);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * How many windows each representative stands for: every window counts for itself when it is one,
 * else for the first representative with its signature. A lower bound stays a bound: each window
 * costs at least its representative's optimum, start-ups aside, which are never negative.
 */
function representedCounts(data: PlanningData, windows: readonly number[], reps: ReadonlySet<number>): Map<number, number> {
  const repBySignature = new Map<string, number>();
  for (const w of [...reps].sort((a, b) => a - b)) {
    const key = windowSignature(data, w);
    if (!repBySignature.has(key)) repBySignature.set(key, w);
  }
  const counts = new Map<number, number>();
  for (const w of windows) {
    const rep = reps.has(w) ? w : repBySignature.get(windowSignature(data, w));
    if (rep !== undefined) counts.set(rep, (counts.get(rep) ?? 0) + 1);
  }
  return counts;
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

/** The solve's notes, led by the precision fallback when a candidate GPU runs none of hardware.precisions. */
function withPrecisionFallback(scenario: Scenario, notes: readonly string[]): string[] {
  const fallback = precisionFallbackNote(scenario.hardware.gpus, scenario.hardware.precisions);
  return fallback ? [fallback, ...notes] : [...notes];
}
