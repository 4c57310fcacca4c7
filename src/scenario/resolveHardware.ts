import { clockGrid, getGpu, gpuIds, resolveGpuId, serverHostW, supportsPrecision, type GpuId, type Precision } from '../catalog/index.js';
import { DEFAULT_STACK, type StackId } from '../profiles/index.js';
import { listWithSuggestion } from './resolveClasses.js';
import type { ScenarioFile } from './schema.js';
import type { Problems } from './problems.js';
import type { AcquisitionMode, Billing, Role, Scenario } from './types.js';

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
  // A GPU that runs none of the listed precisions runs bf16 (precisionsOn.ts); a listed precision that
  // no candidate GPU runs would be used nowhere, which is a mistake in the file rather than a choice.
  for (const p of precisions) {
    if (gpus.length > 0 && !gpus.some((g) => supportsPrecision(getGpu(g), p))) {
      const fix = p === 'fp4' ? 'fp4 needs B200: add it to hardware.gpus or drop fp4' : 'add a GPU with FP8 tensor cores (H100-80GB, H200, B200, L40S) to hardware.gpus or drop fp8';
      problems.add(['hardware', 'precisions'], `none of ${gpus.join(', ')} runs ${p} on its tensor cores, so no config would use it (a GPU that runs none of hardware.precisions runs bf16)`, precisions.length === 1 ? `${fix} (write precisions: [bf16] or leave it out)` : fix);
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
): { gpuHourUsd: Record<string, number>; gpuCostBasis: Record<string, 'rental' | 'capex'>; capexUsdPerServer: Record<string, number>; billing?: Billing; ownedGpuHourUsd?: Record<string, number>; onDemandGpuHourUsd?: Record<string, number> } {
  const rental = perGpu(file.prices?.gpuHourUsd, ['prices', 'gpuHourUsd'], problems);
  const capex = perGpu(file.prices?.capex, ['prices', 'capex'], problems);
  const gpuHourUsd: Record<string, number> = {};
  const gpuCostBasis: Record<string, 'rental' | 'capex'> = {};
  const capexUsdPerServer: Record<string, number> = {};
  for (const g of gpus) {
    const spec = getGpu(g);
    const c = capex.get(g);
    if (c) {
      gpuHourUsd[g] = amortizedGpuHourUsd(c, spec.server.gpusPerServer.value);
      gpuCostBasis[g] = 'capex';
      capexUsdPerServer[g] = c.usdPerServer;
    } else {
      gpuHourUsd[g] = rental.get(g) ?? spec.priceUsdPerGpuHour.value;
      gpuCostBasis[g] = 'rental';
    }
  }
  // Kept when given even if no type is offered on demand: compare's designs may offer it.
  const onDemand = perGpu(file.prices?.onDemandGpuHourUsd, ['prices', 'onDemandGpuHourUsd'], problems);
  const billing = resolveBilling(file, gpus, capex, rental, onDemand, problems);
  const owned = perGpu(file.prices?.ownedGpuHourUsd, ['prices', 'ownedGpuHourUsd'], problems);
  return {
    gpuHourUsd,
    gpuCostBasis,
    capexUsdPerServer,
    ...(billing ? { billing } : {}),
    ...(owned.size > 0 ? { ownedGpuHourUsd: Object.fromEntries(owned) } : {}),
    ...(onDemand.size > 0 ? { onDemandGpuHourUsd: Object.fromEntries(onDemand) } : {}),
  };
}

/**
 * The acquisition modes offered (prices.acquisition): one list for every GPU type, or one per type
 * (each type of hardware.gpus listed). Buy needs the type's purchase price (prices.capex); reserve
 * and on-demand take the scenario's or the catalog's prices. Undefined when the scenario offers none.
 */
function resolveBilling(
  file: ScenarioFile,
  gpus: readonly GpuId[],
  capex: ReadonlyMap<GpuId, { usdPerServer: number; amortizationYears: number }>,
  rental: ReadonlyMap<GpuId, number>,
  onDemand: ReadonlyMap<GpuId, number>,
  problems: Problems,
): Billing | undefined {
  const given = file.prices?.acquisition;
  if (given === undefined) return undefined;
  const perType = Array.isArray(given) ? undefined : perGpu(given, ['prices', 'acquisition'], problems);
  const modes: Record<string, AcquisitionMode[]> = {};
  for (const g of gpus) {
    const list = perType ? perType.get(g) : (given as readonly AcquisitionMode[]);
    const at: (string | number)[] = perType ? ['prices', 'acquisition', g] : ['prices', 'acquisition'];
    if (!list) {
      problems.add(['prices', 'acquisition'], `GPU type ${g} has no acquisition modes`, `list ${g}'s modes, e.g. ${g}: [reserve, onDemand], or give one list for every type`);
      continue;
    }
    if (list.includes('buy') && !capex.has(g)) {
      problems.add(at, `${g} may be bought but has no purchase price`, `give prices.capex.${g} (usdPerServer, amortizationYears), or drop buy`);
    }
    modes[g] = ACQUISITION_ORDER.filter((m) => list.includes(m));
  }
  for (const g of perType?.keys() ?? []) {
    if (!gpus.includes(g)) problems.add(['prices', 'acquisition', g], `${g} is not among hardware.gpus`, `add ${g} to hardware.gpus or remove it here`);
  }
  const reserveGpuHourUsd: Record<string, number> = {};
  const buyGpuHourUsd: Record<string, number> = {};
  const onDemandGpuHourUsd: Record<string, number> = {};
  for (const g of gpus) {
    const spec = getGpu(g);
    const c = capex.get(g);
    if (modes[g]?.includes('reserve')) reserveGpuHourUsd[g] = rental.get(g) ?? spec.priceUsdPerGpuHour.value;
    if (modes[g]?.includes('buy') && c) buyGpuHourUsd[g] = amortizedGpuHourUsd(c, spec.server.gpusPerServer.value);
    if (modes[g]?.includes('onDemand')) onDemandGpuHourUsd[g] = onDemand.get(g) ?? spec.onDemandUsdPerGpuHour.value;
  }
  return { modes, reserveGpuHourUsd, buyGpuHourUsd, onDemandGpuHourUsd };
}

const ACQUISITION_ORDER: readonly AcquisitionMode[] = ['buy', 'reserve', 'onDemand'];

/** Straight-line amortization of a server's purchase price, per GPU-hour. */
function amortizedGpuHourUsd(c: { usdPerServer: number; amortizationYears: number }, gpusPerServer: number): number {
  return c.usdPerServer / gpusPerServer / (c.amortizationYears * HOURS_PER_YEAR);
}

export function resolveServerOverhead(file: ScenarioFile, gpus: readonly GpuId[], problems: Problems): Record<string, number> {
  const given = perGpu(file.power?.serverOverheadW, ['power', 'serverOverheadW'], problems);
  return Object.fromEntries(gpus.map((g) => [g, given.get(g) ?? serverHostW(getGpu(g))]));
}
