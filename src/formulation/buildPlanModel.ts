/**
 * The planning MILP over a set of windows (DESIGN.md "Formulation sketch"):
 *   N[g]        servers of GPU type g (integer; ≥ inventory; fixed when the fleet is given)
 *   on[w,g]     powered servers in window w (integer ≤ N[g]; only when idle servers may power off)
 *   n[w,c]      instances of config c in window w (integer)
 *   x[w,c,k]    request rate of class k on config c in window w (req/s); for split designs the same
 *               request is counted once on a prefill config and once on a decode config
 *   start[w,g]  GPUs of type g brought into service at the start of window w
 * Rows:
 *   demand[w,k]    Σ_{c mixed|prefill} x[w,c,k] ≥ rate[k][w]
 *   flow[w,k]      Σ_{c decode} x[w,c,k] = Σ_{c prefill} x[w,c,k]   (every prefilled request is decoded)
 *   capacity[w,c]  Σ_k x[w,c,k] / cap[c,k] ≤ u_max · n[w,c]
 *   kvnet[w,c]     Σ_k x[w,c,k] · KV bytes_k ≤ n[w,c] · tp · NIC bytes/s per GPU   (split roles)
 *   fleet[w,g]     Σ_{c on g} tp_c · n[w,c] ≤ gpusPerServer_g · (on[w,g] or N[g])
 *   start[w,g]     start[w,g] ≥ GPUs active[w] − GPUs active[w−1];  rampLimit: start ≤ limit
 *   power[w]       peak-to-mean · meanPower[w] ≤ provisioned
 * Objective: the scenario's weights on cost (fleet for the horizon + energy + GPU starts + carbon
 * price), energy (kWh, with PUE) and carbon (operational + embodied share).
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

export interface PlanModel {
  readonly model: Model;
  readonly servers: ReadonlyMap<string, Var>;
  /** key `${w}|${g}` */
  readonly poweredServers: ReadonlyMap<string, Var>;
  /** key `${w}|${c}` */
  readonly instances: ReadonlyMap<string, Var>;
  /** key `${w}|${c}|${k}` */
  readonly rates: ReadonlyMap<string, Var>;
  /** key `${w}|${g}` */
  readonly starts: ReadonlyMap<string, Var>;
  readonly demandRows: ReadonlyMap<string, ConstraintRef>;
  readonly powerRows: ReadonlyMap<number, ConstraintRef>;
  readonly windowTerms: ReadonlyMap<number, WindowTerms>;
  readonly fleetCostUsd: LinExpr;
  readonly embodiedKg: LinExpr;
  /** The demand scale α in throughput mode. */
  readonly scale?: Var;
}

const splitRole = (cd: ConfigData) => cd.config.role === 'prefill' || cd.config.role === 'decode';

export function buildPlanModel(data: PlanningData, options: PlanModelOptions): PlanModel {
  const { scenario, configs, gpuTypes } = data;
  const model = new Model(`plan-${scenario.name}`);
  const integer = !options.relax;
  const servers = new Map<string, Var>();
  for (const g of gpuTypes) {
    const fixed = options.fixedFleet?.[g.gpu];
    servers.set(g.gpu, model.addVar('N', [g.gpu], { lb: fixed ?? g.inventoryServers, ub: fixed ?? g.maxServers, integer }));
  }
  const scale = options.maximizeScale ? model.addVar('scale', []) : undefined;
  const pm = {
    scale,
    model,
    servers,
    poweredServers: new Map<string, Var>(),
    instances: new Map<string, Var>(),
    rates: new Map<string, Var>(),
    starts: new Map<string, Var>(),
    demandRows: new Map<string, ConstraintRef>(),
    powerRows: new Map<number, ConstraintRef>(),
    windowTerms: new Map<number, WindowTerms>(),
  };
  const weights = scenario.objective.weights;
  const objectiveParts: LinExpr[] = [];
  let activeBefore: Map<string, LinExpr> | undefined = options.activeBefore
    ? new Map(Object.entries(options.activeBefore).map(([g, v]) => [g, LinExpr.constant(v)]))
    : undefined;
  let previousWindow: number | undefined;

  for (const w of options.windows) {
    // Start-ups link only adjacent windows: representative windows far apart are not a sequence.
    if (previousWindow !== undefined && previousWindow !== w - 1) activeBefore = undefined;
    previousWindow = w;
    const active = addWindowPools(data, pm, w, integer);
    const gpusActive = new Map<string, LinExpr>();
    const serverIdle: LinExpr[] = [];
    for (const g of gpuTypes) {
      const used = LinExpr.weighted(active.gpusUsed.get(g.gpu) ?? []);
      gpusActive.set(g.gpu, used);
      serverIdle.push(addFleetRow(data, pm, w, g, used, integer));
    }
    const startUsd = addStartRows(data, pm, w, gpusActive, activeBefore);
    activeBefore = gpusActive;
    const serverIdleW = LinExpr.sum(serverIdle);
    const meanPowerW = active.loadPowerW.plus(serverIdleW);
    if (Number.isFinite(scenario.power.provisionedKW)) {
      const budgetW = scenario.power.provisionedKW * 1000;
      pm.powerRows.set(
        w,
        scenario.power.budgetBasis === 'nameplate'
          ? model.addConstraint('power', [w], nameplatePowerW(data, pm, w), '<=', budgetW)
          : model.addConstraint('power', [w], meanPowerW.times(PEAK_TO_MEAN_POWER), '<=', budgetW),
      );
    }
    const startKWh = LinExpr.sum(gpuTypes.map((g) => (pm.starts.get(`${w}|${g.gpu}`) ? LinExpr.of(pm.starts.get(`${w}|${g.gpu}`) as Var, g.startKWhPerGpu) : LinExpr.zero())));
    const energyKWh = windowEnergyKWh(data, meanPowerW).plus(startKWh.times(scenario.power.pue));
    const terms = windowCosts(data, w, energyKWh, startUsd);
    pm.windowTerms.set(w, { meanPowerW, energyKWh, energyUsd: terms.energyUsd, carbonKg: terms.carbonKg, startUsd });
    if (options.serverIdleInObjective === false) {
      objectiveParts.push(windowCosts(data, w, windowEnergyKWh(data, active.loadPowerW).plus(startKWh.times(scenario.power.pue)), startUsd).objective);
    } else {
      objectiveParts.push(terms.objective);
    }
  }
  if (scenario.power.idleServers === 'on') {
    const idleW = LinExpr.weighted(gpuTypes.map((g) => ({ coef: g.hostW + g.gpusPerServer * g.gpuIdleW, v: servers.get(g.gpu) as Var })));
    for (const w of options.idleOnlyWindows ?? []) {
      objectiveParts.push(windowCosts(data, w, windowEnergyKWh(data, idleW), LinExpr.zero()).objective);
    }
  }

  const fleetCostUsd = LinExpr.weighted(gpuTypes.map((g) => ({ coef: g.gpusPerServer * g.gpuHourUsd * data.horizonHours, v: servers.get(g.gpu) as Var })));
  const embodiedKg = LinExpr.weighted(gpuTypes.map((g) => ({ coef: g.gpusPerServer * g.embodiedKgPerGpuHour * data.horizonHours, v: servers.get(g.gpu) as Var })));
  const fleetWeight = options.fleetCostWeight ?? 1;
  objectiveParts.push(
    fleetCostUsd.times(weights.costUsd * fleetWeight),
    embodiedKg.times(fleetWeight * (weights.carbonKg + (weights.costUsd * scenario.prices.carbonUsdPerTon) / 1000)),
  );
  if (scale) {
    const costUsd = LinExpr.sum([fleetCostUsd, ...[...pm.windowTerms.values()].flatMap((t) => [t.energyUsd, t.startUsd])]);
    if (options.maximizeScale?.costBudgetUsd !== undefined) model.addConstraint('budget', [], costUsd, '<=', options.maximizeScale.costBudgetUsd);
    // Throughput first; a cost tie-breaker small enough never to trade throughput for dollars.
    model.minimize(LinExpr.of(scale, -1).plus(costUsd.times(1e-9)));
  } else {
    model.minimize(LinExpr.sum(objectiveParts));
  }
  return { ...pm, fleetCostUsd, embodiedKg };
}

/** Energy at the meter of a window at this mean IT power, kWh (PUE included). */
function windowEnergyKWh(data: PlanningData, meanPowerW: LinExpr): LinExpr {
  return meanPowerW.times((data.windowHours * data.scenario.power.pue) / 1000);
}

/** A window's energy in dollars and carbon, and its part of the objective under the scenario's weights. */
function windowCosts(data: PlanningData, w: number, energyKWh: LinExpr, startUsd: LinExpr): { energyUsd: LinExpr; carbonKg: LinExpr; objective: LinExpr } {
  const { prices, objective } = data.scenario;
  const energyUsd = energyKWh.times(prices.electricityUsdPerKWh[w] ?? 0);
  const carbonKg = energyKWh.times((prices.carbonGPerKWh[w] ?? 0) / 1000);
  const costUsd = LinExpr.sum([energyUsd, startUsd, carbonKg.times(prices.carbonUsdPerTon / 1000)]);
  return {
    energyUsd,
    carbonKg,
    objective: LinExpr.sum([costUsd.times(objective.weights.costUsd), energyKWh.times(objective.weights.energyKWh), carbonKg.times(objective.weights.carbonKg)]),
  };
}

type MutablePlanModel = {
  scale: Var | undefined;
  model: Model;
  servers: Map<string, Var>;
  poweredServers: Map<string, Var>;
  instances: Map<string, Var>;
  rates: Map<string, Var>;
  starts: Map<string, Var>;
  demandRows: Map<string, ConstraintRef>;
  powerRows: Map<number, ConstraintRef>;
};

/** Pools of one window: n, x, and the demand, flow, capacity and kvnet rows. */
function addWindowPools(data: PlanningData, pm: MutablePlanModel, w: number, integer: boolean): { loadPowerW: LinExpr; gpusUsed: Map<string, { coef: number; v: Var }[]> } {
  const { scenario, configs, gpuTypes } = data;
  const { model } = pm;
  const served: Var[][] = scenario.classes.map(() => []);
  const prefilled: Var[][] = scenario.classes.map(() => []);
  const decoded: Var[][] = scenario.classes.map(() => []);
  const power: { coef: number; v: Var }[] = [];
  const gpusUsed = new Map<string, { coef: number; v: Var }[]>();
  for (const cd of configs) {
    const active = [...cd.serves].filter(([k]) => (scenario.demandRps[k]?.[w] ?? 0) > 0);
    if (active.length === 0) continue;
    const g = gpuTypes.find((t) => t.gpu === cd.config.gpu);
    const wall = g?.wallPerGpuW ?? 1;
    const n = model.addVar('n', [w, cd.config.id], { integer });
    pm.instances.set(`${w}|${cd.config.id}`, n);
    const load: { coef: number; v: Var }[] = [];
    const kvBytes: { coef: number; v: Var }[] = [];
    for (const [k, { maxRps, wattsPerRps }] of active) {
      const x = model.addVar('x', [w, cd.config.id, k]);
      pm.rates.set(`${w}|${cd.config.id}|${k}`, x);
      const role = cd.config.role;
      (role === 'decode' ? decoded : role === 'prefill' ? prefilled : served)[k]?.push(x);
      if (role === 'prefill') served[k]?.push(x);
      load.push({ coef: 1 / maxRps, v: x });
      // GB rather than bytes keeps the row's coefficients near the others' scale for the solver.
      kvBytes.push({ coef: (data.kvBytesPerRequest[k] ?? 0) / 1e9, v: x });
      power.push({ coef: wattsPerRps * wall, v: x });
    }
    model.addConstraint('capacity', [w, cd.config.id], LinExpr.weighted(load).minus(LinExpr.of(n, data.maxUtilization)), '<=', 0);
    if (splitRole(cd) && g) {
      model.addConstraint('kvnet', [w, cd.config.id], LinExpr.weighted(kvBytes).minus(LinExpr.of(n, (cd.config.tp * g.networkBytesPerSPerGpu) / 1e9)), '<=', 0);
    }
    // An instance's own idle draw replaces the bare idle of the GPUs it occupies.
    power.push({ coef: (cd.idleW - cd.config.tp * (g?.gpuIdleW ?? 0)) * wall, v: n });
    const used = gpusUsed.get(cd.config.gpu) ?? [];
    used.push({ coef: cd.config.tp, v: n });
    gpusUsed.set(cd.config.gpu, used);
  }
  scenario.classes.forEach((cls, k) => {
    const demand = scenario.demandRps[k]?.[w] ?? 0;
    if (demand <= 0) return;
    pm.demandRows.set(
      `${w}|${k}`,
      pm.scale
        ? model.addConstraint('demand', [w, cls.id], LinExpr.sum(served[k] ?? []).minus(LinExpr.of(pm.scale, demand)), '>=', 0)
        : model.addConstraint('demand', [w, cls.id], LinExpr.sum(served[k] ?? []), '>=', demand),
    );
    if ((prefilled[k]?.length ?? 0) > 0 || (decoded[k]?.length ?? 0) > 0) {
      model.addConstraint('flow', [w, cls.id], LinExpr.sum(decoded[k] ?? []).minus(LinExpr.sum(prefilled[k] ?? [])), '=', 0);
    }
  });
  return { loadPowerW: LinExpr.weighted(power), gpusUsed };
}

/** fleet[w,g] and the power of the servers themselves (host + GPUs that run nothing). */
function addFleetRow(data: PlanningData, pm: MutablePlanModel, w: number, g: GpuTypeData, used: LinExpr, integer: boolean): LinExpr {
  const N = pm.servers.get(g.gpu) as Var;
  let powered: Var = N;
  if (data.scenario.power.idleServers === 'off') {
    powered = pm.model.addVar('on', [w, g.gpu], { integer });
    pm.poweredServers.set(`${w}|${g.gpu}`, powered);
    pm.model.addConstraint('powered', [w, g.gpu], LinExpr.of(powered).minus(LinExpr.of(N)), '<=', 0);
  }
  if (used.vars.length > 0) pm.model.addConstraint('fleet', [w, g.gpu], used.minus(LinExpr.of(powered, g.gpusPerServer)), '<=', 0);
  return LinExpr.of(powered, g.hostW + g.gpusPerServer * g.gpuIdleW);
}

/** start[w,g] ≥ GPUs active now − GPUs active in the previous window; returns the start cost. */
function addStartRows(data: PlanningData, pm: MutablePlanModel, w: number, gpusActive: Map<string, LinExpr>, before: Map<string, LinExpr> | undefined): LinExpr {
  if (!before) return LinExpr.zero();
  const { reconfiguration } = data.scenario;
  const costs: LinExpr[] = [];
  const starts: Var[] = [];
  for (const g of data.gpuTypes) {
    const now = gpusActive.get(g.gpu) ?? LinExpr.zero();
    const prev = before.get(g.gpu) ?? LinExpr.zero();
    const s = pm.model.addVar('start', [w, g.gpu]);
    pm.starts.set(`${w}|${g.gpu}`, s);
    starts.push(s);
    pm.model.addConstraint('start', [w, g.gpu], LinExpr.of(s).minus(now).plus(prev), '>=', 0);
    costs.push(LinExpr.of(s, reconfiguration.gpuStartCostUsd));
  }
  if (Number.isFinite(reconfiguration.maxGpuStartsPerWindow)) {
    pm.model.addConstraint('ramp', [w], LinExpr.sum(starts), '<=', reconfiguration.maxGpuStartsPerWindow);
  }
  return LinExpr.sum(costs);
}

/**
 * Nameplate power of the fleet in window w (no oversubscription): every server at its nameplate,
 * except that GPUs of power-capped instances count at their cap instead of their TDP.
 */
function nameplatePowerW(data: PlanningData, pm: MutablePlanModel, w: number): LinExpr {
  const terms: { coef: number; v: Var }[] = data.gpuTypes.map((g) => ({ coef: g.serverNameplateW, v: pm.servers.get(g.gpu) as Var }));
  for (const cd of data.configs) {
    const n = pm.instances.get(`${w}|${cd.config.id}`);
    const g = data.gpuTypes.find((t) => t.gpu === cd.config.gpu);
    if (!n || !g || cd.config.powerCapW === undefined) continue;
    terms.push({ coef: -cd.config.tp * Math.max(0, g.gpuTdpW - cd.config.powerCapW), v: n });
  }
  return LinExpr.weighted(terms);
}
