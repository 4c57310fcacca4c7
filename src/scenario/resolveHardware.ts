import { clockGrid, getGpu, gpuIds, resolveGpuId, serverHostW, supportsPrecision, type GpuId, type Precision } from '../catalog/index.js';
import { DEFAULT_STACK, type StackId } from '../profiles/index.js';
import { listWithSuggestion } from './resolveClasses.js';
import type { ScenarioFile } from './schema.js';
import type { Problems } from './problems.js';
import type { Role, Scenario } from './types.js';

const DEFAULT_CLOCK_COUNT = 5;
const DEFAULT_MIN_CLOCK_FRACTION = 0.4;
const HOURS_PER_YEAR = 8760;

export function resolveGpuName(name: string, path: readonly (string | number)[], problems: Problems): GpuId | undefined {
  const id = resolveGpuId(name);
  if (!id) problems.add(path, `unknown GPU type '${name}'`, `use one of ${listWithSuggestion(name, gpuIds)}`);
  return id;
}

/** Keys of a per-GPU map, checked against the candidate GPUs. */
function perGpu<T>(
  record: Readonly<Record<string, T>> | undefined,
  path: readonly (string | number)[],
  problems: Problems,
): Map<GpuId, T> {
  const out = new Map<GpuId, T>();
  for (const [name, value] of Object.entries(record ?? {})) {
    const id = resolveGpuName(name, [...path, name], problems);
    if (id) out.set(id, value);
  }
  return out;
}

/** The hardware section, less the file references (hardware.calibration), which resolve.ts locates in the file. */
export function resolveHardware(file: ScenarioFile, problems: Problems): Omit<Scenario['hardware'], 'calibration'> {
  const hw = file.hardware;
  const gpus: GpuId[] = [];
  hw.gpus.forEach((name, i) => {
    const id = resolveGpuName(name, ['hardware', 'gpus', i], problems);
    if (id && !gpus.includes(id)) gpus.push(id);
  });
  const clocksMHz: Record<string, number[]> = {};
  const explicit = perGpu(hw.clocks?.list, ['hardware', 'clocks', 'list'], problems);
  for (const g of gpus) {
    const spec = getGpu(g);
    const list = explicit.get(g);
    if (list) {
      list.forEach((mhz, i) => {
        if (mhz < spec.clockMHz.min.value || mhz > spec.clockMHz.max.value) {
          problems.add(['hardware', 'clocks', 'list', g, i], `${mhz} MHz is outside ${g}'s range ${spec.clockMHz.min.value}–${spec.clockMHz.max.value} MHz`, 'use clocks inside the GPU range');
        }
      });
      clocksMHz[g] = [...new Set(list)].sort((a, b) => a - b);
    } else {
      clocksMHz[g] = evenlySpacedClocks(g, hw.clocks?.count ?? DEFAULT_CLOCK_COUNT, hw.clocks?.minFraction ?? DEFAULT_MIN_CLOCK_FRACTION);
    }
  }
  const inventory = perGpu(hw.inventory, ['hardware', 'inventory'], problems);
  const maxServers = perGpu(hw.maxServers, ['hardware', 'maxServers'], problems);
  for (const [g, n] of inventory) {
    if (!Number.isInteger(n)) problems.add(['hardware', 'inventory', g], `${n} is not a whole number of servers`, 'give whole servers');
  }
  const roleGpus: Partial<Record<Role, GpuId[]>> = {};
  for (const [role, names] of Object.entries(hw.roleGpus ?? {}) as [Role, string[] | undefined][]) {
    const ids = (names ?? []).map((name, i) => resolveGpuName(name, ['hardware', 'roleGpus', role, i], problems)).filter((g): g is GpuId => g !== undefined);
    ids.forEach((g, i) => {
      if (!gpus.includes(g)) problems.add(['hardware', 'roleGpus', role, i], `${g} is not among hardware.gpus`, `add ${g} to hardware.gpus or remove it here`);
    });
    roleGpus[role] = ids;
  }
  const stacks: StackId[] = [...new Set(hw.stack === undefined ? [DEFAULT_STACK] : Array.isArray(hw.stack) ? hw.stack : [hw.stack])];
  // fp16 and bf16 cost the same (two bytes, the 16-bit tensor peak): one precision.
  const precisions: Precision[] = [...new Set((hw.precisions ?? ['bf16']).map((p): Precision => (p === 'fp16' ? 'bf16' : p)))];
  for (const p of precisions) {
    if (gpus.length > 0 && !gpus.some((g) => supportsPrecision(getGpu(g), p))) {
      problems.add(['hardware', 'precisions'], `none of ${gpus.join(', ')} runs ${p} on its tensor cores`, p === 'fp4' ? 'fp4 needs B200: add it to hardware.gpus or drop fp4' : 'add a GPU with FP8 tensor cores (H100-80GB, H200, B200, L40S) or drop fp8');
    }
  }
  return {
    gpus,
    roleGpus,
    stacks,
    precisions,
    powerCapFraction: { ...(hw.powerCap ?? {}) },
    tp: [...new Set(hw.tp ?? [1, 2, 4, 8])].sort((a, b) => a - b),
    clocksMHz,
    roles: hw.roles ?? ['mixed'],
    inventoryServers: Object.fromEntries(inventory),
    maxServers: Object.fromEntries(maxServers),
  };
}

/** `count` clocks from minFraction·max up to max, snapped to the GPU's clock step. */
export function evenlySpacedClocks(gpu: GpuId, count: number, minFraction: number): number[] {
  const spec = getGpu(gpu);
  const max = spec.clockMHz.max.value;
  const step = spec.clockMHz.step.value;
  const lo = Math.max(spec.clockMHz.min.value, minFraction * max);
  const grid = clockGrid(spec, step);
  const picks = new Set<number>();
  for (let i = 0; i < count; i++) {
    const target = count === 1 ? max : lo + ((max - lo) * i) / (count - 1);
    let best = grid[0] ?? max;
    for (const c of grid) if (Math.abs(c - target) < Math.abs(best - target)) best = c;
    picks.add(best);
  }
  return [...picks].sort((a, b) => a - b);
}

export function resolveGpuCosts(
  file: ScenarioFile,
  gpus: readonly GpuId[],
  problems: Problems,
): { gpuHourUsd: Record<string, number>; gpuCostBasis: Record<string, 'rental' | 'capex'>; capexUsdPerServer: Record<string, number> } {
  const rental = perGpu(file.prices?.gpuHourUsd, ['prices', 'gpuHourUsd'], problems);
  const capex = perGpu(file.prices?.capex, ['prices', 'capex'], problems);
  const gpuHourUsd: Record<string, number> = {};
  const gpuCostBasis: Record<string, 'rental' | 'capex'> = {};
  const capexUsdPerServer: Record<string, number> = {};
  for (const g of gpus) {
    const spec = getGpu(g);
    const c = capex.get(g);
    if (c) {
      gpuHourUsd[g] = c.usdPerServer / spec.server.gpusPerServer.value / (c.amortizationYears * HOURS_PER_YEAR);
      gpuCostBasis[g] = 'capex';
      capexUsdPerServer[g] = c.usdPerServer;
    } else {
      gpuHourUsd[g] = rental.get(g) ?? spec.priceUsdPerGpuHour.value;
      gpuCostBasis[g] = 'rental';
    }
  }
  return { gpuHourUsd, gpuCostBasis, capexUsdPerServer };
}

export function resolveServerOverhead(file: ScenarioFile, gpus: readonly GpuId[], problems: Problems): Record<string, number> {
  const given = perGpu(file.power?.serverOverheadW, ['power', 'serverOverheadW'], problems);
  return Object.fromEntries(gpus.map((g) => [g, given.get(g) ?? serverHostW(getGpu(g))]));
}
