/** Each constraint family on a small scenario whose optimum is worked out by hand in the test. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, kvTransferBytes, networkBytesPerSecondPerGpu } from '../../src/capacity/index.js';
import { InfeasibleError } from '../../src/core/errors.js';
import { buildPlanModel, planningData } from '../../src/formulation/index.js';
import { planScenario } from '../../src/plan/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const H100 = { 'H100-80GB': [1980] };
const need = (rps: number, cap: number) => Math.ceil(rps / (0.9 * cap) - 1e-9);
const capOf = (o: TinyOptions, role: string) => {
  const s = tinyScenario(o);
  const t = buildCapacityTable(s, analyticStepModel, capacityCache);
  const row = t.rows.find((r) => r.configId.endsWith(`/${role}`));
  if (!row) throw new Error(`no ${role} capacity`);
  return row.maxRps;
};
const instances = (plan: Awaited<ReturnType<typeof planScenario>>['plan'], w: number, role: string) =>
  plan.rows.filter((r) => r.window === w && r.role === role).reduce((n, r) => n + r.instances, 0);

describe('phase split: demand on prefill pools, flow balance to decode pools', () => {
  const o: TinyOptions = { windows: 1, rps: [6], clocks: H100, roles: ['prefill', 'decode'] };

  it('sizes prefill and decode pools separately and decodes every prefilled request', async () => {
    const { plan } = await planScenario(tinyScenario(o), { capacityCache });
    expect(instances(plan, 0, 'prefill')).toBe(need(6, capOf(o, 'prefill')));
    expect(instances(plan, 0, 'decode')).toBe(need(6, capOf(o, 'decode')));
    const rate = (role: string) => plan.rows.filter((r) => r.role === role).reduce((s, r) => s + (r.ratesRps['chat/AA'] ?? 0), 0);
    expect(rate('prefill')).toBeCloseTo(6, 6);
    expect(rate('decode')).toBeCloseTo(6, 6);
    // One TP8 instance per 8-GPU server.
    expect(plan.totals.servers).toBe(need(6, capOf(o, 'prefill')) + need(6, capOf(o, 'decode')));
  });

  it('writes flow rows and KV-network rows with KV bytes in GB against the NIC share of the pool', () => {
    const s = tinyScenario(o);
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const pm = buildPlanModel(data, { windows: [0] });
    expect(pm.model.constraintFamilies().get('flow')?.count).toBe(1);
    expect(pm.model.constraintFamilies().get('kvnet')?.count).toBe(2);
    const sf = pm.model.toStandardForm();
    const row = pm.model.constraintFamilies().get('kvnet')?.first ?? -1;
    const coefs = new Map<string, number>();
    for (let i = sf.rowStart[row] ?? 0; i < (sf.rowStart[row + 1] ?? 0); i++) coefs.set(sf.colNames[sf.colIndex[i] ?? 0] ?? '', sf.value[i] ?? 0);
    const x = [...coefs].find(([n]) => n.startsWith('x['));
    const n = [...coefs].find(([name]) => name.startsWith('n['));
    expect(x?.[1]).toBeCloseTo(kvTransferBytes('Llama-2-70B', 1000) / 1e9, 12);
    expect(n?.[1]).toBeCloseTo((-8 * networkBytesPerSecondPerGpu('H100-80GB')) / 1e9, 12);
  });
});

describe('idle servers powered off', () => {
  it('powers only the servers a window needs, and the fleet still covers the peak', async () => {
    const o: TinyOptions = { windows: 2, rps: [7, 1], clocks: H100, idleServers: 'off' };
    const cap = capOf(o, 'mixed');
    const { plan } = await planScenario(tinyScenario(o), { capacityCache });
    expect(plan.totals.servers).toBe(need(7, cap));
    const idleRow = (w: number) => plan.rows.find((r) => r.window === w && r.role === 'idle');
    // Window 1 runs need(1) servers; with power-off no idle GPUs or host power are counted for the rest.
    expect(instances(plan, 1, 'mixed')).toBe(need(1, cap));
    expect(idleRow(1)?.gpus ?? 0).toBe(0);
    const on = await planScenario(tinyScenario({ ...o, idleServers: 'on' }), { capacityCache });
    expect(plan.windows[1]?.energyKWh).toBeLessThan(on.plan.windows[1]?.energyKWh ?? 0);
  });
});

describe('start-ups between windows', () => {
  it('counts the GPUs brought into service and their boot energy', async () => {
    const o: TinyOptions = { windows: 2, rps: [1, 7], clocks: H100, instanceStartS: 600 };
    const cap = capOf(o, 'mixed');
    const { plan } = await planScenario(tinyScenario(o), { capacityCache });
    const started = (need(7, cap) - need(1, cap)) * 8;
    expect(plan.windows[1]?.gpuStarts).toBeCloseTo(started, 6);
    // 600 s at the H100's loaded-idle power (121.7 W) per GPU, PUE 1.
    expect(plan.windows[1]?.startEnergyKWh).toBeCloseTo((started * 600 * 121.7) / 3.6e6, 6);
  });

  it('respects a ramp limit by keeping instances running ahead of the peak', async () => {
    const o: TinyOptions = { windows: 2, rps: [1, 7], clocks: H100, maxGpuStartsPerWindow: 8 };
    const cap = capOf(o, 'mixed');
    const { plan } = await planScenario(tinyScenario(o), { capacityCache });
    expect(instances(plan, 1, 'mixed')).toBe(need(7, cap));
    // At most one TP8 instance may start at the boundary, so window 0 already runs need(7) − 1.
    expect(instances(plan, 0, 'mixed')).toBeGreaterThanOrEqual(need(7, cap) - 1);
    expect(plan.windows[1]?.gpuStarts ?? 0).toBeLessThanOrEqual(8 + 1e-6);
  });
});

describe('objectives', () => {
  it('the cost-optimal plan costs no more, and the energy-optimal plan uses no more energy, than the other', async () => {
    const o: TinyOptions = { windows: 2, rps: [3, 1], gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], clocks: { 'A100-80GB': [1110, 1410], 'H100-80GB': [1200, 1980] }, ttftMs: 8000 };
    const cost = (await planScenario(tinyScenario({ ...o, objective: 'cost' }), { capacityCache })).plan;
    const energy = (await planScenario(tinyScenario({ ...o, objective: 'energy' }), { capacityCache })).plan;
    expect(cost.totals.totalCostUsd).toBeLessThanOrEqual(energy.totals.totalCostUsd * (1 + 1e-3));
    expect(energy.totals.energyKWh).toBeLessThanOrEqual(cost.totals.energyKWh * (1 + 1e-3));
  });
});

describe('dominated-config pruning', () => {
  it('drops configs without changing the optimum', async () => {
    const o: TinyOptions = { windows: 2, rps: [4, 2], gpus: ['H100-80GB'], tp: [2, 4, 8], clocks: { 'H100-80GB': [1200, 1600, 1980] } };
    const s = tinyScenario(o);
    const capacity = buildCapacityTable(s, analyticStepModel, capacityCache);
    const pruned = planningData(s, capacity);
    const full = planningData(s, capacity, { prune: false });
    expect(pruned.configs.length).toBeLessThan(full.configs.length);
    const { solve } = await import('../../src/solver/index.js');
    const a = await solve(buildPlanModel(pruned, { windows: [0, 1] }).model, { mipRelGap: 1e-6 });
    const b = await solve(buildPlanModel(full, { windows: [0, 1] }).model, { mipRelGap: 1e-6 });
    expect(a.objective).toBeCloseTo(b.objective ?? NaN, 4);
  });
});

describe('infeasibility is explained', () => {
  it('names the window and the power shortfall', async () => {
    const err = await planScenario(tinyScenario({ windows: 2, rps: [1, 7], clocks: H100, provisionedKW: 5 }), { capacityCache }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfeasibleError);
    expect((err as Error).message).toMatch(/window 1\): meeting every class's SLO needs ≥ [\d.]+ kW/);
  });
});
