/** The built model, inspected without a solver, and small instances whose optimum is worked out by hand. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { InfeasibleError } from '../../src/core/errors.js';
import { buildPlanModel, planningData, PEAK_TO_MEAN_POWER } from '../../src/formulation/index.js';
import { planScenario } from '../../src/plan/index.js';
import { solve } from '../../src/solver/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';

const H100_CLOCK = { 'H100-80GB': [1980] };

describe('plan model structure', () => {
  it('has one row per (window, class) for demand, per (window, config) for capacity, per (window, GPU type) for fleet and per window for power', () => {
    const s = tinyScenario({ windows: 3, rps: [2, 0, 1], clocks: H100_CLOCK, provisionedKW: 100 });
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const pm = buildPlanModel(data, { windows: [0, 1, 2] });
    const rows = pm.model.constraintFamilies();
    // Window 1 has no demand: no demand row, no pool variables, so no capacity or fleet row either.
    expect(rows.get('demand')?.count).toBe(2);
    expect(rows.get('capacity')?.count).toBe(2);
    expect(rows.get('fleet')?.count).toBe(2);
    expect(rows.get('power')?.count).toBe(3);
    const vars = pm.model.variableFamilies();
    expect(vars.get('N')?.count).toBe(1);
    expect(vars.get('n')?.count).toBe(2);
    expect(vars.get('x')?.count).toBe(2);
  });

  it('budgets a server at its nameplate, or at its GPUs\' TDP (SplitwiseSim\'s accounting), in the power row', () => {
    const s = tinyScenario({ windows: 1, rps: [2], clocks: H100_CLOCK, provisionedKW: 100 });
    const capacity = buildCapacityTable(s, analyticStepModel, capacityCache);
    const serverCoefficient = (budgetBasis: 'nameplate' | 'gpu-tdp') => {
      const pm = buildPlanModel(planningData({ ...s, power: { ...s.power, budgetBasis } }, capacity), { windows: [0] });
      const sf = pm.model.toStandardForm();
      const row = pm.model.constraintFamilies().get('power')?.first ?? -1;
      const servers = pm.servers('H100-80GB').index;
      for (let i = sf.rowStart[row] ?? 0; i < (sf.rowStart[row + 1] ?? 0); i++) if (sf.colIndex[i] === servers) return { coefficient: sf.value[i], upper: sf.rowUpper[row] };
      return undefined;
    };
    // DGX-H100: 10.2 kW nameplate; 8 × 700 W of GPU TDP. Either way within 100 kW.
    expect(serverCoefficient('nameplate')).toEqual({ coefficient: 10_200, upper: 100_000 });
    expect(serverCoefficient('gpu-tdp')).toEqual({ coefficient: 5_600, upper: 100_000 });
  });

  it('writes capacity rows as Σ x/cap − u_max·n ≤ 0', () => {
    const s = tinyScenario({ windows: 1, rps: [2], clocks: H100_CLOCK });
    const capacity = buildCapacityTable(s, analyticStepModel, capacityCache);
    const data = planningData(s, capacity);
    const pm = buildPlanModel(data, { windows: [0] });
    const sf = pm.model.toStandardForm();
    const row = pm.model.constraintFamilies().get('capacity')?.first ?? -1;
    const cap = capacity.rows[0]?.maxRps ?? NaN;
    const start = sf.rowStart[row] ?? 0;
    const end = sf.rowStart[row + 1] ?? 0;
    const coefs = new Map<string, number>();
    for (let i = start; i < end; i++) coefs.set(sf.colNames[sf.colIndex[i] ?? 0] ?? '', sf.value[i] ?? 0);
    const xName = [...coefs.keys()].find((n) => n.startsWith('x['));
    const nName = [...coefs.keys()].find((n) => n.startsWith('n['));
    expect(coefs.get(xName ?? '')).toBeCloseTo(1 / cap, 12);
    expect(coefs.get(nName ?? '')).toBeCloseTo(-0.9, 12);
    expect(sf.rowUpper[row]).toBe(0);
  });
});

describe('hand-checkable optima', () => {
  it('buys ceil(peak demand / (u_max · cap)) TP8 servers and sizes each window to its own demand', async () => {
    const s = tinyScenario({ windows: 2, rps: [7, 2.5], clocks: H100_CLOCK });
    const cap = buildCapacityTable(s, analyticStepModel, capacityCache).rows[0]?.maxRps ?? NaN;
    const { plan } = await planScenario(s, { capacityCache, backend: 'highs' });
    const need = (r: number) => Math.ceil(r / (0.9 * cap) - 1e-9);
    const h100 = plan.procurement.find((p) => p.gpu === 'H100-80GB');
    expect(h100?.servers).toBe(need(7));
    const pools = (w: number) => plan.rows.filter((r) => r.window === w && r.role === 'mixed').reduce((n, r) => n + r.instances, 0);
    expect(pools(0)).toBe(need(7));
    expect(pools(1)).toBe(need(2.5));
    // Fleet cost by hand: servers × 8 GPUs × 4.76 USD × 2 h.
    expect(plan.totals.fleetCostUsd).toBeCloseTo(need(7) * 8 * 4.76 * 2, 6);
  });

  it('keeps owned inventory even when demand needs less', async () => {
    const s = tinyScenario({ windows: 1, rps: [0.5], clocks: H100_CLOCK, inventory: { 'H100-80GB': 3 } });
    const { plan } = await planScenario(s, { capacityCache });
    const h100 = plan.procurement.find((p) => p.gpu === 'H100-80GB');
    expect(h100?.servers).toBe(3);
    expect(h100?.newServers).toBe(0);
  });

  it('respects maxServers by moving load to another GPU type', async () => {
    const s = tinyScenario({ windows: 1, rps: [3], gpus: ['A100-80GB', 'H100-80GB'], clocks: { 'A100-80GB': [1410], ...H100_CLOCK }, ttftMs: 8000, maxServers: { 'H100-80GB': 0 } });
    const { plan } = await planScenario(s, { capacityCache });
    expect(plan.procurement.find((p) => p.gpu === 'H100-80GB')?.servers).toBe(0);
    expect(plan.procurement.find((p) => p.gpu === 'A100-80GB')?.servers).toBeGreaterThan(0);
  });

  it('keeps predicted peak power within the budget, and explains when it cannot', async () => {
    const s = tinyScenario({ windows: 1, rps: [7], clocks: H100_CLOCK, provisionedKW: 200 });
    const { plan } = await planScenario(s, { capacityCache });
    expect(plan.totals.peakPowerKW).toBeLessThanOrEqual(200);
    expect(plan.windows[0]?.predictedPeakKW).toBeCloseTo((plan.windows[0]?.meanPowerKW ?? 0) * PEAK_TO_MEAN_POWER, 9);

    const tight = tinyScenario({ windows: 1, rps: [7], clocks: H100_CLOCK, provisionedKW: 5 });
    const err = await planScenario(tight, { capacityCache }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfeasibleError);
    const text = (err as InfeasibleError).message;
    expect(text).toMatch(/Mon 00:00 \(window 0\)/);
    expect(text).toMatch(/needs ≥ [\d.]+ kW predicted peak power; provisioned 5\.0 kW/);
  });

  it('refuses a class that no config can serve, naming the class and its SLO', async () => {
    const s = tinyScenario({ windows: 1, rps: [1], clocks: H100_CLOCK, ttftMs: 10 });
    const err = await planScenario(s, { capacityCache }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfeasibleError);
    expect((err as Error).message).toMatch(/chat\/AA: no candidate config meets p99 TTFT ≤ 10 ms/);
  });
});

describe('idle energy of the fleet in windows the model does not size (fleet decomposition)', () => {
  const s = tinyScenario({ windows: 2, rps: [3, 1], clocks: H100_CLOCK });
  const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
  const g = data.gpuTypes[0]!;
  // One server idling for a window of one hour, at the meter, in that window's prices (objective: cost).
  const idleUsd = (w: number) => ((g.hostW + g.gpusPerServer * g.gpuIdleW) / 1000) * s.horizon.windowHours * s.power.pue * ((s.prices.electricityUsdPerKWh[w] ?? 0) + ((s.prices.carbonGPerKWh[w] ?? 0) / 1e6) * s.prices.carbonUsdPerTon);
  const objective = async (options: Parameters<typeof buildPlanModel>[1]) => (await solve(buildPlanModel(data, { ...options, fixedFleet: { 'H100-80GB': 2 } }).model)).objective ?? NaN;

  it('idleOnlyWindows adds each such window\'s server idle energy, linear in the fleet', async () => {
    const alone = await objective({ windows: [0] });
    const withIdle = await objective({ windows: [0], idleOnlyWindows: [1] });
    expect(withIdle - alone).toBeCloseTo(2 * idleUsd(1), 6);
  });

  it('serverIdleInObjective: false leaves the servers\' idle energy out of the window\'s objective', async () => {
    const all = await objective({ windows: [0] });
    const poolsOnly = await objective({ windows: [0], serverIdleInObjective: false });
    expect(all - poolsOnly).toBeCloseTo(2 * idleUsd(0), 6);
  });
});
