/**
 * The built plan model as its users see it: variables, rows and expressions reached by what they
 * stand for (typed accessors, no string keys), including the terms every reported figure of a plan
 * is read from. Report-only terms are built on first use: most models are solved and never reported.
 */
import { LinExpr, type ConstraintRef, type Model, type Var } from '../solver/index.js';
import { PEAK_TO_MEAN_POWER, type GpuTypeData, type PlanningData } from './planningData.js';
import { poolBareIdleW, poolGpus, poolLoad, windowEnergyKWh, windowPrices, type Pool } from './terms.js';

export type { Pool } from './terms.js';

/** A window's power, energy, cost and carbon. */
export interface WindowTerms {
  /** Mean IT power: the pools' load power and the idle power of the servers in service, W. */
  readonly meanPowerW: LinExpr;
  /** Predicted peak power, W (the power row's left side when the budget is on the predicted peak). */
  readonly peakPowerW: LinExpr;
  /** Energy at the meter, PUE included, start-ups included, kWh. */
  readonly energyKWh: LinExpr;
  /** The part of energyKWh spent booting GPUs brought into service at the window start. */
  readonly startEnergyKWh: LinExpr;
  readonly energyUsd: LinExpr;
  /** GPUs brought into service at the window start. */
  readonly gpuStarts: LinExpr;
  /** The start-up charges, USD. */
  readonly startUsd: LinExpr;
  /** Energy cost plus start-up charges, USD. */
  readonly energyCostUsd: LinExpr;
  /** Operational carbon of the energy, kg. */
  readonly carbonKg: LinExpr;
  /** Σ x: request rate of every pool (a split request counts on its prefill and its decode pool). */
  readonly servedRps: LinExpr;
  /** GPUs the pools occupy. */
  readonly activeGpus: LinExpr;
  /** Servers rented on demand for the window, all types (0 when none may be). */
  readonly onDemandServers: LinExpr;
  /** Their rent, USD. */
  readonly onDemandUsd: LinExpr;
  /**
   * The window's operating cost in the objective's units: everything its decisions change (energy of
   * pools, idle GPUs and hosts, start-ups, carbon price), not the fleet. Its gap is the window's own.
   */
  readonly operatingObjective: LinExpr;
}

/** What one row of the plan reports: a pool, or the GPUs of a type that run nothing. */
export interface RowTerms {
  readonly gpus: LinExpr;
  /** Mean IT power, W. */
  readonly meanPowerW: LinExpr;
  /** Energy at the meter in the window, kWh. */
  readonly energyKWh: LinExpr;
  /** Rental (or amortized capex) of the row's GPUs for the window, USD. */
  readonly rentalUsd: LinExpr;
  /** Rental plus energy cost, USD. */
  readonly costUsd: LinExpr;
  readonly carbonKg: LinExpr;
}

export interface PoolTerms extends RowTerms {
  /** Σ_k x/cap, the capacity row's left side: the load in instances' worth of SLO capacity. */
  readonly load: LinExpr;
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
  /** od[w,g]: servers of type g rented on demand for window w; undefined when the type is not offered on demand. */
  onDemand(w: number, gpu: string): Var | undefined;
  /** B[g] and R[g] when type g may be both bought and reserved and the fleet is chosen (undefined otherwise: the new servers are all of its one committed mode). */
  acquired(gpu: string): AcquiredVars | undefined;
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
  /**
   * What a pool of window w reports. A pool's power is its load power plus the bare idle of the GPUs
   * it occupies; the idle row of its GPU type reports the rest of the servers' power.
   */
  poolTerms(pool: Pool): PoolTerms;
  /** What the GPUs of type g that run nothing in window w report, with their servers' host power. */
  idleTerms(w: number, gpu: string): RowTerms;
  /** Rental of the servers of type g in service in window w, USD: what the window's pool and idle rows of g share. */
  rentalUsd(w: number, gpu: string): LinExpr;
  /** Fleet cost over the horizon, USD (the objective's fleet term). */
  readonly fleetCostUsd: LinExpr;
  /** Fleet cost of GPU type g over the horizon, USD. */
  fleetCostUsdOf(gpu: string): LinExpr;
  /** Embodied carbon of the fleet attributed to the horizon, kg. */
  readonly embodiedKg: LinExpr;
  /** Embodied carbon of the servers of GPU type g attributed to the horizon, kg. */
  embodiedKgOf(gpu: string): LinExpr;
  /** The demand scale α in throughput mode. */
  readonly scale?: Var;
}

/** The variables of one window. */
export interface WindowVars {
  readonly w: number;
  readonly pools: readonly Pool[];
  /** on[w,g], when idle servers may power off. */
  readonly on: ReadonlyMap<string, Var> | undefined;
  /** od[w,g], for the types offered on demand. */
  readonly onDemand?: ReadonlyMap<string, Var>;
  /** start[w,g], when the window follows another one. */
  readonly starts: ReadonlyMap<string, Var> | undefined;
}

/** The rows of one window and the power terms they are written with. */
export interface WindowRows {
  readonly demandRows: ReadonlyMap<number, ConstraintRef>;
  readonly powerRow: ConstraintRef | undefined;
  /** GPUs the pools occupy per GPU type (the fleet rows' left side). */
  readonly gpusActive: ReadonlyMap<string, LinExpr>;
  /** Each pool's load power, as it enters meanPowerW. */
  readonly poolLoadPowerW: ReadonlyMap<Pool, LinExpr>;
  /** Idle power of the servers in service per GPU type, as it enters meanPowerW. */
  readonly serverIdleW: ReadonlyMap<string, LinExpr>;
  /** Power the pools add to the servers' idle (instances' own idle above bare, and their load), W. */
  readonly loadPowerW: LinExpr;
  readonly meanPowerW: LinExpr;
  readonly startUsd: LinExpr;
  /** Rent of the servers rented on demand, USD, and their idle power (part of serverIdleW), W. */
  readonly onDemandUsd: LinExpr;
  readonly onDemandIdleW: LinExpr;
}

/** Everything built for one window, as buildPlanModel hands it over. */
export interface BuiltWindow extends WindowVars, WindowRows {
  readonly energyKWh: LinExpr;
  readonly startEnergyKWh: LinExpr;
  readonly energyUsd: LinExpr;
  readonly carbonKg: LinExpr;
  readonly operatingObjective: LinExpr;
}

/** New servers bought and reserved, for a type that may be both. */
export interface AcquiredVars {
  readonly bought: Var;
  readonly reserved: Var;
}

export interface FleetTerms {
  readonly servers: ReadonlyMap<string, Var>;
  readonly acquired: ReadonlyMap<string, AcquiredVars>;
  /** Horizon cost of each type's servers, USD. */
  readonly fleetCostOf: ReadonlyMap<string, LinExpr>;
  readonly fleetCostUsd: LinExpr;
  readonly embodiedKg: LinExpr;
  readonly scale: Var | undefined;
}

export function planModel(model: Model, data: PlanningData, built: readonly BuiltWindow[], fleet: FleetTerms): PlanModel {
  const byWindow = new Map(built.map((bw) => [bw.w, { bw, poolById: new Map(bw.pools.map((p) => [p.id, p])) }]));
  const windowOf = (w: number) => {
    const entry = byWindow.get(w);
    if (!entry) throw new RangeError(`window ${w} is not in model '${model.name}'`);
    return entry;
  };
  const serversOf = (gpu: string): Var => {
    const v = fleet.servers.get(gpu);
    if (!v) throw new RangeError(`GPU type ${gpu} is not in model '${model.name}'`);
    return v;
  };
  const gpuTypeOf = (gpu: string): GpuTypeData => {
    const g = data.gpuTypes.find((t) => t.gpu === gpu);
    if (!g) throw new RangeError(`GPU type ${gpu} is not in model '${model.name}'`);
    return g;
  };
  const powered = (w: number, gpu: string): Var => windowOf(w).bw.on?.get(gpu) ?? serversOf(gpu);
  const rowTerms = (w: number, gpus: LinExpr, meanPowerW: LinExpr, rentalUsd: LinExpr): RowTerms => {
    const prices = windowPrices(data, w);
    const energyKWh = windowEnergyKWh(data, meanPowerW);
    return { gpus, meanPowerW, energyKWh, rentalUsd, costUsd: rentalUsd.plus(energyKWh.times(prices.electricityUsdPerKWh)), carbonKg: energyKWh.times(prices.carbonKgPerKWh) };
  };
  const windowTerms = memo((w: number): WindowTerms => {
    const { bw } = windowOf(w);
    const starts = [...(bw.starts?.values() ?? [])];
    return {
      meanPowerW: bw.meanPowerW,
      peakPowerW: bw.meanPowerW.times(PEAK_TO_MEAN_POWER),
      energyKWh: bw.energyKWh,
      startEnergyKWh: bw.startEnergyKWh,
      energyUsd: bw.energyUsd,
      gpuStarts: LinExpr.sum(starts),
      startUsd: bw.startUsd,
      energyCostUsd: LinExpr.sum([bw.energyUsd, bw.startUsd]),
      carbonKg: bw.carbonKg,
      servedRps: LinExpr.sum(bw.pools.flatMap((p) => [...p.x.values()])),
      activeGpus: LinExpr.sum([...bw.gpusActive.values()]),
      onDemandServers: LinExpr.sum([...(bw.onDemand?.values() ?? [])]),
      onDemandUsd: bw.onDemandUsd,
      operatingObjective: bw.operatingObjective,
    };
  });
  const poolTerms = memo((pool: Pool): PoolTerms => {
    const loadPowerW = windowOf(pool.w).bw.poolLoadPowerW.get(pool);
    if (!loadPowerW) throw new RangeError(`pool ${pool.id} is not in window ${pool.w} of model '${model.name}'`);
    const rentalUsd = LinExpr.of(pool.n, pool.config.config.tp * (pool.gpuType?.windowUsdPerGpu ?? 0));
    return { ...rowTerms(pool.w, poolGpus(pool), loadPowerW.plus(poolBareIdleW(pool)), rentalUsd), load: poolLoad(pool) };
  });
  const rentalUsd = (w: number, gpu: string): LinExpr => {
    const g = gpuTypeOf(gpu);
    return LinExpr.of(powered(w, gpu), g.gpusPerServer * g.windowUsdPerGpu);
  };
  const idleTerms = (w: number, gpu: string): RowTerms => {
    const { bw } = windowOf(w);
    const g = gpuTypeOf(gpu);
    const onG = bw.pools.filter((p) => p.config.config.gpu === gpu);
    // The bare idle of the occupied GPUs is reported with their pools (poolTerms): the rest is idle.
    const meanPowerW = (bw.serverIdleW.get(gpu) as LinExpr).minus(LinExpr.sum(onG.map(poolBareIdleW)));
    const rented = bw.onDemand?.get(gpu);
    const inService = rented ? LinExpr.sum([powered(w, gpu), rented]) : LinExpr.of(powered(w, gpu));
    const gpus = inService.times(g.gpusPerServer).minus(bw.gpusActive.get(gpu) as LinExpr);
    return rowTerms(w, gpus, meanPowerW, gpus.times(g.windowUsdPerGpu));
  };
  const fleetTerm = (coef: (g: GpuTypeData) => number) => (gpu: string) => LinExpr.of(serversOf(gpu), coef(gpuTypeOf(gpu)));
  return {
    model,
    windows: built.map((bw) => bw.w),
    servers: serversOf,
    powered,
    start: (w, gpu) => windowOf(w).bw.starts?.get(gpu),
    onDemand: (w, gpu) => windowOf(w).bw.onDemand?.get(gpu),
    acquired: (gpu) => fleet.acquired.get(gpu),
    pools: (w) => windowOf(w).bw.pools,
    n: (w, configId) => windowOf(w).poolById.get(configId)?.n,
    x: (w, configId, k) => windowOf(w).poolById.get(configId)?.x.get(k),
    demandRow: (w, k) => windowOf(w).bw.demandRows.get(k),
    powerRow: (w) => windowOf(w).bw.powerRow,
    window: windowTerms,
    poolTerms,
    idleTerms,
    rentalUsd,
    fleetCostUsd: fleet.fleetCostUsd,
    fleetCostUsdOf: (gpu) => {
      const cost = fleet.fleetCostOf.get(gpu);
      if (!cost) throw new RangeError(`GPU type ${gpu} is not in model '${model.name}'`);
      return cost;
    },
    embodiedKg: fleet.embodiedKg,
    embodiedKgOf: fleetTerm((g) => g.embodiedKgPerServer),
    ...(fleet.scale ? { scale: fleet.scale } : {}),
  };
}

/** f, computed once per argument. */
function memo<K, V>(f: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = f(key);
      cache.set(key, v);
    }
    return v;
  };
}
