/**
 * The planning MILP over a set of windows (README "Formulation"):
 *   N[g]        servers of GPU type g (integer; ≥ inventory; fixed when the fleet is given)
 *   on[w,g]     powered servers in window w (integer ≤ N[g]; only when idle servers may power off)
 *   n[w,c]      instances of config c in window w (integer)
 *   x[w,c,k]    request rate of class k on config c in window w (req/s); for split designs the same
 *               request is counted once on a prefill config and once on a decode config
 *   start[w,g]  GPUs of type g brought into service at the start of window w
 *   od[w,g]     servers of type g rented on demand for window w (integer; only for types offered on demand)
 *   B[g], R[g]  new servers of type g bought and reserved (integer; only when a type offers both):
 *               N[g] = inventory + B[g] + R[g]
 * Rows, one function each below:
 *   demand[w,k]    Σ_{c mixed|prefill} x[w,c,k] ≥ rate[k][w]   (α · rate[k][w] in throughput mode)
 *   flow[w,k]      Σ_{c decode} x[w,c,k] = Σ_{c prefill} x[w,c,k]   (every prefilled request is decoded)
 *   capacity[w,c]  Σ_k x[w,c,k] / cap[c,k] ≤ u_max · n[w,c]
 *   kvnet[w,c]     Σ_k x[w,c,k] · KV bytes_k ≤ n[w,c] · tp · NIC bytes/s per GPU   (split roles)
 *   fleet[w,g]     Σ_{c on g} tp_c · n[w,c] ≤ gpusPerServer_g · (on[w,g] or N[g]) (+ od[w,g])
 *   odMax[w,g]     N[g] + od[w,g] ≤ maxServers_g   (on-demand types with a server limit)
 *   acquire[g]     N[g] − B[g] − R[g] = inventory   (types that may be bought and reserved)
 *   powered[w,g]   on[w,g] ≤ N[g]
 *   start[w,g]     start[w,g] ≥ GPUs active[w] − GPUs active[w−1]
 *   ramp[w]        Σ_g start[w,g] ≤ limit
 *   rampFloor[w]   Σ_g GPUs active[w] ≥ floor[w]   (operation stage: keeps a later ramp feasible)
 *   power[w]       peak-to-mean · meanPower[w] ≤ provisioned   (or the nameplate power ≤ provisioned)
 *   cover[w,G]     Σ_{c∈G} n[w,c] ≥ ⌈Σ_{k∈G} rate[k][w] / (u_max · best cap_k)⌉, and in GPUs   (only with
 *                  coverCuts: valid inequalities for the fleet stage's and the operation's models; G a pool partition)
 *   pinned[w,c]    Σ_{pools of config c} n[w,·] = instances   (only for pinned configs, PinnedPools)
 *   hold[w,G]      Σ_{c∈G} q_c · n[w,c] = Σ_{c∈G} q_c · n[w0,c]   (a design's hold: G the pools alike but for
 *                  the choices free to change, TP and/or clock; q_c = 1 holding instances, tp_c holding GPUs;
 *                  w0 the first window modelled, or of w's period when the hold has one)
 *   levelSplit[w,c,k]  Σ_l xl[w,c,k,l] ≤ x[w,c,k]   (miss levels: a class with a pooled SLO scope)
 *   missBudget[w,G]    Σ_{c,k∈G} x + Σ_{c,k∈G,l} (m_l − 1) · xl[w,c,k,l] ≤ Σ_{k∈G} rate[k][w]: the
 *                  pooled percentile's misses, in units of its allowed share (a rate at its own level
 *                  misses at most 1×, at level l m_l×), within the group's requests
 * Objective: the scenario's weights on cost (fleet for the horizon: bought and reserved servers at
 * their horizon price, owned ones at their running cost; + on-demand rent + energy + GPU starts +
 * carbon price), energy (kWh, with PUE) and carbon (operational + embodied share); in throughput
 * mode the demand scale α, with cost as a tie-breaker.
 *
 * The model is built in a fixed order (per window: the pools' variables, then their rows), which
 * the solvers see as column and row order: keep it when changing the code, or plans may change.
 */
import { LinExpr, Model, type ConstraintRef, type Var } from '../solver/index.js';
import { planModel, type AcquiredVars, type BuiltWindow, type PlanModel, type WindowRows, type WindowVars } from './planModel.js';
import { configInWindow, PEAK_TO_MEAN_POWER, pinnedInstances, serverBudgetW, type ConfigData, type GpuTypeData, type PlanningData } from './planningData.js';
import type { HeldChoice, PowerBudgetBasis } from '../scenario/index.js';
import { gpusUsed, poolLoad, poolLoadPowerW, serverIdleW, windowCosts, windowEnergyKWh, type Pool } from './terms.js';

export type { PlanModel } from './planModel.js';

export interface PlanModelOptions {
  /** Windows to include (indices into the horizon), ascending. */
  readonly windows: readonly number[];
  /** Fix the fleet (servers per GPU type) instead of choosing it. */
  readonly fixedFleet?: Readonly<Record<string, number>>;
  /** Weight on the fleet's cost in the objective (1 = the whole horizon). */
  readonly fleetCostWeight?: number;
  /** Drop integrality (the LP relaxation gives lower bounds cheaply). */
  readonly relax?: boolean;
  /**
   * GPUs active per type just before the first window, when it follows a solved window (rolling
   * horizon); without it the first window starts from nothing and pays no start-up.
   */
  readonly activeBefore?: Readonly<Record<string, number>>;
  /**
   * Throughput mode (compare's iso-power and iso-cost): demand becomes α × rate with α a variable,
   * the objective maximizes α (cost only breaks ties), and an optional budget caps fleet + energy cost.
   */
  readonly maximizeScale?: { readonly costBudgetUsd?: number };
  /**
   * Windows outside `windows` whose only modelled term is the energy of the fleet's powered-on
   * servers idling (host + idle GPUs), linear in N: with idle servers on, every window pays it
   * whatever its pools are, so the fleet choice sees the whole horizon's idle energy. Ignored when
   * idle servers may power off.
   */
  readonly idleOnlyWindows?: readonly number[];
  /**
   * Leave the powered-on servers' idle energy out of the objective (it stays in the power rows):
   * the window bounds of the fleet decomposition, which pair with `idleOnlyWindows` (default true).
   */
  readonly serverIdleInObjective?: boolean;
  /**
   * Fewest GPUs (all types) window w may keep active: with a ramp limit, a window that shrinks below
   * what a later window needs minus the starts allowed in between makes that later window infeasible.
   */
  readonly activeGpuFloor?: ReadonlyMap<number, number>;
  /** Minimize the GPUs the pools occupy instead of the objective (the ramp floors' need per window). */
  readonly minimizeActiveGpus?: boolean;
  /**
   * Weight of each window's own terms in the objective (default 1): a window standing for several
   * windows with the same demand and prices (the fleet stage with on-demand billing, which must see
   * every window's rent to weigh reserving against renting by the hour).
   */
  readonly windowWeights?: ReadonlyMap<number, number>;
  /**
   * Add cover[w,G] rows (valid inequalities, docs/how-it-plans.md "The planning MILP"): they cut fractional pools off the
   * LP relaxation where pools are few and whole instances matter (a fleet that binds at the peak).
   */
  readonly coverCuts?: boolean;
  /**
   * A cap on the fleet: its cost and embodied carbon as the objective weighs them, plus its servers'
   * idle energy through `windows` (idle servers on), at most `limit`. A valid inequality for any plan
   * whose objective is within `limit` plus the rest of the objective's lower bound: the window bounds
   * of the fleet decomposition, where the fleet is free and would otherwise run a window's load on as
   * many GPUs as its activity power likes.
   */
  readonly fleetCap?: { readonly windows: readonly number[]; readonly limit: number };
}

/** What the row families need: the model, the data, the fleet and the modes chosen for this build. */
interface Builder {
  readonly model: Model;
  readonly coverCuts: boolean;
  readonly data: PlanningData;
  readonly integer: boolean;
  readonly servers: ReadonlyMap<string, Var>;
  /** demand[w,k]'s right-hand side for a rate: the rate, or α × the rate in throughput mode. */
  readonly demandTarget: (rate: number) => LinExpr | number;
  /** What power[w] limits, by the budget's basis; undefined without a budget. */
  readonly budgetedPowerW: ((wv: WindowVars, meanPowerW: LinExpr) => LinExpr) | undefined;
}

const splitRole = (cd: ConfigData) => cd.config.role === 'prefill' || cd.config.role === 'decode';

export function buildPlanModel(data: PlanningData, options: PlanModelOptions): PlanModel {
  const model = new Model(`plan-${data.name}`);
  const integer = !options.relax;
  const servers = fleetVariables(model, data, options.fixedFleet, integer);
  const acquired = options.fixedFleet ? new Map<string, AcquiredVars>() : acquisitionVariables(model, data, servers, integer);
  const scale = options.maximizeScale ? model.addVar('scale', []) : undefined;
  const b: Builder = {
    model,
    coverCuts: options.coverCuts === true && options.maximizeScale === undefined,
    data,
    integer,
    servers,
    demandTarget: scale ? (rate) => LinExpr.of(scale, rate) : (rate) => rate,
    budgetedPowerW: budgetedPower(data.powerBudget?.basis, (wv, basis) => provisionedServerPowerW(b, wv, basis)),
  };
  const built: BuiltWindow[] = [];
  const windowObjectives: LinExpr[] = [];
  let activeBefore: ReadonlyMap<string, LinExpr> | undefined = options.activeBefore
    ? new Map(Object.entries(options.activeBefore).map(([g, v]) => [g, LinExpr.constant(v)]))
    : undefined;
  let previousWindow: number | undefined;

  for (const w of options.windows) {
    // Start-ups link only adjacent windows: representative windows far apart are not a sequence.
    if (previousWindow !== undefined && previousWindow !== w - 1) activeBefore = undefined;
    previousWindow = w;
    const vars = windowVariables(b, w, activeBefore !== undefined);
    const rows = windowRows(b, vars, activeBefore);
    activeBefore = rows.gpusActive;
    const floor = options.activeGpuFloor?.get(w);
    if (floor !== undefined && floor > 0) rampFloor(b, w, LinExpr.sum([...rows.gpusActive.values()]), floor);

    const startKWh = LinExpr.sum(data.gpuTypes.map((g) => {
      const s = vars.starts?.get(g.gpu);
      return s ? LinExpr.of(s, g.startKWhPerGpu) : LinExpr.zero();
    }));
    const startEnergyKWh = startKWh.times(data.pue);
    const energyKWh = windowEnergyKWh(data, rows.meanPowerW).plus(startEnergyKWh);
    const costs = windowCosts(data, w, energyKWh, rows.startUsd, rows.onDemandUsd);
    built.push({ ...vars, ...rows, energyKWh, startEnergyKWh, energyUsd: costs.energyUsd, carbonKg: costs.carbonKg, operatingObjective: costs.objective });
    const objective = options.serverIdleInObjective === false
      ? windowCosts(data, w, windowEnergyKWh(data, rows.loadPowerW.plus(rows.onDemandIdleW)).plus(startEnergyKWh), rows.startUsd, rows.onDemandUsd).objective
      : costs.objective;
    const weight = options.windowWeights?.get(w) ?? 1;
    windowObjectives.push(weight === 1 ? objective : objective.times(weight));
  }
  if (data.hold) holdRows(b, data.hold, built, data.holdPeriodWindows);

  const fleetCostOf = new Map(data.gpuTypes.map((g) => [g.gpu, fleetCostExpr(g, servers.get(g.gpu) as Var, acquired.get(g.gpu))]));
  const fleetCostUsd = LinExpr.sum(fleetCostOf.values());
  const embodiedKg = LinExpr.weighted(data.gpuTypes.map((g) => ({ coef: g.embodiedKgPerServer, v: servers.get(g.gpu) as Var })));
  if (options.fleetCap && data.idleServers === 'on') {
    const spend = LinExpr.sum([
      fleetCostUsd.times(data.objective.weights.costUsd),
      embodiedKg.times(data.objective.embodiedKgWeight),
      ...idleOnlyObjectives(data, servers, options.fleetCap.windows),
    ]);
    model.addConstraint('fleetCap', [], spend, '<=', options.fleetCap.limit);
  }
  if (options.minimizeActiveGpus) {
    model.minimize(LinExpr.sum(built.flatMap((bw) => [...bw.gpusActive.values()])));
  } else if (scale) {
    throughputObjective(b, scale, fleetCostUsd, built, options.maximizeScale?.costBudgetUsd);
  } else {
    const idleOnly = data.idleServers === 'on' ? idleOnlyObjectives(data, servers, options.idleOnlyWindows ?? []) : [];
    const fleetWeight = options.fleetCostWeight ?? 1;
    model.minimize(LinExpr.sum([
      ...windowObjectives,
      ...idleOnly,
      fleetCostUsd.times(data.objective.weights.costUsd * fleetWeight),
      embodiedKg.times(fleetWeight * data.objective.embodiedKgWeight),
    ]));
  }
  return planModel(model, data, built, { servers, acquired, fleetCostUsd, fleetCostOf, embodiedKg, scale });
}

// ---- Variables ----

/** N[g]: servers per GPU type for the whole horizon, at least the inventory (or fixed); only the inventory when none may be bought or reserved. */
function fleetVariables(model: Model, data: PlanningData, fixedFleet: Readonly<Record<string, number>> | undefined, integer: boolean): Map<string, Var> {
  const servers = new Map<string, Var>();
  for (const g of data.gpuTypes) {
    const fixed = fixedFleet?.[g.gpu];
    const committed = g.acquisition.buyUsdPerServer !== undefined || g.acquisition.reserveUsdPerServer !== undefined;
    const ub = committed ? g.maxServers : Math.min(g.maxServers, g.inventoryServers);
    servers.set(g.gpu, model.addVar('N', [g.gpu], { lb: fixed ?? g.inventoryServers, ub: fixed ?? ub, integer }));
  }
  return servers;
}

/** B[g] and R[g], with acquire[g], for the types that may be both bought and reserved (the others need no split). */
function acquisitionVariables(model: Model, data: PlanningData, servers: ReadonlyMap<string, Var>, integer: boolean): Map<string, AcquiredVars> {
  const out = new Map<string, AcquiredVars>();
  for (const g of data.gpuTypes) {
    if (g.acquisition.buyUsdPerServer === undefined || g.acquisition.reserveUsdPerServer === undefined) continue;
    const bought = model.addVar('B', [g.gpu], { integer });
    const reserved = model.addVar('R', [g.gpu], { integer });
    model.addConstraint('acquire', [g.gpu], LinExpr.of(servers.get(g.gpu) as Var).minus(LinExpr.sum([bought, reserved])), '=', g.inventoryServers);
    out.set(g.gpu, { bought, reserved });
  }
  return out;
}

/**
 * What the servers of type g cost over the horizon: new ones (N − inventory) at their mode's price,
 * or B and R at theirs when both modes are offered; owned ones only their stated running cost.
 */
function fleetCostExpr(g: GpuTypeData, n: Var, acquired: AcquiredVars | undefined): LinExpr {
  const a = g.acquisition;
  const owned = g.inventoryServers * a.ownedUsdPerServer;
  if (acquired) {
    return LinExpr.weighted([{ coef: a.buyUsdPerServer as number, v: acquired.bought }, { coef: a.reserveUsdPerServer as number, v: acquired.reserved }]).plus(owned);
  }
  const price = a.buyUsdPerServer ?? a.reserveUsdPerServer ?? 0;
  const constant = owned - price * g.inventoryServers;
  const expr = LinExpr.of(n, price);
  return constant === 0 ? expr : expr.plus(constant);
}

/** n[w,c] and x[w,c,k] for the configs serving a class with demand in w, then on[w,g], then start[w,g]. */
function windowVariables(b: Builder, w: number, followsWindow: boolean): WindowVars {
  const { model, data, integer } = b;
  const pools: Pool[] = [];
  for (const cd of data.configs) {
    const active = [...cd.serves.keys()].filter((k) => (data.demandRps[k]?.[w] ?? 0) > 0);
    // A pinned pool exists (and costs) even in a window where none of its classes has demand; so does
    // every pool of a design that holds its pools across windows.
    if (active.length === 0 && !data.hold && !((pinnedInstances(data, w, cd.config.id) ?? 0) > 0 && cd.pool === firstPoolKey(data, cd.config.id))) continue;
    const n = model.addVar('n', [w, cd.id], { integer });
    const x = new Map(active.map((k) => [k, model.addVar('x', [w, cd.id, k])]));
    const config = configInWindow(data, cd, w);
    const levels = data.missBudget && cd.config.role === 'mixed' ? missLevelVariables(b, w, cd.id, config, active) : undefined;
    pools.push({ w, id: cd.id, config, gpuType: data.gpuTypes.find((t) => t.gpu === cd.config.gpu), n, x, ...(levels ? { levels } : {}) });
  }
  const on = data.idleServers === 'off' ? new Map(data.gpuTypes.map((g) => [g.gpu, model.addVar('on', [w, g.gpu], { integer })])) : undefined;
  const starts = followsWindow ? new Map(data.gpuTypes.map((g) => [g.gpu, model.addVar('start', [w, g.gpu])])) : undefined;
  const onDemandTypes = data.gpuTypes.filter((g) => g.acquisition.onDemandUsdPerServerWindow !== undefined);
  const onDemand = onDemandTypes.length > 0 ? new Map(onDemandTypes.map((g) => [g.gpu, model.addVar('od', [w, g.gpu], { integer })])) : undefined;
  return { w, pools, on, starts, ...(onDemand ? { onDemand } : {}) };
}

/** xl[w,c,k,l]: the rate of class k on pool c served at miss level l, for the classes with levels there. */
function missLevelVariables(b: Builder, w: number, poolId: string, config: ConfigData, active: readonly number[]): Map<number, { missMultiple: number; maxRps: number; v: Var }[]> | undefined {
  const levels = new Map<number, { missMultiple: number; maxRps: number; v: Var }[]>();
  for (const k of active) {
    const served = config.serves.get(k)?.levels;
    if (!served || served.length === 0) continue;
    levels.set(k, served.map((l) => ({ ...l, v: b.model.addVar('xl', [w, poolId, k, l.missMultiple]) })));
  }
  return levels.size > 0 ? levels : undefined;
}

// ---- Rows of one window, in the model's order ----

function windowRows(b: Builder, wv: WindowVars, activeBefore: ReadonlyMap<string, LinExpr> | undefined): WindowRows {
  const { data } = b;
  const { w } = wv;
  for (const pool of wv.pools) {
    capacity(b, pool);
    if (splitRole(pool.config) && pool.gpuType) kvnet(b, pool, pool.gpuType);
    for (const [k, levels] of pool.levels ?? []) levelSplit(b, pool, k, levels);
  }
  if (data.missBudget) for (const g of data.missBudget) missBudget(b, wv, g);
  if (data.pinned) pinnedRows(b, wv);
  const demandRows = new Map<number, ConstraintRef>();
  data.classIds.forEach((_, k) => {
    const rate = data.demandRps[k]?.[w] ?? 0;
    if (rate <= 0) return;
    const ofClass = classRates(wv.pools, k);
    demandRows.set(k, demand(b, w, k, ofClass.served, rate));
    if (ofClass.prefilled.length > 0 || ofClass.decoded.length > 0) flow(b, w, k, ofClass);
  });
  if (b.coverCuts) coverRows(b, wv);
  const gpusActive = new Map<string, LinExpr>();
  const serverIdle = new Map<string, LinExpr>();
  const onDemandUsd: LinExpr[] = [];
  const onDemandIdle: LinExpr[] = [];
  for (const g of data.gpuTypes) {
    const inService = wv.on?.get(g.gpu) ?? (b.servers.get(g.gpu) as Var);
    if (wv.on) powered(b, w, g, inService);
    const used = gpusUsed(wv.pools, g);
    gpusActive.set(g.gpu, used);
    const rented = wv.onDemand?.get(g.gpu);
    if (used.termCount > 0) fleet(b, w, g, used, rented ? LinExpr.sum([inService, rented]) : LinExpr.of(inService));
    serverIdle.set(g.gpu, rented ? serverIdleW(inService, g).plus(serverIdleW(rented, g)) : serverIdleW(inService, g));
    if (rented) {
      if (Number.isFinite(g.maxServers)) onDemandLimit(b, w, g, rented);
      onDemandUsd.push(LinExpr.of(rented, g.acquisition.onDemandUsdPerServerWindow as number));
      onDemandIdle.push(serverIdleW(rented, g));
    }
  }
  let startUsd = LinExpr.zero();
  if (wv.starts && activeBefore) {
    const costs: LinExpr[] = [];
    for (const g of data.gpuTypes) {
      const s = wv.starts.get(g.gpu) as Var;
      start(b, w, g, s, gpusActive.get(g.gpu) ?? LinExpr.zero(), activeBefore.get(g.gpu) ?? LinExpr.zero());
      costs.push(LinExpr.of(s, data.gpuStartCostUsd));
    }
    if (Number.isFinite(data.maxGpuStartsPerWindow)) ramp(b, w, [...wv.starts.values()]);
    startUsd = LinExpr.sum(costs);
  }
  const poolPower = new Map(wv.pools.map((p) => [p, poolLoadPowerW(p)]));
  const loadPowerW = LinExpr.sum(poolPower.values());
  const meanPowerW = loadPowerW.plus(LinExpr.sum(serverIdle.values()));
  const powerRow = b.budgetedPowerW ? power(b, w, b.budgetedPowerW(wv, meanPowerW)) : undefined;
  return { demandRows, powerRow, gpusActive, poolLoadPowerW: poolPower, serverIdleW: serverIdle, loadPowerW, meanPowerW, startUsd, onDemandUsd: LinExpr.sum(onDemandUsd), onDemandIdleW: LinExpr.sum(onDemandIdle) };
}

/** The rates of class k by the part they play: served (mixed and prefill), prefilled, decoded. */
function classRates(pools: readonly Pool[], k: number): { served: Var[]; prefilled: Var[]; decoded: Var[] } {
  const served: Var[] = [];
  const prefilled: Var[] = [];
  const decoded: Var[] = [];
  for (const pool of pools) {
    const x = pool.x.get(k);
    if (!x) continue;
    const role = pool.config.config.role;
    (role === 'decode' ? decoded : role === 'prefill' ? prefilled : served).push(x);
    if (role === 'prefill') served.push(x);
  }
  return { served, prefilled, decoded };
}

// ---- Row families ----

/**
 * pinned[w,c]: the pools of a pinned config hold its given instances. A pin whose config has no pool
 * in this model (a relaxation merged it, a short list left it out) adds no row: the model without it
 * is a relaxation, and the final models keep pinned configs (solveWindow).
 */
function pinnedRows(b: Builder, wv: WindowVars): void {
  const byConfig = new Map<string, Var[]>();
  for (const pool of wv.pools) {
    const id = pool.config.config.id;
    if (pinnedInstances(b.data, wv.w, id) === undefined) continue;
    byConfig.set(id, [...(byConfig.get(id) ?? []), pool.n]);
  }
  for (const [id, ns] of byConfig) b.model.addConstraint('pinned', [wv.w, id], LinExpr.sum(ns), '=', pinnedInstances(b.data, wv.w, id) as number);
}

/**
 * hold[w,G]: a design that holds its pools keeps, in every window, what the first window has: each
 * group's instances (or GPUs), where a group is the pools alike in everything the design does not
 * let change (the model, GPU type, role and class partition always; the TP and the clock when held).
 * With a period of P windows, what is held is each period's first window's (windows 0…P−1, P…2P−1, …).
 */
function holdRows(b: Builder, hold: readonly HeldChoice[], built: readonly BuiltWindow[], period: number | undefined): void {
  if (built.length < 2) return;
  const periodOf = (bw: BuiltWindow) => (period === undefined ? 0 : Math.floor(bw.w / period));
  const sameGroup = (a: ConfigData, c: ConfigData) =>
    a.pool === c.pool && a.config.model === c.config.model && a.config.gpu === c.config.gpu && a.config.role === c.config.role &&
    a.config.stack === c.config.stack && a.config.precision === c.config.precision && a.config.powerCapW === c.config.powerCapW &&
    (!hold.includes('tp') || a.config.tp === c.config.tp) && (!hold.includes('clock') || a.config.clockMHz === c.config.clockMHz);
  const groups: ConfigData[] = [];
  for (const cd of b.data.configs) if (!groups.some((g) => sameGroup(g, cd))) groups.push(cd);
  const perInstance = (cd: ConfigData) => (hold.includes('gpus') ? cd.config.tp : 1);
  const held = (bw: BuiltWindow, group: ConfigData) => LinExpr.weighted(bw.pools.filter((p) => sameGroup(group, p.config)).map((p) => ({ coef: perInstance(p.config), v: p.n })));
  groups.forEach((group, gi) => {
    let first: BuiltWindow | undefined;
    let base = LinExpr.zero();
    for (const bw of built) {
      if (first === undefined || periodOf(bw) !== periodOf(first)) {
        first = bw;
        base = held(bw, group);
        continue;
      }
      b.model.addConstraint('hold', [bw.w, gi], held(bw, group).minus(base), '=', 0);
    }
  });
}

/** The first pool key of a config (partitioned configs have several pools; an idle pinned pool needs one). */
function firstPoolKey(data: PlanningData, configId: string): string | undefined {
  return data.configs.find((c) => c.config.id === configId)?.pool;
}

/** demand[w,k]: the pools that take requests in (mixed and prefill) serve the class's rate. */
function demand(b: Builder, w: number, k: number, served: readonly Var[], rate: number): ConstraintRef {
  return b.model.addConstraint('demand', [w, b.data.classIds[k] as string], LinExpr.sum(served), '>=', b.demandTarget(rate));
}

/** flow[w,k]: every request a prefill pool prefills is decoded by a decode pool. */
function flow(b: Builder, w: number, k: number, rates: { prefilled: readonly Var[]; decoded: readonly Var[] }): ConstraintRef {
  return b.model.addConstraint('flow', [w, b.data.classIds[k] as string], LinExpr.sum(rates.decoded), '=', LinExpr.sum(rates.prefilled));
}

/** capacity[w,c]: Σ_k x/cap ≤ u_max · n. */
function capacity(b: Builder, pool: Pool): ConstraintRef {
  return b.model.addConstraint('capacity', [pool.w, pool.id], poolLoad(pool), '<=', LinExpr.of(pool.n, b.data.maxUtilization));
}

/**
 * cover[w,G]: pools that serve the classes of G (a set of classes and the mixed or prefill pools that
 * serve them, closed under "serves": a pool partition) need at least the instances, and the GPUs, of
 * the classes' demand at the best capacity any of them offers, rounded up to whole instances (and to
 * the TP degrees' common multiple of GPUs). Valid: a pool's load Σ_k x/cap ≤ u·n is at least
 * Σ_k x · min_c 1/cap_c,k (a miss level's rate loads it by its own, larger capacity, at least the same
 * minimum), and G's pools serve all of G's demand. The rounding is what the LP relaxation lacks.
 */
function coverRows(b: Builder, wv: WindowVars): void {
  const { data } = b;
  const u = data.maxUtilization;
  const served = wv.pools.filter((p) => p.config.config.role !== 'decode');
  // Least instances and GPUs per req/s of each class, over the pools that may serve it.
  const perRps = new Map<number, { instances: number; gpus: number; pools: Pool[] }>();
  for (const pool of served) {
    for (const k of pool.x.keys()) {
      if (!((data.demandRps[k]?.[wv.w] ?? 0) > 0)) continue;
      const own = pool.config.serves.get(k)?.maxRps as number;
      const best = Math.max(own, ...(pool.levels?.get(k) ?? []).map((l) => l.maxRps));
      const instances = 1 / (u * best);
      const e = perRps.get(k) ?? { instances: Infinity, gpus: Infinity, pools: [] };
      perRps.set(k, { instances: Math.min(e.instances, instances), gpus: Math.min(e.gpus, instances * pool.config.config.tp), pools: [...e.pools, pool] });
    }
  }
  // Classes linked by a pool serving both belong to one group (union-find over class indices).
  const parent = new Map<number, number>([...perRps.keys()].map((k) => [k, k]));
  const root = (k: number): number => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    return r;
  };
  for (const pool of served) {
    const ks = [...pool.x.keys()].filter((k) => perRps.has(k));
    for (const k of ks.slice(1)) parent.set(root(k), root(ks[0] as number));
  }
  const groups = new Map<number, number[]>();
  for (const k of [...perRps.keys()].sort((a, c) => a - c)) groups.set(root(k), [...(groups.get(root(k)) ?? []), k]);
  for (const classes of groups.values()) {
    const pools = [...new Set(classes.flatMap((k) => perRps.get(k)?.pools ?? []))];
    const need = (per: 'instances' | 'gpus') => classes.reduce((sum, k) => sum + (perRps.get(k)?.[per] as number) * (data.demandRps[k]?.[wv.w] as number), 0);
    const step = pools.map((p) => p.config.config.tp).reduce(gcd);
    const name = data.classIds[classes[0] as number] as string;
    // A hair below each integer before rounding up: capacities are floating point.
    b.model.addConstraint('cover', [wv.w, name, 'instances'], LinExpr.sum(pools.map((p) => p.n)), '>=', Math.ceil(need('instances') - COVER_TOLERANCE));
    b.model.addConstraint('cover', [wv.w, name, 'gpus'], LinExpr.weighted(pools.map((p) => ({ coef: p.config.config.tp, v: p.n }))), '>=', step * Math.ceil(need('gpus') / step - COVER_TOLERANCE));
  }
}

const COVER_TOLERANCE = 1e-6;
const gcd = (a: number, c: number): number => (c === 0 ? a : gcd(c, a % c));

/** levelSplit[w,c,k]: the rate served at miss levels is part of the class's rate on the pool. */
function levelSplit(b: Builder, pool: Pool, k: number, levels: readonly { v: Var }[]): ConstraintRef {
  return b.model.addConstraint('levelSplit', [pool.w, pool.id, k], LinExpr.sum(levels.map((l) => l.v)), '<=', LinExpr.of(pool.x.get(k) as Var));
}

/**
 * missBudget[w,G]: the group's misses within its pooled percentile, in units of the allowed share:
 * a served rate misses at most its share (1 × x), a rate at miss level l m_l times it, so
 * Σ x + Σ (m_l − 1)·xl ≤ Σ rate over the group's classes (rates served beyond the demand count
 * their misses too: they earn no credit).
 */
function missBudget(b: Builder, wv: WindowVars, g: { name: string; classes: readonly number[] }): void {
  const terms: { coef: number; v: Var }[] = [];
  let leveled = false;
  for (const pool of wv.pools) {
    if (pool.config.config.role === 'decode') continue;
    for (const k of g.classes) {
      const x = pool.x.get(k);
      if (x) terms.push({ coef: 1, v: x });
      for (const l of pool.levels?.get(k) ?? []) {
        terms.push({ coef: l.missMultiple - 1, v: l.v });
        leveled = true;
      }
    }
  }
  const rate = g.classes.reduce((sum, k) => sum + (b.data.demandRps[k]?.[wv.w] ?? 0), 0);
  if (leveled) b.model.addConstraint('missBudget', [wv.w, g.name], LinExpr.weighted(terms), '<=', b.demandTarget(rate));
}

/** kvnet[w,c]: the prompts' KV a split pool sends or receives fits its GPUs' share of the server NIC. */
function kvnet(b: Builder, pool: Pool, g: GpuTypeData): ConstraintRef {
  const { data } = b;
  // GB rather than bytes keeps the row's coefficients near the others' scale for the solver.
  const kvGB = LinExpr.weighted([...pool.x].map(([k, v]) => ({ coef: (data.kvBytesPerRequest[k] ?? 0) / 1e9, v })));
  return b.model.addConstraint('kvnet', [pool.w, pool.id], kvGB, '<=', LinExpr.of(pool.n, (pool.config.config.tp * g.networkBytesPerSPerGpu) / 1e9));
}

/** fleet[w,g]: the pools' GPUs fit in the servers in service (the fleet's, and those rented on demand). */
function fleet(b: Builder, w: number, g: GpuTypeData, used: LinExpr, inService: LinExpr): ConstraintRef {
  return b.model.addConstraint('fleet', [w, g.gpu], used, '<=', inService.times(g.gpusPerServer));
}

/** odMax[w,g]: the fleet and the servers rented on demand stay within the type's server limit. */
function onDemandLimit(b: Builder, w: number, g: GpuTypeData, rented: Var): ConstraintRef {
  return b.model.addConstraint('odMax', [w, g.gpu], LinExpr.sum([b.servers.get(g.gpu) as Var, rented]), '<=', g.maxServers);
}

/** powered[w,g]: no more servers on than the fleet has. */
function powered(b: Builder, w: number, g: GpuTypeData, on: Var): ConstraintRef {
  return b.model.addConstraint('powered', [w, g.gpu], LinExpr.of(on), '<=', LinExpr.of(b.servers.get(g.gpu) as Var));
}

/** start[w,g]: GPUs brought into service = GPUs active now − GPUs active in the previous window, at least. */
function start(b: Builder, w: number, g: GpuTypeData, s: Var, now: LinExpr, before: LinExpr): ConstraintRef {
  return b.model.addConstraint('start', [w, g.gpu], LinExpr.of(s), '>=', now.minus(before));
}

/** ramp[w]: at most so many GPU starts per window. */
function ramp(b: Builder, w: number, starts: readonly Var[]): ConstraintRef {
  return b.model.addConstraint('ramp', [w], LinExpr.sum(starts), '<=', b.data.maxGpuStartsPerWindow);
}

/** rampFloor[w]: at least so many GPUs stay active, so that the ramp limit can reach a later window's need. */
function rampFloor(b: Builder, w: number, active: LinExpr, floor: number): ConstraintRef {
  return b.model.addConstraint('rampFloor', [w], active, '>=', floor);
}

/** power[w]: the budgeted power (predicted peak or nameplate) within the provisioned power. */
function power(b: Builder, w: number, budgetedW: LinExpr): ConstraintRef {
  return b.model.addConstraint('power', [w], budgetedW, '<=', (b.data.powerBudget as { provisionedW: number }).provisionedW);
}

// ---- Expressions ----

/** What power[w] limits: the predicted peak (from the window's mean power), or the servers' budgeted power. */
function budgetedPower(basis: PowerBudgetBasis | undefined, provisioned: (wv: WindowVars, basis: 'nameplate' | 'gpu-tdp') => LinExpr): Builder['budgetedPowerW'] {
  if (basis === undefined) return undefined;
  if (basis === 'predicted-peak') return (_wv, meanPowerW) => meanPowerW.times(PEAK_TO_MEAN_POWER);
  return (wv) => provisioned(wv, basis);
}

/**
 * The fleet's power in window w without oversubscription: every server at its budgeted power
 * (serverBudgetW: nameplate, or its GPUs' TDP), except that GPUs of power-capped instances count at
 * their cap instead of their TDP.
 */
function provisionedServerPowerW(b: Builder, wv: WindowVars, basis: 'nameplate' | 'gpu-tdp'): LinExpr {
  const perServerW = (g: GpuTypeData) => serverBudgetW(g, basis);
  const terms: { coef: number; v: Var }[] = b.data.gpuTypes.map((g) => ({ coef: perServerW(g), v: b.servers.get(g.gpu) as Var }));
  for (const g of b.data.gpuTypes) {
    const rented = wv.onDemand?.get(g.gpu);
    if (rented) terms.push({ coef: perServerW(g), v: rented });
  }
  for (const pool of wv.pools) {
    const cap = pool.config.config.powerCapW;
    if (!pool.gpuType || cap === undefined) continue;
    terms.push({ coef: -pool.config.config.tp * Math.max(0, pool.gpuType.gpuTdpW - cap), v: pool.n });
  }
  return LinExpr.weighted(terms);
}

/** The idle energy of the fleet's servers in windows that are not modelled otherwise (idle servers on). */
function idleOnlyObjectives(data: PlanningData, servers: ReadonlyMap<string, Var>, windows: readonly number[]): LinExpr[] {
  const idleW = LinExpr.weighted(data.gpuTypes.map((g) => ({ coef: g.serverIdleW, v: servers.get(g.gpu) as Var })));
  return windows.map((w) => windowCosts(data, w, windowEnergyKWh(data, idleW), LinExpr.zero(), LinExpr.zero()).objective);
}

/** Throughput mode: maximize α, cost only breaking ties, within the cost budget if one is given. */
function throughputObjective(b: Builder, scale: Var, fleetCostUsd: LinExpr, windows: readonly { energyUsd: LinExpr; startUsd: LinExpr; onDemandUsd: LinExpr }[], costBudgetUsd: number | undefined): void {
  const costUsd = LinExpr.sum([fleetCostUsd, ...windows.flatMap((t) => [t.energyUsd, t.startUsd, t.onDemandUsd])]);
  if (costBudgetUsd !== undefined) b.model.addConstraint('budget', [], costUsd, '<=', costBudgetUsd);
  // Throughput first; a cost tie-breaker small enough never to trade throughput for dollars.
  b.model.minimize(LinExpr.of(scale, -1).plus(costUsd.times(1e-9)));
}
