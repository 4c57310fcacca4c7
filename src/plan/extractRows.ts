/** Turn solved variable values back into plan rows, per window (named lookups only). */
import type { PlanningData, PlanModel } from '../formulation/index.js';
import type { SolveResult } from '../solver/index.js';
import type { PlanRow, WindowSummary } from './types.js';
import { PEAK_TO_MEAN_POWER } from '../formulation/index.js';

/** Solver values of integers come back as 0.9999999 or 2.0000001: round what is integral by definition. */
const roundInt = (v: number) => Math.round(v);
const clean = (v: number) => (Math.abs(v) < 1e-9 ? 0 : v);

export function windowRows(
  data: PlanningData,
  pm: PlanModel,
  result: SolveResult,
  w: number,
  fleet: Readonly<Record<string, number>>,
): { rows: PlanRow[]; summary: WindowSummary } {
  const { scenario } = data;
  const window = scenario.horizon.windows[w];
  if (!window) throw new Error(`window ${w} out of range`);
  const hours = data.windowHours;
  const pue = scenario.power.pue;
  const price = scenario.prices.electricityUsdPerKWh[w] ?? 0;
  const carbonPerKWh = (scenario.prices.carbonGPerKWh[w] ?? 0) / 1000;
  const rows: PlanRow[] = [];
  const gpusBusy = new Map<string, number>();
  let meanPowerW = 0;
  let servedRps = 0;
  for (const cd of data.configs) {
    const nVar = pm.n(w, cd.id);
    if (!nVar) continue;
    const instances = roundInt(result.value(nVar));
    if (instances <= 0) continue;
    const ratesRps: Record<string, number> = {};
    let load = 0;
    const gType = data.gpuTypes.find((g) => g.gpu === cd.config.gpu);
    const wall = gType?.wallPerGpuW ?? 1;
    const bareIdleW = instances * cd.config.tp * (gType?.gpuIdleW ?? 0);
    // GPU power above bare idle draws extra host power at the wall (fans, PSU losses, CPUs).
    let powerW = bareIdleW + (cd.idleW * instances - bareIdleW) * wall;
    for (const [k, { maxRps, wattsPerRps }] of cd.serves) {
      const xVar = pm.x(w, cd.id, k);
      const x = xVar ? clean(result.value(xVar)) : 0;
      const cls = scenario.classes[k];
      if (!cls || x <= 0) continue;
      ratesRps[cls.id] = x;
      load += x / maxRps;
      powerW += x * wattsPerRps * wall;
      servedRps += x;
    }
    const gpus = instances * cd.config.tp;
    gpusBusy.set(cd.config.gpu, (gpusBusy.get(cd.config.gpu) ?? 0) + gpus);
    meanPowerW += powerW;
    const energyKWh = (powerW * hours * pue) / 1000;
    const gpuHourUsd = data.gpuTypes.find((g) => g.gpu === cd.config.gpu)?.gpuHourUsd ?? 0;
    rows.push({
      window: w,
      windowStart: window.startIso,
      model: cd.config.model,
      gpu: cd.config.gpu,
      tp: cd.config.tp,
      clockMHz: cd.config.clockMHz,
      role: cd.config.role,
      instances,
      gpus,
      ratesRps,
      utilization: load / instances,
      meanPowerKW: powerW / 1000,
      energyKWh,
      costUsd: gpus * gpuHourUsd * hours + energyKWh * price,
      carbonKg: energyKWh * carbonPerKWh,
    });
  }
  for (const g of data.gpuTypes) {
    const servers = roundInt(result.value(pm.powered(w, g.gpu)));
    if (servers <= 0) continue;
    const idleGpus = servers * g.gpusPerServer - (gpusBusy.get(g.gpu) ?? 0);
    const powerW = servers * g.hostW + idleGpus * g.gpuIdleW;
    meanPowerW += powerW;
    const energyKWh = (powerW * hours * pue) / 1000;
    rows.push({
      window: w,
      windowStart: window.startIso,
      model: '',
      gpu: g.gpu,
      tp: 0,
      clockMHz: 0,
      role: 'idle',
      instances: 0,
      gpus: idleGpus,
      ratesRps: {},
      utilization: 0,
      meanPowerKW: powerW / 1000,
      energyKWh,
      costUsd: idleGpus * g.gpuHourUsd * hours + energyKWh * price,
      carbonKg: energyKWh * carbonPerKWh,
    });
  }
  const demandRps = scenario.demandRps.reduce((s, d) => s + (d[w] ?? 0), 0);
  // GPUs brought into service at the window start spend their boot at loaded-idle power.
  let startKWh = 0;
  let gpuStarts = 0;
  for (const g of data.gpuTypes) {
    const v = pm.start(w, g.gpu);
    const started = v ? Math.max(0, clean(result.value(v))) : 0;
    gpuStarts += started;
    startKWh += started * g.startKWhPerGpu * pue;
  }
  const energyKWh = (meanPowerW * hours * pue) / 1000 + startKWh;
  return {
    rows,
    summary: {
      window: w,
      windowStart: window.startIso,
      demandRps,
      servedRps,
      activeGpus: [...gpusBusy.values()].reduce((a, b) => a + b, 0),
      meanPowerKW: meanPowerW / 1000,
      predictedPeakKW: (meanPowerW * PEAK_TO_MEAN_POWER) / 1000,
      energyKWh,
      startEnergyKWh: startKWh,
      gpuStarts,
      energyCostUsd: energyKWh * price + gpuStarts * scenario.reconfiguration.gpuStartCostUsd,
      carbonKg: energyKWh * carbonPerKWh,
    },
  };
}
