/**
 * The plan resolved for replay, once: per window the pools (config, role, instance count, planned
 * rate per scenario class, KV room), the fleet per GPU type, and the predicted energy. Checks that
 * the plan belongs to the scenario (same classes, windows, known GPUs and models).
 */
import { getGpu, getModel, PRECISIONS, resolveGpuId, resolveModelId, supportsPrecision, type GpuSpec, type ModelSpec, type Precision } from '../../catalog/index.js';
import { engineOf, KV_BLOCK_TOKENS, kvCapacityTokens } from '../../capacity/index.js';
import { DEFAULT_STACK, isStackId, STACK_IDS, type ConfigPoint, type EngineSettings, type StackId } from '../../profiles/index.js';
import { InputError } from '../../core/errors.js';
import type { Scenario } from '../../scenario/index.js';
import type { ReplayPlan } from '../types.js';
import { ROLE, type RoleCode } from './instance.js';

export interface PoolSpec {
  /** Index into PoolLayout.labels. */
  readonly label: number;
  readonly model: ModelSpec;
  readonly gpu: GpuSpec;
  /** Index into PoolLayout.gpuTypes. */
  readonly gpuIndex: number;
  readonly tp: number;
  readonly clockMHz: number;
  readonly role: RoleCode;
  /** Engine preset and precision of the instances, and the engine settings they run with in this scenario. */
  readonly stack: StackId;
  readonly precision: Precision;
  readonly engine: EngineSettings;
  readonly instances: number;
  /** Planned req/s per scenario class index. */
  readonly ratesRps: Float64Array;
  readonly totalRps: number;
  readonly kvTotalBlocks: number;
  /** Same config: carry instances over unchanged. */
  readonly configKey: string;
  /** Same instance shape, other clock: carry over with a clock change. */
  readonly shapeKey: string;
  /** Same GPUs and model, other TP: re-shard. */
  readonly familyKey: string;
}

export interface WindowLayout {
  readonly pools: readonly PoolSpec[];
  readonly plannedEnergyKWh: number;
  /** Predicted energy of the idle rows (idle GPUs and host power), kWh. */
  readonly plannedStaticEnergyKWh: number;
}

export interface GpuFleet {
  readonly gpu: GpuSpec;
  /** Powered servers per window (all of the fleet unless the plan powers idle servers down). */
  readonly serversByWindow: Float64Array;
  /** Non-GPU power of one server, W. */
  readonly hostW: number;
}

export interface PoolLayout {
  readonly windows: readonly WindowLayout[];
  readonly labels: readonly string[];
  readonly gpuTypes: readonly GpuFleet[];
}

const ROLES: Readonly<Record<string, RoleCode>> = { mixed: ROLE.mixed, prefill: ROLE.prefill, decode: ROLE.decode };

/** The step model's config point of a pool's instances at a clock (default: the planned one). */
export function specPoint(spec: PoolSpec, clockMHz: number = spec.clockMHz): ConfigPoint {
  return { model: spec.model, gpu: spec.gpu, tp: spec.tp, clockMHz, stack: spec.stack, precision: spec.precision };
}

/** A pool's name, as capacity names its config: a preset and precision other than the defaults are appended. */
export function poolLabel(model: string, gpu: string, tp: number, clockMHz: number, role: string, stack: StackId = DEFAULT_STACK, precision: Precision = 'bf16'): string {
  return `${model}/${gpu}/tp${tp}/${clockMHz}/${role}${stack !== DEFAULT_STACK ? `/${stack}` : ''}${precision !== 'bf16' ? `/${precision}` : ''}`;
}

export function poolLayout(scenario: Scenario, plan: ReplayPlan, source = 'plan'): PoolLayout {
  const windowsCount = scenario.horizon.windows.length;
  const classIndex = new Map(scenario.classes.map((c, i) => [c.id, i]));
  const unknownClasses = plan.classIds.filter((id) => !classIndex.has(id));
  if (unknownClasses.length > 0) {
    throw new InputError({ file: source, message: `the plan has classes the scenario does not (${unknownClasses.slice(0, 4).join(', ')})`, fix: 'replay a plan made from the same scenario file' });
  }
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const gpuTypes: { gpu: GpuSpec; gpusByWindow: Float64Array; idleRows: boolean }[] = [];
  const gpuIndexOf = (gpu: GpuSpec) => {
    let i = gpuTypes.findIndex((g) => g.gpu.id === gpu.id);
    if (i < 0) i = gpuTypes.push({ gpu, gpusByWindow: new Float64Array(windowsCount), idleRows: false }) - 1;
    return i;
  };
  for (const g of scenario.hardware.gpus) gpuIndexOf(getGpu(g));
  const pools: PoolSpec[][] = Array.from({ length: windowsCount }, () => []);
  const energy = new Float64Array(windowsCount);
  const windowEnergy = plan.windowEnergyKWh;
  const staticEnergy = new Float64Array(windowsCount);

  plan.rows.forEach((row, i) => {
    const where = `${source} row ${i + 1}`;
    if (!Number.isInteger(row.window) || row.window < 0 || row.window >= windowsCount) {
      throw new InputError({ file: source, field: `row ${i + 1}.window`, message: `window ${row.window} is outside the scenario's ${windowsCount} windows`, fix: 'replay a plan made from the same scenario file' });
    }
    energy[row.window] = (energy[row.window] as number) + row.energyKWh;
    const gpuId = resolveGpuId(row.gpu);
    if (!gpuId) throw new InputError({ file: source, field: `${where}.gpu`, message: `unknown GPU type '${row.gpu}'`, fix: 'use a plan written by llmcap plan' });
    const gpu = getGpu(gpuId);
    const g = gpuIndexOf(gpu);
    const fleet = gpuTypes[g] as (typeof gpuTypes)[number];
    fleet.gpusByWindow[row.window] = (fleet.gpusByWindow[row.window] as number) + row.gpus;
    if (row.role === 'idle') {
      fleet.idleRows = true;
      staticEnergy[row.window] = (staticEnergy[row.window] as number) + row.energyKWh;
      return;
    }
    const role = ROLES[row.role];
    if (role === undefined) throw new InputError({ file: source, field: `${where}.role`, message: `unknown role '${row.role}'`, fix: 'roles are mixed, prefill, decode or idle' });
    const modelId = resolveModelId(row.model);
    if (!modelId) throw new InputError({ file: source, field: `${where}.model`, message: `unknown model '${row.model}'`, fix: 'use a plan written by llmcap plan' });
    if (!Number.isInteger(row.instances) || row.instances < 0) throw new InputError({ file: source, field: `${where}.instances`, message: `instances must be a whole number ≥ 0, got ${row.instances}` });
    if (row.instances === 0) return;
    const model = getModel(modelId);
    const rates = new Float64Array(scenario.classes.length);
    let total = 0;
    for (const [id, rps] of Object.entries(row.ratesRps)) {
      const k = classIndex.get(id);
      if (k === undefined || !(rps > 0)) continue;
      rates[k] = rps;
      total += rps;
    }
    const stack = row.stack ?? DEFAULT_STACK;
    if (!isStackId(stack)) throw new InputError({ file: source, field: `${where}.stack`, message: `unknown engine preset '${stack}'`, fix: `presets are ${STACK_IDS.join(', ')}` });
    const precision = (row.precision ?? 'bf16') as Precision;
    if (!PRECISIONS.includes(precision) || !supportsPrecision(gpu, precision)) {
      throw new InputError({ file: source, field: `${where}.precision`, message: `${gpu.id} cannot run precision '${row.precision}'`, fix: `use one of ${PRECISIONS.filter((p) => supportsPrecision(gpu, p)).join(', ')}` });
    }
    const configKey = poolLabel(model.id, gpu.id, row.tp, row.clockMHz, row.role, stack, precision);
    let label = labelIndex.get(configKey);
    if (label === undefined) {
      label = labels.push(configKey) - 1;
      labelIndex.set(configKey, label);
    }
    const kvTokens = kvCapacityTokens({ id: configKey, model: model.id, gpu: gpu.id, tp: row.tp, clockMHz: row.clockMHz, role: 'mixed', precision });
    pools[row.window]?.push({
      label,
      model,
      gpu,
      gpuIndex: g,
      tp: row.tp,
      clockMHz: row.clockMHz,
      role,
      stack,
      precision,
      engine: engineOf(scenario, stack),
      instances: row.instances,
      ratesRps: rates,
      totalRps: total,
      kvTotalBlocks: Math.floor(kvTokens / KV_BLOCK_TOKENS),
      configKey,
      shapeKey: `${model.id}/${gpu.id}/tp${row.tp}/${row.role}/${stack}/${precision}`,
      familyKey: `${model.id}/${gpu.id}/${row.role}/${stack}/${precision}`,
    });
  });
  if (pools.every((p) => p.length === 0)) {
    throw new InputError({ file: source, message: 'the plan has no pools with instances', fix: 'replay a plan written by llmcap plan' });
  }
  return {
    windows: pools.map((p, w) => ({ pools: p, plannedEnergyKWh: windowEnergy?.[w] ?? (energy[w] as number), plannedStaticEnergyKWh: staticEnergy[w] as number })),
    labels,
    gpuTypes: gpuTypes.map(({ gpu, gpusByWindow, idleRows }) => {
      const perServer = gpu.server.gpusPerServer.value;
      const busiest = Math.ceil(Math.max(0, ...gpusByWindow) / perServer - 1e-9);
      // Idle rows make pools + idle = the powered servers of each window; without them, the busiest window sets the fleet.
      const serversByWindow = idleRows ? gpusByWindow.map((g) => Math.ceil(g / perServer - 1e-9)) : new Float64Array(windowsCount).fill(busiest);
      return { gpu, serversByWindow, hostW: scenario.power.serverOverheadW[gpu.id] ?? 0 };
    }),
  };
}
