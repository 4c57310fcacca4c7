/**
 * Everything the formulation needs, resolved once from the scenario and the capacity table into plain
 * numbers: the index sets (windows, configs, classes, GPU types) and per-unit coefficients.
 */
import { getGpu, type GpuId } from '../catalog/index.js';
import type { CapacityTable, Config } from '../capacity/index.js';
import type { Scenario } from '../scenario/index.js';

/** Worst-case rise of fleet power above its planned mean within one control interval (POLCA §5: 11.8 % within 40 s). */
export const PEAK_TO_MEAN_POWER = 1.12;
/** Service life over which a GPU's embodied carbon is spread (our assumption, README). */
export const EMBODIED_LIFETIME_YEARS = 5;

export interface ConfigData {
  readonly config: Config;
  readonly index: number;
  /** Instance power with nothing running, W. */
  readonly idleW: number;
  /** classIndex → { maxRps, wattsPerRps } for the classes this config can serve. */
  readonly serves: ReadonlyMap<number, { readonly maxRps: number; readonly wattsPerRps: number }>;
}

export interface GpuTypeData {
  readonly gpu: GpuId;
  readonly gpusPerServer: number;
  /** Non-GPU power of a powered-on server, W. */
  readonly hostW: number;
  /** Power of a GPU in a powered-on server that runs no instance, W. */
  readonly gpuIdleW: number;
  readonly gpuHourUsd: number;
  readonly embodiedKgPerGpuHour: number;
  readonly inventoryServers: number;
  readonly maxServers: number;
}

export interface PlanningData {
  readonly scenario: Scenario;
  readonly capacity: CapacityTable;
  readonly windowHours: number;
  readonly horizonHours: number;
  readonly configs: readonly ConfigData[];
  readonly gpuTypes: readonly GpuTypeData[];
  readonly maxUtilization: number;
}

export function planningData(scenario: Scenario, capacity: CapacityTable): PlanningData {
  const classIndex = new Map(scenario.classes.map((c, i) => [c.id, i]));
  const rowsByConfig = new Map<string, Map<number, { maxRps: number; wattsPerRps: number }>>();
  for (const row of capacity.rows) {
    const power = capacity.power.get(row.configId);
    const k = classIndex.get(row.classId);
    if (!power || k === undefined) continue;
    const serves = rowsByConfig.get(row.configId) ?? new Map();
    serves.set(k, { maxRps: row.maxRps, wattsPerRps: Math.max(0, row.powerAtCapacityW - power.idleW) / row.maxRps });
    rowsByConfig.set(row.configId, serves);
  }
  const configs: ConfigData[] = [];
  for (const config of capacity.configs) {
    const serves = rowsByConfig.get(config.id);
    if (!serves || serves.size === 0) continue;
    configs.push({ config, index: configs.length, idleW: capacity.power.get(config.id)?.idleW ?? 0, serves });
  }
  const windowHours = scenario.horizon.windowHours;
  const horizonHours = windowHours * scenario.horizon.windows.length;
  const gpuTypes = scenario.hardware.gpus.map((gpu): GpuTypeData => {
    const spec = getGpu(gpu);
    return {
      gpu,
      gpusPerServer: spec.server.gpusPerServer.value,
      hostW: scenario.power.serverOverheadW[gpu] ?? 0,
      gpuIdleW: spec.idleW.value,
      gpuHourUsd: scenario.prices.gpuHourUsd[gpu] ?? spec.priceUsdPerGpuHour.value,
      embodiedKgPerGpuHour: spec.embodiedKgCo2ePerGpu.value / (EMBODIED_LIFETIME_YEARS * 8760),
      inventoryServers: scenario.hardware.inventoryServers[gpu] ?? 0,
      maxServers: scenario.hardware.maxServers[gpu] ?? Number.POSITIVE_INFINITY,
    };
  });
  return { scenario, capacity, windowHours, horizonHours, configs, gpuTypes, maxUtilization: scenario.planning.maxUtilization };
}
