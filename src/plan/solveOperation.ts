/**
 * The operation stage: with the fleet chosen, operate every window in turn (a rolling horizon: each
 * window starts from the GPUs the one before left active) within the window gap of its own operating
 * cost, and drop the instances a pool does not need. With a ramp limit (maxGpuStartsPerWindow) each
 * window keeps at least the GPUs a later window needs minus the starts allowed in between, so that a
 * night's shrink never makes the morning's ramp infeasible.
 *
 * The rolling horizon is a chain, one window after another; where the load falls it need not be.
 * There a window's plan seldom starts a GPU, and its subproblem without the window before (no
 * start-ups: a relaxation) has the same plans at the same cost. So the windows where the load falls
 * are solved that way, ahead of the chain and beside it (on a second core when `solveWith` solves on
 * the pool), and the chain takes such a plan when it reaches the window if, with its start-ups
 * settled against what is then active, the plan is within the window gap of the relaxation's bound
 * (carryOver). On the pool the helper that solves them also starts the chain's rising windows
 * beyond a fall, from the GPUs the fall is predicted to leave active; the chain takes such a solve
 * only when its own inputs are exactly those. Which windows are solved ahead, and from what, does not
 * depend on timing or on the cores, so neither does the plan.
 */
import { pinnedConfigIds, type PlanningData } from '../formulation/index.js';
import type { BackendName, SolveResult } from '../solver/index.js';
import { windowRows } from './extractRows.js';
import type { SolveFn } from './poolSolve.js';
import { carryOver, minActiveGpus, solveWindow, type WindowOutcome } from './solveWindow.js';
import { trimPools } from './trimPools.js';
import type { PlanRow, WindowSummary } from './types.js';

/**
 * Each window gets at least this long even when the plan's time limit is nearly spent: enough to take
 * its rounded-LP or first plan, short enough that a plan overrunning its limit overruns by little.
 */
export const WINDOW_MIN_SECONDS = 3;

/**
 * Branch-and-bound nodes each window MILP may explore. A work limit, not a time share, so that the
 * same scenario gives the same plan on any machine and under any load; the plan's time limit stays
 * only as a safety net. Most windows prove their gap at the root node; measured on week.yaml, the
 * hardest needed well under this.
 */
export const WINDOW_NODE_LIMIT = 500;

/** Thrown by an operation its `cancelled` option stopped (speculativeOperation.ts: its caller never awaits it). */
export class OperationCancelled extends Error {
  constructor() {
    super('operation cancelled: the fleet stage ended on another plan');
  }
}

export interface OperationOptions {
  readonly backend: BackendName;
  readonly windowGap: number;
  readonly fleet: Readonly<Record<string, number>>;
  /** Seconds left of the plan's time limit. */
  readonly remaining: () => number;
  /** The plan's whole time limit, s (for the share a stopped window used). */
  readonly timeLimitSec: number;
  /** Instances per config to start window w's MILP from: the fleet stage's plan of it, or of the peak. */
  readonly startInstances: (w: number) => ReadonlyMap<string, number> | undefined;
  readonly alwaysInclude?: ReadonlySet<string>;
  readonly restrict: boolean;
  readonly reuseWindows: boolean;
  readonly progress: (message: string, fraction: number) => void;
  /** Where window solves run (default: this thread); the pool lets the windows solved ahead run beside the chain. */
  readonly solveWith?: SolveFn;
  /** Asked before each window: true stops the stage (it throws OperationCancelled). */
  readonly cancelled?: () => boolean;
}

export interface OperatedWindow {
  readonly rows: PlanRow[];
  readonly summary: WindowSummary;
  /** Instances per config (pool id). */
  readonly instances: ReadonlyMap<string, number>;
}

export interface Operation {
  readonly windows: OperatedWindow[];
  /** Windows the fleet cannot serve (to add to the fleet problem). */
  readonly unserved: number[];
  readonly subproblems: number;
  readonly reused: number;
  /** The window whose solve stopped at a limit (its node limit, or the plan's time limit) and took the longest. */
  readonly limitWindow: { readonly window: number; readonly seconds: number; readonly limit: 'time' | 'nodes' } | undefined;
  readonly notes: string[];
  /** Chain windows whose solve a speculative run beside it had started (the pool only; not part of the plan). */
  readonly speculated?: number;
  /** A window whose solve ended without any plan (a limit, or a solver failure): the stage stopped there. */
  readonly noSolution?: { readonly window: number; readonly result: SolveResult };
}

export async function solveOperation(allConfigs: PlanningData, windows: readonly number[], o: OperationOptions): Promise<Operation> {
  const data = onTheFleet(allConfigs, o.fleet);
  const floors = await rampFloors(data, windows, o);
  const solves = new WindowSolves();
  const chain: ChainPosition = { index: 0 };
  const ahead = solveAhead(data, windows, floors.byWindow, o, solves, chain);
  try {
    return { ...(await rollingHorizon(data, windows, floors, ahead, solves, chain, o)), speculated: solves.speculated };
  } finally {
    await ahead.stop();
  }
}

/**
 * The planning data with only the configs a window can run on this fleet: those of the GPU types it
 * has servers of or may rent on demand, and pinned ones. The others' instances are held at 0 by
 * their type's fleet row anyway, but they are over half the columns of a window's model when the
 * catalog offers more types than the fleet buys (every window's LP, short list and model build paid
 * for them), and the cover rows took their best capacities, which no pool here can reach: without
 * them the rows round up the capacity the window can actually use.
 */
export function onTheFleet(data: PlanningData, fleet: Readonly<Record<string, number>>): PlanningData {
  const usable = new Set(data.gpuTypes.filter((g) => (fleet[g.gpu] ?? 0) > 0 || g.acquisition.onDemandUsdPerServerWindow !== undefined).map((g) => g.gpu));
  const pinned = pinnedConfigIds(data.pinned);
  if (data.configs.every((c) => usable.has(c.config.gpu))) return data;
  return { ...data, configs: data.configs.filter((c) => usable.has(c.config.gpu) || pinned.has(c.config.id)).map((c, index) => ({ ...c, index })) };
}

/** How far the chain has come (an index into the windows): the speculative solves stay ahead of it. */
interface ChainPosition {
  index: number;
}

/**
 * The chain's own window solves, by everything a solve depends on (window, the GPUs active before,
 * the ramp floor): whoever asks first, the chain or a speculative run beside it (solveAhead), starts
 * the solve, and the other awaits it. The chain takes a speculative solve only when its inputs are
 * exactly the chain's, so the plan does not depend on which ran it, nor on timing.
 */
class WindowSolves {
  private readonly byKey = new Map<string, { readonly outcome: Promise<WindowOutcome>; readonly by: 'chain' | 'helper' }>();
  /** Chain solves a speculative run had started: a figure for tests, never part of the plan. */
  speculated = 0;

  static key(w: number, activeBefore: Readonly<Record<string, number>> | undefined, floor: number | undefined, nearPlan: ReadonlyMap<string, number> | undefined): string {
    return `${w}|${JSON.stringify(activeBefore ?? null)}|${floor ?? 0}|${JSON.stringify(nearPlan ? [...nearPlan].filter(([, n]) => n > 0) : null)}`;
  }

  claim(key: string, by: 'chain' | 'helper', solve: () => Promise<WindowOutcome>): Promise<WindowOutcome> {
    const held = this.byKey.get(key);
    // The chain asks for each key once and passes on: what it takes need not be held (each outcome
    // holds its window's model).
    if (by === 'chain') this.byKey.delete(key);
    if (held) {
      if (by === 'chain' && held.by === 'helper') this.speculated++;
      return held.outcome;
    }
    const outcome = solve();
    // A speculative solve the chain never asks for must not be an unhandled rejection.
    outcome.catch(() => {});
    if (by === 'helper') this.byKey.set(key, { outcome, by });
    return outcome;
  }
}

async function rollingHorizon(data: PlanningData, windows: readonly number[], floors: { byWindow: Map<number, number>; solves: number }, ahead: AheadSolves, windowSolves: WindowSolves, chain: ChainPosition, o: OperationOptions): Promise<Operation> {
  const out: OperatedWindow[] = [];
  const unserved: number[] = [];
  let subproblems = floors.solves;
  let reused = 0;
  let carried = 0;
  let limitWindow: Operation['limitWindow'];
  let heldForRamp = 0;
  let dropped = 0;
  let activeBefore: Record<string, number> | undefined;
  // A window with the same demand, prices, starting point and floor as an earlier one (the same hour
  // on another weekday) has the same subproblem: reuse its solution.
  const solved = new Map<string, OperatedWindow>();
  for (const [i, w] of windows.entries()) {
    if (o.cancelled?.()) throw new OperationCancelled();
    chain.index = i;
    o.progress(`operating window ${i + 1}/${windows.length} on the fleet`, (i + 1) / windows.length);
    const floor = floors.byWindow.get(w);
    const signature = windowSignature(data, w);
    const key = `${signature}|${JSON.stringify(activeBefore ?? null)}|${floor ?? 0}`;
    const earlier = o.reuseWindows ? solved.get(key) : undefined;
    let done: OperatedWindow;
    if (earlier) {
      done = relabelWindow(earlier, data, w);
      reused++;
    } else {
      // The window solved ahead (or the first with its subproblem), carried onto this one if it fits.
      let outcome: WindowOutcome | undefined;
      let modelWindow = w;
      const relaxed = ahead.get(w);
      if (relaxed) {
        const r = await relaxed;
        subproblems += r.solves;
        // A relaxation that no plan fits: neither does the window.
        outcome = r.outcome.kind === 'infeasible' ? r.outcome : carryOver(data, r.window, r.outcome, { windowGap: o.windowGap, fleet: o.fleet, ...(activeBefore ? { activeBefore } : {}), ...(floor ? { activeGpuFloor: floor } : {}) });
        if (outcome?.kind === 'solved') {
          modelWindow = r.window;
          carried++;
        }
      }
      if (!outcome) {
        // Where the load falls, the window before's pools still serve it and are close to this
        // window's plan: a better start than the peak's.
        const previous = out.at(-1);
        const fromPrevious = previous !== undefined && previous.summary.window === w - 1 && loadFalls(data, w);
        const startInstances = fromPrevious ? previous.instances : o.startInstances(w);
        const nearPlan = previous !== undefined && previous.summary.window === w - 1 ? previous.instances : undefined;
        const solveIt = () => solveWindow(data, w, { ...windowOptions(o, floor), ...(startInstances ? { startInstances } : {}), ...(activeBefore ? { activeBefore } : {}), ...(nearPlan ? { nearPlan } : {}) });
        // Started from the window before's pools, the solve depends on more than its key: never shared.
        outcome = fromPrevious ? await solveIt() : await windowSolves.claim(WindowSolves.key(w, activeBefore, floor, nearPlan), 'chain', solveIt);
        subproblems += outcome.solves;
      }
      if (outcome.kind === 'infeasible') {
        unserved.push(w);
        activeBefore = undefined;
        continue;
      }
      if (outcome.kind === 'no-solution') {
        return { windows: out, unserved, subproblems, reused, limitWindow, notes: [], noSolution: { window: w, result: outcome.result } };
      }
      const limit = outcome.termination === 'time_limit' ? 'time' : outcome.termination === 'iteration_limit' ? 'nodes' : undefined;
      // A time stop outranks a node stop: only the former makes the plan depend on the machine.
      if (limit && (limitWindow === undefined || (limit === 'time' && limitWindow.limit === 'nodes') || (limit === limitWindow.limit && outcome.seconds > limitWindow.seconds))) {
        limitWindow = { window: w, seconds: outcome.seconds, limit };
      }
      const finished = finishWindow(outcome, modelWindow, activeBefore, floor);
      dropped += finished.dropped;
      done = finished.window;
      if (modelWindow !== w) done = relabelWindow(done, data, w);
      heldForRamp += finished.heldForRamp;
      solved.set(key, done);
    }
    activeBefore = activeGpus(done.rows);
    out.push(done);
  }
  const notes: string[] = [];
  if (reused > 0) notes.push(`${reused} windows reused the operation of an identical earlier window`);
  if (carried > 0) notes.push(`${carried} windows where the load falls took the plan solved ahead without the window before (within the window gap, start-ups settled)`);
  if (dropped > 0) notes.push(`${dropped} instances a pool did not need within maxUtilization were dropped after the window solves`);
  if (heldForRamp > 0) notes.push(`${heldForRamp} GPU-windows kept active above the load's need for a later ramp (maxGpuStartsPerWindow ${data.maxGpuStartsPerWindow})`);
  return { windows: out, unserved, subproblems, reused, limitWindow, notes };
}

/** A solved window's plan with the instances its pools do not need dropped, as rows and summary. */
function finishWindow(outcome: Extract<WindowOutcome, { kind: 'solved' }>, modelWindow: number, activeBefore: Readonly<Record<string, number>> | undefined, floor: number | undefined): { window: OperatedWindow; dropped: number; heldForRamp: number } {
  const trimmed = trimPools(outcome.data, outcome.pm, modelWindow, outcome.values, activeBefore, floor);
  const extracted = windowRows(outcome.data, outcome.pm, trimmed.solution, modelWindow);
  const operating = trimmed.solution.evaluate(outcome.pm.window(modelWindow).operatingObjective);
  // A dropped instance can only lower the cost: the bound stays a bound.
  const bound = outcome.bound === undefined ? undefined : Math.min(outcome.bound, operating);
  const pm = outcome.pm;
  const window: OperatedWindow = {
    instances: new Map(pm.pools(modelWindow).map((pool) => [pool.id, trimmed.solution.value(pool.n)])),
    rows: extracted.rows,
    summary: {
      ...extracted.summary,
      operatingObjective: operating,
      operatingBound: bound,
      operatingGap: bound === undefined ? undefined : relativeGap(operating, bound),
      heldForRampGpus: trimmed.heldForRamp,
    },
  };
  return { window, dropped: trimmed.dropped, heldForRamp: trimmed.heldForRamp };
}

/** The options every window solve shares. */
function windowOptions(o: OperationOptions, floor: number | undefined) {
  return {
    backend: o.backend,
    timeLimitSec: Math.max(WINDOW_MIN_SECONDS, o.remaining()),
    nodeLimit: WINDOW_NODE_LIMIT,
    windowGap: o.windowGap,
    fleet: o.fleet,
    restrict: o.restrict,
    ...(o.alwaysInclude ? { alwaysInclude: o.alwaysInclude } : {}),
    ...(o.solveWith ? { solveWith: o.solveWith } : {}),
    ...(floor ? { activeGpuFloor: floor } : {}),
  };
}

interface AheadSolves {
  /**
   * The relaxed solve of window w, if w is solved ahead: the outcome, the window it was solved as (the
   * first with the same subproblem) and its solves (counted once, by the first window that asks).
   */
  get(w: number): Promise<{ window: number; outcome: WindowOutcome; solves: number }> | undefined;
  /** Stop solving ahead and wait for the solve in flight. */
  stop(): Promise<void>;
}

/**
 * Solve ahead, beside the chain, every window where the load falls (after the first), without the
 * window before: the first window of each subproblem (demand, prices and ramp floor), each from the
 * plan of the one before when that was solved ahead too. Each such solve is started by whoever asks
 * first, this helper in window order or the chain when it gets there sooner, so the chain never waits
 * for the helper's queue, only for a solve in flight.
 *
 * On the pool the helper also runs the chain's rising windows speculatively: right after the window
 * before a run of rising windows is solved ahead, it predicts the GPUs that window will leave active
 * (its relaxed plan, carried with nothing to start) and solves the run from there, as the chain
 * would, until the chain catches up. The chain takes such a solve only when the GPUs it has active
 * are exactly the predicted ones (WindowSolves), which is where the load fell before the run.
 */
function solveAhead(data: PlanningData, windows: readonly number[], floors: ReadonlyMap<number, number>, o: OperationOptions, windowSolves: WindowSolves, chain: ChainPosition): AheadSolves {
  const keyOf = (w: number) => `${windowSignature(data, w)}|${floors.get(w) ?? 0}`;
  const isAhead = new Set(windows.filter((w, i) => i > 0 && windows[i - 1] === w - 1 && loadFalls(data, w)));
  const firstOf = new Map<string, number>();
  for (const w of isAhead) if (!firstOf.has(keyOf(w))) firstOf.set(keyOf(w), w);
  const firsts = new Set(firstOf.values());
  const started = new Map<number, Promise<WindowOutcome>>();
  const relaxedSolve = (w: number): Promise<WindowOutcome> => {
    let p = started.get(w);
    if (!p) {
      p = (async () => {
        const before = firsts.has(w - 1) ? await relaxedSolve(w - 1).catch(() => undefined) : undefined;
        const nearPlan = before?.kind === 'solved' ? instancesOf(before, w - 1) : undefined;
        const startInstances = nearPlan ?? o.startInstances(w);
        return solveWindow(data, w, { ...windowOptions(o, floors.get(w)), ...(startInstances ? { startInstances } : {}), ...(nearPlan ? { nearPlan } : {}) });
      })();
      // A window solved ahead that the chain never asks for must not be an unhandled rejection.
      p.catch(() => {});
      started.set(w, p);
    }
    return p;
  };
  const counted = new Set<number>();
  let stopped = false;
  const speculate = o.solveWith !== undefined;
  const runsSeen = new Set<string>();
  const helper = (async () => {
    for (const [i, w] of windows.entries()) {
      if (stopped || o.cancelled?.()) return;
      if (firsts.has(w)) await relaxedSolve(w).catch(() => undefined);
      const next = windows[i + 1];
      if (speculate && isAhead.has(w) && next === w + 1 && !isAhead.has(next)) await speculateRun(i + 1, w);
    }
  })();

  /** The chain's rising windows from index `from`, after the window `before` (solved ahead), from the GPUs that window is predicted to leave active. */
  async function speculateRun(from: number, before: number): Promise<void> {
    if (chain.index >= from) return;
    const first = firstOf.get(keyOf(before)) as number;
    const relaxed = await relaxedSolve(first).catch(() => undefined);
    if (relaxed?.kind !== 'solved') return;
    const carried = carryOver(data, first, relaxed, { windowGap: o.windowGap, fleet: o.fleet, ...(floors.get(before) ? { activeGpuFloor: floors.get(before) } : {}) });
    if (carried?.kind !== 'solved') return;
    const predicted = finishWindow(carried, first, undefined, floors.get(before)).window;
    let active = activeGpus(predicted.rows);
    let near = predicted.instances;
    const run: number[] = [];
    for (let k = from; k < windows.length && !isAhead.has(windows[k] as number) && windows[k] === (windows[k - 1] as number) + 1; k++) run.push(k);
    // The same run on another day, from the same GPUs, is the chain's to reuse: not solved twice.
    const runKey = `${run.map((k) => keyOf(windows[k] as number)).join(';')}|${JSON.stringify(active)}`;
    if (runsSeen.has(runKey)) return;
    runsSeen.add(runKey);
    for (const k of run) {
      if (stopped || o.cancelled?.() || chain.index >= k) return;
      const w = windows[k] as number;
      const floor = floors.get(w);
      const startInstances = o.startInstances(w);
      const activeBefore = active;
      const nearPlan = near;
      const outcome = await windowSolves
        .claim(WindowSolves.key(w, activeBefore, floor, nearPlan), 'helper', () => solveWindow(data, w, { ...windowOptions(o, floor), ...(startInstances ? { startInstances } : {}), activeBefore, nearPlan }))
        .catch(() => undefined);
      if (outcome?.kind !== 'solved') return;
      const finished = finishWindow(outcome, w, activeBefore, floor).window;
      active = activeGpus(finished.rows);
      near = finished.instances;
    }
  }

  return {
    get(w) {
      const first = isAhead.has(w) ? firstOf.get(keyOf(w)) : undefined;
      if (first === undefined) return undefined;
      return relaxedSolve(first).then((outcome) => {
        const solves = counted.has(first) ? 0 : outcome.solves;
        counted.add(first);
        return { window: first, outcome, solves };
      });
    },
    async stop() {
      stopped = true;
      await helper;
    },
  };
}

/** Instances per pool of a solved window's plan. */
function instancesOf(outcome: Extract<WindowOutcome, { kind: 'solved' }>, w: number): Map<string, number> {
  return new Map(outcome.pm.pools(w).map((pool) => [pool.id, outcome.values[pool.n.index] as number]));
}

export function relativeGap(objective: number, bound: number): number {
  return Math.max(0, objective - bound) / Math.max(1e-9, Math.abs(objective));
}

/**
 * The ramp floor of every window: with at most L GPU starts per window, window w must keep at least
 * need(w + j) − j·L GPUs for every later window w + j, where need is the fewest GPUs that window can
 * run on. Computed backwards: floor(w) = max(need(w+1), floor(w+1)) − L.
 */
async function rampFloors(data: PlanningData, windows: readonly number[], o: OperationOptions): Promise<{ byWindow: Map<number, number>; solves: number }> {
  const byWindow = new Map<number, number>();
  const limit = data.maxGpuStartsPerWindow;
  if (!Number.isFinite(limit) || windows.length < 2) return { byWindow, solves: 0 };
  const needBySignature = new Map<string, number>();
  let solves = 0;
  const need = async (w: number): Promise<number> => {
    const key = windowSignature(data, w);
    let n = needBySignature.get(key);
    if (n === undefined) {
      n = (await minActiveGpus(data, w, { backend: o.backend, timeLimitSec: Math.max(WINDOW_MIN_SECONDS, o.remaining()), nodeLimit: WINDOW_NODE_LIMIT, fleet: o.fleet })) ?? 0;
      solves++;
      needBySignature.set(key, n);
    }
    return n;
  };
  let later = 0;
  for (let i = windows.length - 1; i >= 1; i--) {
    const w = windows[i] as number;
    const before = windows[i - 1] as number;
    if (before !== w - 1) {
      later = 0;
      continue;
    }
    later = Math.max(await need(w), later) - limit;
    if (later > 0) byWindow.set(before, later);
    else later = 0;
  }
  return { byWindow, solves };
}

/** What a window's subproblem depends on besides the fleet: its demand, its prices and its capacity corrections. */
export function windowSignature(data: PlanningData, w: number): string {
  const s = data.scenario;
  // Pins differ per window (a deployment's windows): two windows of the same demand but other pins
  // are other subproblems.
  const pins = [...(data.pinned?.byWindow[w] ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, n]) => `${id}=${n}`).join(';');
  return [...s.demandRps.map((d) => d[w] ?? 0), s.prices.electricityUsdPerKWh[w] ?? 0, s.prices.carbonGPerKWh[w] ?? 0, data.capacityDerate?.signature(w) ?? '', pins].join(',');
}

/** A solved window's rows and summary moved to another window with the same subproblem. */
function relabelWindow(out: OperatedWindow, data: PlanningData, w: number): OperatedWindow {
  const windowStart = data.scenario.horizon.windows[w]?.startIso ?? '';
  return {
    rows: out.rows.map((r) => ({ ...r, window: w, windowStart })),
    summary: { ...out.summary, window: w, windowStart },
    instances: out.instances,
  };
}

/** No class has more demand in window w than in the window before. */
function loadFalls(data: PlanningData, w: number): boolean {
  return data.demandRps.every((d) => (d[w] ?? 0) <= (d[w - 1] ?? 0));
}

/** GPUs active per type in a window's rows. */
export function activeGpus(rows: readonly PlanRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.role !== 'idle') out[r.gpu] = (out[r.gpu] ?? 0) + r.gpus;
  return out;
}
