/**
 * The planning MILP over a set of windows (README "Formulation"):
 *   N[g]        servers of GPU type g (integer; ≥ inventory; fixed when the fleet is given)
 *   on[w,g]     powered servers in window w (integer ≤ N[g]; only when idle servers may power off)
 *   n[w,c]      instances of config c in window w (integer)
 *   x[w,c,k]    request rate of class k on config c in window w (req/s); for split designs the same
 *               request is counted once on a prefill config and once on a decode config
 *   start[w,g]  GPUs of type g brought into service at the start of window w
 * Rows, one function each below:
 *   demand[w,k]    Σ_{c mixed|prefill} x[w,c,k] ≥ rate[k][w]   (α · rate[k][w] in throughput mode)
 *   flow[w,k]      Σ_{c decode} x[w,c,k] = Σ_{c prefill} x[w,c,k]   (every prefilled request is decoded)
 *   capacity[w,c]  Σ_k x[w,c,k] / cap[c,k] ≤ u_max · n[w,c]
 *   kvnet[w,c]     Σ_k x[w,c,k] · KV bytes_k ≤ n[w,c] · tp · NIC bytes/s per GPU   (split roles)
 *   fleet[w,g]     Σ_{c on g} tp_c · n[w,c] ≤ gpusPerServer_g · (on[w,g] or N[g])
 *   powered[w,g]   on[w,g] ≤ N[g]
 *   start[w,g]     start[w,g] ≥ GPUs active[w] − GPUs active[w−1]
 *   ramp[w]        Σ_g start[w,g] ≤ limit
 *   power[w]       peak-to-mean · meanPower[w] ≤ provisioned   (or the nameplate power ≤ provisioned)
 * Objective: the scenario's weights on cost (fleet for the horizon + energy + GPU starts + carbon
 * price), energy (kWh, with PUE) and carbon (operational + embodied share); in throughput mode the
 * demand scale α, with cost as a tie-breaker.
 *
 * The model is built in a fixed order (per window: the pools' variables, then their rows), which
 * the solvers see as column and row order: keep it when changing the code, or plans may change.
 */
import { LinExpr, Model, type ConstraintRef, type Var } from '../solver/index.js';
import { PEAK_TO_MEAN_POWER, type ConfigData, type GpuTypeData, type PlanningData } from './planningData.js';

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
}

export interface WindowTerms {
  readonly meanPowerW: LinExpr;
  readonly energyKWh: LinExpr;
  readonly energyUsd: LinExpr;
  readonly carbonKg: LinExpr;
  readonly startUsd: LinExpr;
}

/** One config's pool in one window: its instances and its rate per class served. */
export interface Pool {
  readonly w: number;
  /** The config's (pool's) id. */
  readonly id: string;
  readonly config: ConfigData;
  readonly gpuType: GpuTypeData | undefined;
  /** n[w,c] */
  readonly n: Var;
  /** class index → x[w,c,k], for the classes with demand in the window. */
  readonly x: ReadonlyMap<number, Var>;
}

/** The built model, with its variables, rows and terms reached by what they stand for. */
export interface PlanModel {
  readonly model: Model;
  /** The windows modelled, ascending. */
  readonly windows: readonly number[];
  /** N[g]: servers of GPU type g. */
  servers(gpu: string): Var;
  /** Servers of type g in service in window w: on[w,g] when idle servers power off, else N[g]. */
  powered(w: number, gpu: string): Var;
  /** start[w,g]: GPUs of type g brought into service at the start of w; undefined for a window that follows none. */
  start(w: number, gpu: string): Var | undefined;
  /** The pools of window w in config order (configs serving no class with demand in w have none). */
  pools(w: number): readonly Pool[];
  /** n[w,c] for config (pool) id c; undefined if the window has no such pool. */
  n(w: number, configId: string): Var | undefined;
  /** x[w,c,k] for config (pool) id c and class index k; undefined if the pool does not serve k in w. */
  x(w: number, configId: string, k: number): Var | undefined;
  /** demand[w,k]; undefined for a class without demand in w. */
  demandRow(w: number, k: number): ConstraintRef | undefined;
  /** power[w]; undefined without a power budget. */
  powerRow(w: number): ConstraintRef | undefined;
  /** Power, energy, cost and carbon of window w. */
  window(w: number): WindowTerms;
  /** Fleet cost over the horizon, USD. */
  readonly fleetCostUsd: LinExpr;
  /** Embodied carbon of the fleet attributed to the horizon, kg. */
  readonly embodiedKg: LinExpr;
  /** The demand scale α in throughput mode. */
  readonly scale?: Var;
}

/** The variables of one window. */
interface WindowVars {
  readonly w: number;
  readonly pools: readonly Pool[];
  /** on[w,g], when idle servers may power off. */
  readonly on: ReadonlyMap<string, Var> | undefined;
  /** start[w,g], when the window follows another one. */
  readonly starts: ReadonlyMap<string, Var> | undefined;
}

/** Everything built for one window. */
interface BuiltWindow {
  readonly vars: WindowVars;
  readonly poolById: ReadonlyMap<string, Pool>;
  readonly rows: WindowRows;
  readonly terms: WindowTerms;
}

/** What the row families need: the model, the data, the fleet and the modes chosen for this build. */
interface Builder {
  readonly model: Model;
  readonly data: PlanningData;
  readonly integer: boolean;
  readonly servers: ReadonlyMap<string, Var>;
  /** demand[w,k]'s right-hand side for a rate: the rate, or α × the rate in throughput mode. */
  readonly demandTarget: (rate: number) => LinExpr | number;
  /** What power[w] limits, by the budget's basis; undefined without a budget. */
  readonly budgetedPowerW: ((wv: WindowVars, meanPowerW: LinExpr) => LinExpr) | undefined;
}

/** Prices of a window outside the horizon (never planned; kept total for callers that probe). */
const NO_PRICES = { electricityUsdPerKWh: 0, carbonKgPerKWh: 0 } as const;

const splitRole = (cd: ConfigData) => cd.config.role === 'prefill' || cd.config.role === 'decode';

export function buildPlanModel(data: PlanningData, options: PlanModelOptions): PlanModel {
  const model = new Model(`plan-${data.name}`);
  const integer = !options.relax;
  const servers = fleetVariables(model, data, options.fixedFleet, integer);
  const scale = options.maximizeScale ? model.addVar('scale', []) : undefined;
  const b: Builder = {
    model,
    data,
    integer,
    servers,
    demandTarget: scale ? (rate) => LinExpr.of(scale, rate) : (rate) => rate,
    budgetedPowerW: data.powerBudget === undefined
      ? undefined
      : data.powerBudget.basis === 'nameplate'
        ? (wv) => nameplatePowerW(b, wv)
        : (_wv, meanPowerW) => meanPowerW.times(PEAK_TO_MEAN_POWER),
  };
  const built = new Map<number, BuiltWindow>();
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

    const startKWh = LinExpr.sum(data.gpuTypes.map((g) => {
      const s = vars.starts?.get(g.gpu);
      return s ? LinExpr.of(s, g.startKWhPerGpu) : LinExpr.zero();
    }));
    const energyKWh = windowEnergyKWh(data, rows.meanPowerW).plus(startKWh.times(data.pue));
    const costs = windowCosts(data, w, energyKWh, rows.startUsd);
    const terms: WindowTerms = { meanPowerW: rows.meanPowerW, energyKWh, energyUsd: costs.energyUsd, carbonKg: costs.carbonKg, startUsd: rows.startUsd };
    built.set(w, { vars, poolById: new Map(vars.pools.map((p) => [p.id, p])), rows, terms });
    windowObjectives.push(
      options.serverIdleInObjective === false
        ? windowCosts(data, w, windowEnergyKWh(data, rows.loadPowerW).plus(startKWh.times(data.pue)), rows.startUsd).objective
        : costs.objective,
    );
  }

  const fleetCostUsd = LinExpr.weighted(data.gpuTypes.map((g) => ({ coef: g.fleetUsdPerServer, v: servers.get(g.gpu) as Var })));
  const embodiedKg = LinExpr.weighted(data.gpuTypes.map((g) => ({ coef: g.embodiedKgPerServer, v: servers.get(g.gpu) as Var })));
  if (scale) {
    throughputObjective(b, scale, fleetCostUsd, [...built.values()].map((bw) => bw.terms), options.maximizeScale?.costBudgetUsd);
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
  return planModel(model, servers, built, { fleetCostUsd, embodiedKg, ...(scale ? { scale } : {}) });
}

/** The accessors over what was built. */
function planModel(model: Model, servers: ReadonlyMap<string, Var>, built: ReadonlyMap<number, BuiltWindow>, fleetTerms: Pick<PlanModel, 'fleetCostUsd' | 'embodiedKg' | 'scale'>): PlanModel {
  const windowOf = (w: number): BuiltWindow => {
    const bw = built.get(w);
    if (!bw) throw new RangeError(`window ${w} is not in model '${model.name}'`);
    return bw;
  };
  const serversOf = (gpu: string): Var => {
    const v = servers.get(gpu);
    if (!v) throw new RangeError(`GPU type ${gpu} is not in model '${model.name}'`);
    return v;
  };
  return {
    model,
    windows: [...built.keys()],
    servers: serversOf,
    powered: (w, gpu) => windowOf(w).vars.on?.get(gpu) ?? serversOf(gpu),
    start: (w, gpu) => windowOf(w).vars.starts?.get(gpu),
    pools: (w) => windowOf(w).vars.pools,
    n: (w, configId) => windowOf(w).poolById.get(configId)?.n,
    x: (w, configId, k) => windowOf(w).poolById.get(configId)?.x.get(k),
    demandRow: (w, k) => windowOf(w).rows.demandRows.get(k),
    powerRow: (w) => windowOf(w).rows.powerRow,
    window: (w) => windowOf(w).terms,
    ...fleetTerms,
  };
}

// ---- Variables ----

/** N[g]: servers per GPU type, at least the inventory (or fixed). */
function fleetVariables(model: Model, data: PlanningData, fixedFleet: Readonly<Record<string, number>> | undefined, integer: boolean): Map<string, Var> {
  const servers = new Map<string, Var>();
  for (const g of data.gpuTypes) {
    const fixed = fixedFleet?.[g.gpu];
    servers.set(g.gpu, model.addVar('N', [g.gpu], { lb: fixed ?? g.inventoryServers, ub: fixed ?? g.maxServers, integer }));
  }
  return servers;
}

/** n[w,c] and x[w,c,k] for the configs serving a class with demand in w, then on[w,g], then start[w,g]. */
function windowVariables(b: Builder, w: number, followsWindow: boolean): WindowVars {
  const { model, data, integer } = b;
  const pools: Pool[] = [];
  for (const cd of data.configs) {
    const active = [...cd.serves.keys()].filter((k) => (data.demandRps[k]?.[w] ?? 0) > 0);
    if (active.length === 0) continue;
    const n = model.addVar('n', [w, cd.id], { integer });
    const x = new Map(active.map((k) => [k, model.addVar('x', [w, cd.id, k])]));
    pools.push({ w, id: cd.id, config: cd, gpuType: data.gpuTypes.find((t) => t.gpu === cd.config.gpu), n, x });
  }
  const on = data.idleServers === 'off' ? new Map(data.gpuTypes.map((g) => [g.gpu, model.addVar('on', [w, g.gpu], { integer })])) : undefined;
  const starts = followsWindow ? new Map(data.gpuTypes.map((g) => [g.gpu, model.addVar('start', [w, g.gpu])])) : undefined;
  return { w, pools, on, starts };
}

// ---- Rows of one window, in the model's order ----

interface WindowRows {
  readonly demandRows: ReadonlyMap<number, ConstraintRef>;
  readonly powerRow: ConstraintRef | undefined;
  /** GPUs in service per type. */
  readonly gpusActive: ReadonlyMap<string, LinExpr>;
  /** Power the pools add to the servers' idle (instances' own idle above bare and their load), W. */
  readonly loadPowerW: LinExpr;
  readonly meanPowerW: LinExpr;
  readonly startUsd: LinExpr;
}

function windowRows(b: Builder, wv: WindowVars, activeBefore: ReadonlyMap<string, LinExpr> | undefined): WindowRows {
  const { data } = b;
  const { w } = wv;
  for (const pool of wv.pools) {
    capacity(b, pool);
    if (splitRole(pool.config) && pool.gpuType) kvnet(b, pool, pool.gpuType);
  }
  const demandRows = new Map<number, ConstraintRef>();
  data.classIds.forEach((_, k) => {
    const rate = data.demandRps[k]?.[w] ?? 0;
    if (rate <= 0) return;
    const ofClass = classRates(wv.pools, k);
    demandRows.set(k, demand(b, w, k, ofClass.served, rate));
    if (ofClass.prefilled.length > 0 || ofClass.decoded.length > 0) flow(b, w, k, ofClass);
  });
  const gpusActive = new Map<string, LinExpr>();
  const serverIdle: LinExpr[] = [];
  for (const g of data.gpuTypes) {
    const inService = wv.on?.get(g.gpu) ?? (b.servers.get(g.gpu) as Var);
    if (wv.on) powered(b, w, g, inService);
    const used = gpusUsed(wv.pools, g);
    gpusActive.set(g.gpu, used);
    if (used.termCount > 0) fleet(b, w, g, used, inService);
    serverIdle.push(LinExpr.of(inService, g.serverIdleW));
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
  const loadPowerW = LinExpr.sum(wv.pools.map(poolLoadPowerW));
  const meanPowerW = loadPowerW.plus(LinExpr.sum(serverIdle));
  const powerRow = b.budgetedPowerW ? power(b, w, b.budgetedPowerW(wv, meanPowerW)) : undefined;
  return { demandRows, powerRow, gpusActive, loadPowerW, meanPowerW, startUsd };
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

/** kvnet[w,c]: the prompts' KV a split pool sends or receives fits its GPUs' share of the server NIC. */
function kvnet(b: Builder, pool: Pool, g: GpuTypeData): ConstraintRef {
  const { data } = b;
  // GB rather than bytes keeps the row's coefficients near the others' scale for the solver.
  const kvGB = LinExpr.weighted([...pool.x].map(([k, v]) => ({ coef: (data.kvBytesPerRequest[k] ?? 0) / 1e9, v })));
  return b.model.addConstraint('kvnet', [pool.w, pool.id], kvGB, '<=', LinExpr.of(pool.n, (pool.config.config.tp * g.networkBytesPerSPerGpu) / 1e9));
}

/** fleet[w,g]: the pools' GPUs fit in the servers in service. */
function fleet(b: Builder, w: number, g: GpuTypeData, used: LinExpr, inService: Var): ConstraintRef {
  return b.model.addConstraint('fleet', [w, g.gpu], used, '<=', LinExpr.of(inService, g.gpusPerServer));
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

/** power[w]: the budgeted power (predicted peak or nameplate) within the provisioned power. */
function power(b: Builder, w: number, budgetedW: LinExpr): ConstraintRef {
  return b.model.addConstraint('power', [w], budgetedW, '<=', (b.data.powerBudget as { provisionedW: number }).provisionedW);
}

// ---- Expressions ----

/** Σ_k x/cap: the pool's load as a share of one instance's SLO capacity. */
function poolLoad(pool: Pool): LinExpr {
  return LinExpr.weighted([...pool.x].map(([k, v]) => ({ coef: 1 / (pool.config.serves.get(k)?.maxRps as number), v })));
}

/**
 * Power the pool adds to its servers' idle, W: each rate's load power, and each instance's own idle
 * draw in place of the bare idle of the GPUs it occupies; all of it drawing extra host power at the wall.
 */
function poolLoadPowerW(pool: Pool): LinExpr {
  const wall = pool.gpuType?.wallPerGpuW ?? 1;
  const terms = [...pool.x].map(([k, v]) => ({ coef: (pool.config.serves.get(k)?.wattsPerRps as number) * wall, v }));
  terms.push({ coef: (pool.config.idleW - pool.config.config.tp * (pool.gpuType?.gpuIdleW ?? 0)) * wall, v: pool.n });
  return LinExpr.weighted(terms);
}

/** Σ_{c on g} tp_c · n[w,c]: the GPUs of type g the pools occupy. */
function gpusUsed(pools: readonly Pool[], g: GpuTypeData): LinExpr {
  return LinExpr.weighted(pools.filter((p) => p.config.config.gpu === g.gpu).map((p) => ({ coef: p.config.config.tp, v: p.n })));
}

/**
 * Nameplate power of the fleet in window w (no oversubscription): every server at its nameplate,
 * except that GPUs of power-capped instances count at their cap instead of their TDP.
 */
function nameplatePowerW(b: Builder, wv: WindowVars): LinExpr {
  const terms: { coef: number; v: Var }[] = b.data.gpuTypes.map((g) => ({ coef: g.serverNameplateW, v: b.servers.get(g.gpu) as Var }));
  for (const pool of wv.pools) {
    const cap = pool.config.config.powerCapW;
    if (!pool.gpuType || cap === undefined) continue;
    terms.push({ coef: -pool.config.config.tp * Math.max(0, pool.gpuType.gpuTdpW - cap), v: pool.n });
  }
  return LinExpr.weighted(terms);
}

/** Energy at the meter of a window at this mean IT power, kWh (PUE included). */
function windowEnergyKWh(data: PlanningData, meanPowerW: LinExpr): LinExpr {
  return meanPowerW.times(data.windowKWhPerW);
}

/** A window's energy in dollars and carbon, and its part of the objective under the scenario's weights. */
function windowCosts(data: PlanningData, w: number, energyKWh: LinExpr, startUsd: LinExpr): { energyUsd: LinExpr; carbonKg: LinExpr; objective: LinExpr } {
  const prices = data.windowPrices[w] ?? NO_PRICES;
  const { weights, carbonUsdPerKg } = data.objective;
  const energyUsd = energyKWh.times(prices.electricityUsdPerKWh);
  const carbonKg = energyKWh.times(prices.carbonKgPerKWh);
  const costUsd = LinExpr.sum([energyUsd, startUsd, carbonKg.times(carbonUsdPerKg)]);
  return {
    energyUsd,
    carbonKg,
    objective: LinExpr.sum([costUsd.times(weights.costUsd), energyKWh.times(weights.energyKWh), carbonKg.times(weights.carbonKg)]),
  };
}

/** The idle energy of the fleet's servers in windows that are not modelled otherwise (idle servers on). */
function idleOnlyObjectives(data: PlanningData, servers: ReadonlyMap<string, Var>, windows: readonly number[]): LinExpr[] {
  const idleW = LinExpr.weighted(data.gpuTypes.map((g) => ({ coef: g.serverIdleW, v: servers.get(g.gpu) as Var })));
  return windows.map((w) => windowCosts(data, w, windowEnergyKWh(data, idleW), LinExpr.zero()).objective);
}

/** Throughput mode: maximize α, cost only breaking ties, within the cost budget if one is given. */
function throughputObjective(b: Builder, scale: Var, fleetCostUsd: LinExpr, windows: readonly WindowTerms[], costBudgetUsd: number | undefined): void {
  const costUsd = LinExpr.sum([fleetCostUsd, ...windows.flatMap((t) => [t.energyUsd, t.startUsd])]);
  if (costBudgetUsd !== undefined) b.model.addConstraint('budget', [], costUsd, '<=', costBudgetUsd);
  // Throughput first; a cost tie-breaker small enough never to trade throughput for dollars.
  b.model.minimize(LinExpr.of(scale, -1).plus(costUsd.times(1e-9)));
}
