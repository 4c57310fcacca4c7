/**
 * A design applied to a scenario: the same demand, SLOs, prices and power, with the planner's options
 * restricted. Pure. GPU types a design adds to the scenario get catalog prices and clocks.
 */
import { getGpu, serverHostW, type GpuId } from '../catalog/index.js';
import { evenlySpacedClocks, type Role, type Scenario } from '../scenario/index.js';
import type { Design } from './types.js';

const DEFAULT_CLOCK_COUNT = 5;
const DEFAULT_MIN_CLOCK_FRACTION = 0.4;

export function applyDesign(scenario: Scenario, design: Design): Scenario {
  const hw = scenario.hardware;
  const gpus: GpuId[] = [...(design.gpus ?? hw.gpus)];
  for (const list of Object.values(design.roleGpus ?? {})) for (const g of list ?? []) if (!gpus.includes(g)) gpus.push(g);
  const clocksMHz: Record<string, readonly number[]> = {};
  for (const g of gpus) {
    const max = getGpu(g).clockMHz.max.value;
    clocksMHz[g] = design.clocks === 'max' ? [max] : (hw.clocksMHz[g] ?? evenlySpacedClocks(g, DEFAULT_CLOCK_COUNT, DEFAULT_MIN_CLOCK_FRACTION));
  }
  const roles: Role[] = [...(design.roles ?? hw.roles)];
  const priced = (g: GpuId) => scenario.prices.gpuHourUsd[g] ?? getGpu(g).priceUsdPerGpuHour.value;
  return {
    ...scenario,
    hardware: {
      ...hw,
      gpus,
      tp: design.tp ?? hw.tp,
      clocksMHz,
      roles,
      roleGpus: design.roleGpus ?? hw.roleGpus,
      powerCapFraction: design.powerCap ?? hw.powerCapFraction,
      inventoryServers: Object.fromEntries(gpus.map((g) => [g, hw.inventoryServers[g] ?? 0])),
      maxServers: Object.fromEntries(gpus.filter((g) => hw.maxServers[g] !== undefined).map((g) => [g, hw.maxServers[g] as number])),
    },
    prices: {
      ...scenario.prices,
      gpuHourUsd: Object.fromEntries(gpus.map((g) => [g, priced(g)])),
      gpuCostBasis: Object.fromEntries(gpus.map((g) => [g, scenario.prices.gpuCostBasis[g] ?? 'rental'])),
    },
    power: {
      ...scenario.power,
      serverOverheadW: Object.fromEntries(gpus.map((g) => [g, scenario.power.serverOverheadW[g] ?? serverHostW(getGpu(g))])),
      budgetBasis: design.powerBudget ?? scenario.power.budgetBasis,
    },
    planning: { ...scenario.planning, pools: design.pools ?? scenario.planning.pools },
  };
}
