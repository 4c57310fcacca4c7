/**
 * A design applied to a scenario: the same demand, SLOs, prices and power, with the planner's options
 * restricted. Pure. GPU types a design adds to the scenario get catalog prices and clocks.
 */
import { getGpu, serverHostW, type GpuId } from '../catalog/index.js';
import { evenlySpacedClocks, type AcquisitionMode, type Billing, type Role, type Scenario } from '../scenario/index.js';
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
    const listed = hw.clocksMHz[g] ?? evenlySpacedClocks(g, DEFAULT_CLOCK_COUNT, DEFAULT_MIN_CLOCK_FRACTION);
    clocksMHz[g] = design.clocks === 'max' ? [max] : design.clocks === 'min' ? [Math.min(...listed)] : listed;
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
      ...(design.acquisition ? { billing: restrictedBilling(scenario, gpus, design.acquisition) } : {}),
    },
    power: {
      ...scenario.power,
      serverOverheadW: Object.fromEntries(gpus.map((g) => [g, scenario.power.serverOverheadW[g] ?? serverHostW(getGpu(g))])),
      budgetBasis: design.powerBudget ?? scenario.power.budgetBasis,
    },
    planning: { ...scenario.planning, pools: design.pools ?? scenario.planning.pools, ...(design.hold ? { hold: design.hold } : {}), ...(design.holdPeriodMinutes !== undefined ? { holdPeriodMinutes: design.holdPeriodMinutes } : {}) },
  };
}

/**
 * The design's acquisition modes on every GPU type, priced as the scenario prices them (or the
 * catalog): reserve at the rental price, on demand at the on-demand price, buy at the amortized
 * purchase price, for the types the scenario gives one (buy is dropped for the others).
 */
function restrictedBilling(scenario: Scenario, gpus: readonly GpuId[], modes: readonly AcquisitionMode[]): Billing {
  const p = scenario.prices;
  const out = { modes: {} as Record<string, AcquisitionMode[]>, reserveGpuHourUsd: {} as Record<string, number>, buyGpuHourUsd: {} as Record<string, number>, onDemandGpuHourUsd: {} as Record<string, number> };
  for (const g of gpus) {
    const spec = getGpu(g);
    const buy = p.billing?.buyGpuHourUsd[g] ?? (p.gpuCostBasis[g] === 'capex' ? p.gpuHourUsd[g] : undefined);
    const offered = modes.filter((m) => m !== 'buy' || buy !== undefined);
    out.modes[g] = offered;
    if (offered.includes('reserve')) out.reserveGpuHourUsd[g] = p.billing?.reserveGpuHourUsd[g] ?? (p.gpuCostBasis[g] === 'rental' ? p.gpuHourUsd[g] : undefined) ?? spec.priceUsdPerGpuHour.value;
    if (offered.includes('onDemand')) out.onDemandGpuHourUsd[g] = p.billing?.onDemandGpuHourUsd[g] ?? p.onDemandGpuHourUsd?.[g] ?? spec.onDemandUsdPerGpuHour.value;
    if (offered.includes('buy') && buy !== undefined) out.buyGpuHourUsd[g] = buy;
  }
  return out;
}
