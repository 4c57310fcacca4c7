/**
 * A solution turned into plan rows: every figure is the model's own expression (PlanModel's window,
 * pool, idle and fleet terms) evaluated at the rounded solution the plan reports, so what the plan
 * says and what the solver optimized cannot drift apart.
 */
import { SHARED_POOL, type PlanModel, type PlanningData, type RowTerms } from '../formulation/index.js';
import type { Solution } from '../solver/index.js';
import type { PlanRow, WindowSummary } from './types.js';
import { DEFAULT_STACK } from '../profiles/index.js';

/** The fleet the plan buys, per GPU type, with its cost and embodied carbon over the horizon. */
export interface FleetFigures {
  readonly gpu: string;
  readonly servers: number;
  readonly horizonCostUsd: number;
  readonly embodiedKg: number;
  /** New servers bought and reserved for the whole horizon (servers − inventory, split by mode). */
  readonly boughtServers: number;
  readonly reservedServers: number;
}

/** The fleet of a solution (of the model that chose it), in the planning data's GPU-type order. */
export function fleetFigures(data: PlanningData, pm: PlanModel, solution: Solution): FleetFigures[] {
  return data.gpuTypes.map((g) => {
    const servers = solution.value(pm.servers(g.gpu));
    const fresh = Math.max(0, servers - g.inventoryServers);
    const split = pm.acquired(g.gpu);
    // One committed mode: every new server is of it (buy where the type may be bought).
    const bought = split ? solution.value(split.bought) : g.acquisition.buyUsdPerServer !== undefined ? fresh : 0;
    return {
      gpu: g.gpu,
      servers,
      horizonCostUsd: solution.evaluate(pm.fleetCostUsdOf(g.gpu)),
      embodiedKg: solution.evaluate(pm.embodiedKgOf(g.gpu)),
      boughtServers: bought,
      reservedServers: split ? solution.value(split.reserved) : fresh - bought,
    };
  });
}

/** The rows (pools, then the idle GPUs of each type) and the summary of window w. */
export function windowRows(data: PlanningData, pm: PlanModel, solution: Solution, w: number): { rows: PlanRow[]; summary: WindowSummary } {
  const window = data.scenario.horizon.windows[w];
  if (!window) throw new Error(`window ${w} out of range`);
  const figures = (t: RowTerms) => ({
    meanPowerKW: solution.evaluate(t.meanPowerW) / 1000,
    energyKWh: solution.evaluate(t.energyKWh),
    costUsd: solution.evaluate(t.costUsd),
    carbonKg: solution.evaluate(t.carbonKg),
  });
  const rows: PlanRow[] = [];
  const rentsOnDemand = data.gpuTypes.some((g) => g.acquisition.onDemandUsdPerServerWindow !== undefined);
  for (const pool of pm.pools(w)) {
    const instances = solution.value(pool.n);
    if (instances <= 0) continue;
    const ratesRps: Record<string, number> = {};
    for (const [k, x] of pool.x) {
      const rate = solution.value(x);
      if (rate > 0) ratesRps[data.classIds[k] as string] = rate;
    }
    const terms = pm.poolTerms(pool);
    const { config } = pool.config;
    rows.push({
      window: w,
      windowStart: window.startIso,
      model: config.model,
      gpu: config.gpu,
      tp: config.tp,
      clockMHz: config.clockMHz,
      role: config.role,
      pool: pool.config.pool === '' ? SHARED_POOL : pool.config.pool,
      stack: config.stack ?? DEFAULT_STACK,
      precision: config.precision ?? 'bf16',
      instances,
      gpus: solution.evaluate(terms.gpus),
      ratesRps,
      utilization: solution.evaluate(terms.load) / instances,
      ...figures(terms),
      ...(rentsOnDemand ? { onDemandServers: 0, onDemandUsd: 0 } : {}),
    });
  }
  for (const g of data.gpuTypes) {
    const rented = pm.onDemand(w, g.gpu);
    if (solution.value(pm.powered(w, g.gpu)) <= 0 && (!rented || solution.value(rented) <= 0)) continue;
    const terms = pm.idleTerms(w, g.gpu);
    rows.push({
      window: w,
      windowStart: window.startIso,
      model: '',
      gpu: g.gpu,
      tp: 0,
      clockMHz: 0,
      role: 'idle',
      pool: '',
      stack: '',
      precision: '',
      instances: 0,
      gpus: solution.evaluate(terms.gpus),
      ratesRps: {},
      utilization: 0,
      ...figures(terms),
      ...(rentsOnDemand ? { onDemandServers: rented ? solution.value(rented) : 0, onDemandUsd: rented ? solution.value(rented) * (g.acquisition.onDemandUsdPerServerWindow ?? 0) : 0 } : {}),
    });
  }
  const terms = pm.window(w);
  return {
    rows,
    summary: {
      window: w,
      windowStart: window.startIso,
      demandRps: data.demandRps.reduce((s, d) => s + (d[w] ?? 0), 0),
      servedRps: solution.evaluate(terms.servedRps),
      activeGpus: solution.evaluate(terms.activeGpus),
      meanPowerKW: solution.evaluate(terms.meanPowerW) / 1000,
      predictedPeakKW: solution.evaluate(terms.peakPowerW) / 1000,
      energyKWh: solution.evaluate(terms.energyKWh),
      startEnergyKWh: solution.evaluate(terms.startEnergyKWh),
      gpuStarts: solution.evaluate(terms.gpuStarts),
      energyCostUsd: solution.evaluate(terms.energyCostUsd),
      carbonKg: solution.evaluate(terms.carbonKg),
      ...(data.gpuTypes.some((g) => g.acquisition.stated) ? billingFigures(data, pm, solution, w) : {}),
    },
  };
}

/** A window's servers by how they are paid for (scenarios that state their acquisition modes). */
function billingFigures(data: PlanningData, pm: PlanModel, solution: Solution, w: number): Pick<WindowSummary, 'committedServers' | 'onDemandServers' | 'onDemandCostUsd' | 'onDemandByGpu'> {
  const terms = pm.window(w);
  const byGpu: Record<string, number> = {};
  for (const g of data.gpuTypes) {
    const rented = pm.onDemand(w, g.gpu);
    if (rented) byGpu[g.gpu] = solution.value(rented);
  }
  return {
    committedServers: data.gpuTypes.reduce((sum, g) => sum + solution.value(pm.powered(w, g.gpu)), 0),
    onDemandServers: solution.evaluate(terms.onDemandServers),
    onDemandCostUsd: solution.evaluate(terms.onDemandUsd),
    onDemandByGpu: byGpu,
  };
}
