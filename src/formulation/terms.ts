/**
 * The model's expressions for power, energy, cost and carbon. The rows and the objective are built
 * from them, and the plan's figures are these same expressions evaluated at its solution.
 */
import { LinExpr, type Var } from '../solver/index.js';
import type { ConfigData, GpuTypeData, PlanningData } from './planningData.js';

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
  /**
   * class index → the part of x[w,c,k] served at each miss level (xl[w,c,k,l], Σ_l ≤ x), for classes
   * with miss levels on this pool; the rest of x is served at the class's own percentile.
   */
  readonly levels?: ReadonlyMap<number, readonly { readonly missMultiple: number; readonly maxRps: number; readonly v: Var }[]>;
}

/** Prices of a window outside the horizon (never planned; kept total for callers that probe). */
const NO_PRICES = { electricityUsdPerKWh: 0, carbonKgPerKWh: 0 } as const;

/** Σ_k x/cap: the pool's load as a share of one instance's SLO capacity. */
export function poolLoad(pool: Pool): LinExpr {
  const terms = [...pool.x].map(([k, v]) => ({ coef: 1 / (pool.config.serves.get(k)?.maxRps as number), v }));
  // A rate moved to a miss level loads the pool by that level's capacity instead of the class's own.
  for (const [k, levels] of pool.levels ?? []) {
    const own = pool.config.serves.get(k)?.maxRps as number;
    for (const l of levels) terms.push({ coef: 1 / l.maxRps - 1 / own, v: l.v });
  }
  return LinExpr.weighted(terms);
}

/**
 * Power the pool adds to its servers' idle, W: each rate's load power, and each instance's own idle
 * draw in place of the bare idle of the GPUs it occupies; all of it drawing extra host power at the wall.
 */
export function poolLoadPowerW(pool: Pool): LinExpr {
  const wall = pool.gpuType?.wallPerGpuW ?? 1;
  const terms = [...pool.x].map(([k, v]) => ({ coef: (pool.config.serves.get(k)?.wattsPerRps as number) * wall, v }));
  terms.push({ coef: (pool.config.idleW - pool.config.config.tp * (pool.gpuType?.gpuIdleW ?? 0)) * wall, v: pool.n });
  return LinExpr.weighted(terms);
}

/** The bare idle of the GPUs the pool occupies, W: part of the servers' idle power, reported with the pool. */
export function poolBareIdleW(pool: Pool): LinExpr {
  return LinExpr.of(pool.n, pool.config.config.tp * (pool.gpuType?.gpuIdleW ?? 0));
}

/** tp · n: the GPUs the pool occupies. */
export function poolGpus(pool: Pool): LinExpr {
  return LinExpr.of(pool.n, pool.config.config.tp);
}

/** Σ_{c on g} tp_c · n[w,c]: the GPUs of type g the pools occupy. */
export function gpusUsed(pools: readonly Pool[], g: GpuTypeData): LinExpr {
  return LinExpr.weighted(pools.filter((p) => p.config.config.gpu === g.gpu).map((p) => ({ coef: p.config.config.tp, v: p.n })));
}

/** Power of the servers of type g in service, running nothing: host and every GPU at bare idle, W. */
export function serverIdleW(inService: Var, g: GpuTypeData): LinExpr {
  return LinExpr.of(inService, g.serverIdleW);
}

/** Energy at the meter of a window at this mean IT power, kWh (PUE included). */
export function windowEnergyKWh(data: PlanningData, meanPowerW: LinExpr): LinExpr {
  return meanPowerW.times(data.windowKWhPerW);
}

export function windowPrices(data: PlanningData, w: number): { readonly electricityUsdPerKWh: number; readonly carbonKgPerKWh: number } {
  return data.windowPrices[w] ?? NO_PRICES;
}

/** A window's energy in dollars and carbon, and its part of the objective under the scenario's weights (with its start-up charges and on-demand rent). */
export function windowCosts(data: PlanningData, w: number, energyKWh: LinExpr, startUsd: LinExpr, onDemandUsd: LinExpr): { energyUsd: LinExpr; carbonKg: LinExpr; objective: LinExpr } {
  const prices = windowPrices(data, w);
  const { weights, carbonUsdPerKg } = data.objective;
  const energyUsd = energyKWh.times(prices.electricityUsdPerKWh);
  const carbonKg = energyKWh.times(prices.carbonKgPerKWh);
  const parts = [energyUsd, startUsd, carbonKg.times(carbonUsdPerKg)];
  // Only a model that rents on demand has the term: the others keep their expressions unchanged.
  if (onDemandUsd.termCount > 0) parts.push(onDemandUsd);
  const costUsd = LinExpr.sum(parts);
  return {
    energyUsd,
    carbonKg,
    objective: LinExpr.sum([costUsd.times(weights.costUsd), energyKWh.times(weights.energyKWh), carbonKg.times(weights.carbonKg)]),
  };
}
