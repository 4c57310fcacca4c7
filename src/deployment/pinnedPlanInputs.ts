/**
 * A deployment as the planner's input: its pools pinned (PinnedPools), and the scenario's choices
 * widened so every pinned config exists. Two uses:
 * - 'price' (`plan --deployment`): the deployment's configs are the only ones, its fleet is the fleet
 *   and each pool serves every class (planning.pools 'shared', as a deployed pool does), so nothing
 *   is chosen but each class's split over the given pools; the plan's cost, energy, power and SLO
 *   capacity check are the deployment's.
 * - 'fix' (`plan --fix-pools`): the deployment's pools are held in the windows it gives; everything
 *   else the scenario allows stays free.
 * Pure.
 */
import { configId } from '../capacity/index.js';
import { getGpu, type GpuId } from '../catalog/index.js';
import { applyDesign } from '../compare/applyDesign.js';
import type { PinnedPools } from '../formulation/index.js';
import type { Role, Scenario } from '../scenario/index.js';
import { resolveDeployment, type ResolvedWindow } from './resolveDeployment.js';
import type { Deployment } from './types.js';

export type PinMode = 'price' | 'fix';

export interface PinnedPlanInputs {
  readonly scenario: Scenario;
  readonly pinned: PinnedPools;
}

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

export function pinnedPlanInputs(deployment: Deployment, scenario: Scenario, mode: PinMode): PinnedPlanInputs {
  const windows = resolveDeployment(deployment, scenario);
  const listed = new Set(deployment.everyWindow ? windows.map((_, w) => w) : (deployment.windows ?? []).map((d) => d.window));
  const pools = windows.flatMap((w, i) => (listed.has(i) ? w.pools : []));
  const gpus = [...new Set(pools.map((p) => p.gpu))];
  const tps = [...new Set(pools.map((p) => p.tp))].sort((a, b) => a - b);
  const roles = [...new Set(pools.map((p) => p.role))] as Role[];
  const price = mode === 'price';
  const designed = applyDesign(scenario, {
    name: deployment.name,
    description: deployment.description,
    gpus: price ? gpus : union(scenario.hardware.gpus, gpus),
    roles: price ? roles : union(scenario.hardware.roles, roles),
    tp: price ? tps : union(scenario.hardware.tp, tps).sort((a, b) => a - b),
    clocks: 'scenario',
    // Priced as deployed: each pool serves every class routed to it (no per-bin pools of the planner's).
    ...(price ? { roleGpus: {}, powerCap: {}, pools: 'shared' as const } : {}),
  });
  const clocksMHz: Record<string, readonly number[]> = {};
  for (const g of designed.hardware.gpus) {
    const pinnedClocks = pools.filter((p) => p.gpu === g).map((p) => p.clockMHz);
    const clocks = price ? pinnedClocks : union(designed.hardware.clocksMHz[g] ?? [], pinnedClocks);
    clocksMHz[g] = [...new Set(clocks)].sort((a, b) => a - b);
  }
  const fleet = price ? fleetOf(windows, listed) : undefined;
  // The pinned pools' engine presets and precisions must be candidates too (pricing: the only ones).
  const stacks = [...new Set(pools.map((p) => p.stack))];
  const precisions = [...new Set(pools.map((p) => p.precision))];
  const hardware = {
    ...designed.hardware,
    clocksMHz,
    stacks: price ? stacks : union(designed.hardware.stacks, stacks),
    precisions: price ? precisions : union(designed.hardware.precisions, precisions),
    ...(fleet ? { inventoryServers: fleet, maxServers: fleet } : {}),
  };
  const byWindow = windows.map((w, i) => {
    if (!listed.has(i) && !price) return undefined;
    const pins = new Map<string, number>();
    if (!listed.has(i)) return pins;
    for (const p of w.pools) {
      const id = configId({ model: p.model, gpu: p.gpu, tp: p.tp, clockMHz: p.clockMHz, role: p.role, stack: p.stack, precision: p.precision });
      pins.set(id, (pins.get(id) ?? 0) + p.instances);
    }
    return pins;
  });
  return { scenario: { ...designed, hardware }, pinned: { byWindow, only: price } };
}

/** Servers per GPU type: enough for the busiest window's pools and idle GPUs. */
function fleetOf(windows: readonly ResolvedWindow[], listed: ReadonlySet<number>): Record<string, number> {
  const servers: Record<string, number> = {};
  windows.forEach((w, i) => {
    if (!listed.has(i)) return;
    const gpusByType = new Map<GpuId, number>();
    for (const p of w.pools) gpusByType.set(p.gpu, (gpusByType.get(p.gpu) ?? 0) + p.instances * p.tp);
    for (const d of w.idle) gpusByType.set(d.gpu, (gpusByType.get(d.gpu) ?? 0) + d.gpus);
    for (const [g, n] of gpusByType) servers[g] = Math.max(servers[g] ?? 0, Math.ceil(n / getGpu(g).server.gpusPerServer.value - 1e-9));
  });
  return servers;
}
