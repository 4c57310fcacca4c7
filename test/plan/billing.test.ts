/**
 * Acquisition and billing (issue 20, docs/billing.md), on tiny scenarios a hand calculation checks:
 * one config (H100-80GB TP8 at 1,980 MHz), so one instance fills one server, and free electricity,
 * so that only the servers' prices decide. Window w needs need[w] servers: its rate is just under
 * need[w] instances' worth of capacity at maxUtilization.
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const GPU = 'H100-80GB';
const BASE: TinyOptions = { clocks: { [GPU]: [1980] }, electricityUsdPerKWh: 0 };
const MAX_UTILIZATION = 0.9;

/** Request rate of one instance at its SLO capacity. */
const instanceRps = (() => {
  const table = buildCapacityTable(tinyScenario({ ...BASE, windows: 1 }), analyticStepModel, capacityCache);
  const row = table.rows[0];
  if (!row || table.rows.length !== 1) throw new Error('the tiny scenario should have one config serving one class');
  return row.maxRps;
})();

/** Rates that need exactly need[w] servers in window w. */
const ratesFor = (need: readonly number[]) => need.map((n) => Math.max(0.001, (n - 0.05) * MAX_UTILIZATION * instanceRps));

async function planFor(need: readonly number[], o: TinyOptions): Promise<Plan> {
  const { plan } = await planScenario(tinyScenario({ ...BASE, windows: need.length, rps: ratesFor(need), ...o }), { capacityCache, baseline: false });
  return plan;
}

const powered = (plan: Plan) => plan.windows.map((w) => (w.committedServers ?? 0) + (w.onDemandServers ?? 0));
const billing = (plan: Plan) => plan.procurement.find((p) => p.gpu === GPU)?.billing;

describe('buy vs reserve: the break-even purchase price', () => {
  // Bought: usdPerServer / (years · 8,760 h) per server-hour; reserved: 8 GPUs × gpuHourUsd. Equal at
  // usdPerServer = 8 × gpuHourUsd × years × 8,760.
  const reserveUsd = 4.76;
  const years = 4;
  const breakEven = 8 * reserveUsd * years * 8760;
  const need = [3, 3, 3, 3];
  const at = (usdPerServer: number) => planFor(need, { acquisition: ['buy', 'reserve'], gpuHourUsd: { [GPU]: reserveUsd }, capex: { [GPU]: { usdPerServer, amortizationYears: years } } });

  it('buys every server 1 % below the break-even price and reserves every one 1 % above', async () => {
    const below = billing(await at(breakEven * 0.99));
    const above = billing(await at(breakEven * 1.01));
    expect(below).toMatchObject({ boughtServers: 3, reservedServers: 0 });
    expect(above).toMatchObject({ boughtServers: 0, reservedServers: 3 });
  });

  it('owned servers pay no rent or capex: the upfront outlay is only for the ones bought', async () => {
    const plan = await planFor(need, { acquisition: ['buy', 'reserve'], inventory: { [GPU]: 1 }, gpuHourUsd: { [GPU]: reserveUsd }, capex: { [GPU]: { usdPerServer: breakEven * 0.99, amortizationYears: years } } });
    expect(billing(plan)).toMatchObject({ boughtServers: 2, reservedServers: 0 });
    const hours = need.length;
    expect(plan.totals.fleetCostUsd).toBeCloseTo((2 * breakEven * 0.99 * hours) / (years * 8760), 6);
    expect(plan.totals.upfrontUsd).toBeCloseTo(2 * breakEven * 0.99, 6);
  });
});

describe('reserve vs rent on demand', () => {
  // Reserve 1 USD per GPU-hour, on demand 2: a server is worth reserving when needed in more than half the windows.
  const prices: TinyOptions = { gpuHourUsd: { [GPU]: 1 }, onDemandGpuHourUsd: { [GPU]: 2 } };
  const serverHourUsd = (perGpu: number) => 8 * perGpu;

  it('with a high peak-to-trough ratio, on demand powers fewer servers at night and costs less than reserved', async () => {
    const need = [1, 1, 1, 4, 4, 1, 1, 1];
    const reserved = await planFor(need, { ...prices, acquisition: ['reserve'] });
    const onDemand = await planFor(need, { ...prices, acquisition: ['onDemand'] });
    // Reserved: 4 servers all 8 hours; on demand: Σ need server-hours at twice the price.
    expect(reserved.totals.totalCostUsd).toBeCloseTo(4 * 8 * serverHourUsd(1), 6);
    expect(onDemand.totals.totalCostUsd).toBeCloseTo(14 * serverHourUsd(2), 6);
    expect(onDemand.totals.totalCostUsd).toBeLessThan(reserved.totals.totalCostUsd);
    expect(powered(onDemand)).toEqual(need);
    expect(powered(reserved)).toEqual(need.map(() => 4));
  });

  it('with a flat load, reserved is cheaper', async () => {
    const need = [2, 2, 2, 2, 2, 2];
    const reserved = await planFor(need, { ...prices, acquisition: ['reserve'] });
    const onDemand = await planFor(need, { ...prices, acquisition: ['onDemand'] });
    expect(reserved.totals.totalCostUsd).toBeCloseTo(12 * serverHourUsd(1), 6);
    expect(onDemand.totals.totalCostUsd).toBeCloseTo(12 * serverHourUsd(2), 6);
    expect(reserved.totals.totalCostUsd).toBeLessThan(onDemand.totals.totalCostUsd);
  });

  it('mixed reserves the base a hand calculation predicts and rents the rest by the window', async () => {
    // Server k is needed in #{w: need[w] ≥ k} windows: 8, 6, 3, 1 of 8. Reserving costs 8 windows
    // at 1, renting that many at 2: reserve when needed in more than 4 windows → servers 1 and 2.
    const need = [1, 1, 2, 2, 2, 3, 3, 4];
    const mixed = await planFor(need, { ...prices, acquisition: ['reserve', 'onDemand'] });
    expect(billing(mixed)).toMatchObject({ reservedServers: 2, onDemandPeakServers: 2, onDemandServerHours: 4 });
    expect(mixed.windows.map((w) => w.onDemandServers)).toEqual(need.map((n) => Math.max(0, n - 2)));
    expect(mixed.totals.totalCostUsd).toBeCloseTo(2 * 8 * serverHourUsd(1) + 4 * serverHourUsd(2), 6);
    const reserved = await planFor(need, { ...prices, acquisition: ['reserve'] });
    const onDemand = await planFor(need, { ...prices, acquisition: ['onDemand'] });
    expect(mixed.totals.totalCostUsd).toBeLessThan(Math.min(reserved.totals.totalCostUsd, onDemand.totals.totalCostUsd));
  });

  it('with idle servers powered off, the fleet serves first and only the burst is rented', async () => {
    const need = [1, 1, 1, 4, 4, 1, 1, 1];
    const mixed = await planFor(need, { ...prices, acquisition: ['reserve', 'onDemand'], idleServers: 'off' });
    expect(billing(mixed)).toMatchObject({ reservedServers: 1, onDemandServerHours: 6 });
    expect(mixed.totals.totalCostUsd).toBeCloseTo(8 * serverHourUsd(1) + 6 * serverHourUsd(2), 6);
    expect(powered(mixed)).toEqual(need);
  });

  it('on-demand servers count against the power budget', async () => {
    // One DGX-H100 draws at least its idle power; a budget below two servers' keeps the peak unserved.
    const need = [1, 2];
    await expect(planFor(need, { ...prices, acquisition: ['onDemand'], provisionedKW: 3 })).rejects.toThrow(/Infeasible/);
    const plan = await planFor(need, { ...prices, acquisition: ['onDemand'], provisionedKW: 30 });
    expect(powered(plan)).toEqual(need);
  });
});

describe('owned servers (hardware.inventory)', () => {
  it('pay no rent, only energy and any stated running cost, with or without prices.acquisition', async () => {
    const need = [3, 3];
    const rental = 4.76;
    const plain = await planFor(need, { inventory: { [GPU]: 2 }, gpuHourUsd: { [GPU]: rental } });
    // One server beyond the two owned is rented for the 2 hours.
    expect(plain.procurement[0]).toMatchObject({ servers: 3, newServers: 1, inventoryServers: 2 });
    expect(plain.totals.fleetCostUsd).toBeCloseTo(1 * 8 * rental * 2, 6);
    const running = await planFor(need, { inventory: { [GPU]: 2 }, gpuHourUsd: { [GPU]: rental }, ownedGpuHourUsd: { [GPU]: 0.5 } });
    expect(running.totals.fleetCostUsd).toBeCloseTo(1 * 8 * rental * 2 + 2 * 8 * 0.5 * 2, 6);
    // The rows carry the fleet's cost (energy is free here): owned servers add only their running cost.
    expect(running.rows.reduce((s, r) => s + r.costUsd, 0)).toBeCloseTo(running.totals.fleetCostUsd, 6);
    const onDemandOnly = await planFor(need, { inventory: { [GPU]: 2 }, acquisition: ['onDemand'], onDemandGpuHourUsd: { [GPU]: 10 } });
    expect(onDemandOnly.totals.fleetCostUsd).toBe(0);
    expect(onDemandOnly.totals.onDemandCostUsd).toBeCloseTo(2 * 8 * 10, 6);
  });
});
