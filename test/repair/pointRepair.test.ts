/**
 * Point-estimate repair (repair/pointRepair.ts): a class whose replayed misses over every window are
 * significantly above its planned share is hot, and is repaired where its pools missed.
 */
import { describe, expect, it } from 'vitest';
import type { PlanRow } from '../../src/plan/index.js';
import { hotCellTargets, hotClasses, plannedShareOf, type CellMisses } from '../../src/repair/pointRepair.js';
import { fromScenarioFile, type Scenario } from '../../src/scenario/index.js';

const row = (window: number, instances: number, rates: Record<string, number>): PlanRow => ({
  window,
  windowStart: `2024-05-13T${String(window).padStart(2, '0')}:00:00.000Z`,
  model: 'Llama-2-70B',
  gpu: 'H100-80GB',
  tp: 8,
  clockMHz: 1185,
  role: 'mixed',
  pool: 'shared',
  stack: 'vllm-2023',
  precision: 'bf16',
  instances,
  gpus: instances * 8,
  ratesRps: rates,
  utilization: 0.9,
  meanPowerKW: 1,
  energyKWh: 1,
  costUsd: 1,
  carbonKg: 1,
});

const cell = (window: number, classId: string, requests: number, ttft: number, tbt = 0): CellMisses => ({ window, classId, requests, ttft, tbt });

async function day(budget = 0.01): Promise<Scenario> {
  const s = await fromScenarioFile('scenarios/day.yaml');
  return { ...s, planning: { ...s.planning, pointMissBudget: budget } };
}

describe('hot classes', () => {
  it('a small class missing at the pool rate is hot over the day, though none of its cells is significant', async () => {
    const s = await day();
    // coding/SL: 80 requests in each of 10 windows, one TTFT miss in five of them (0.6 %).
    const cells = Array.from({ length: 10 }, (_, w) => cell(w, 'coding/SL', 80, w % 2));
    const hot = hotClasses(s, cells, () => 1);
    expect(hot.map((h) => [h.classId, h.metric])).toEqual([['coding/SL', 'ttft']]);
    expect(hot[0]?.plannedShare).toBeLessThan(0.0005);
    // With the budget off, the class is judged at its percentile: 5 misses in 800 is no evidence.
    expect(hotClasses(await day(1), cells, () => 1)).toEqual([]);
  });

  it('a class within its planned share is not hot; windows count for their group', async () => {
    const s = await day();
    const k = s.classes.findIndex((c) => c.id === 'coding/SS');
    const q = plannedShareOf(s, k, 99);
    const within = [cell(14, 'coding/SS', 8_000, Math.floor(8_000 * q * 0.8))];
    expect(hotClasses(s, within, () => 1)).toEqual([]);
    const over = [cell(14, 'coding/SS', 8_000, Math.ceil(8_000 * q * 1.6))];
    expect(hotClasses(s, over, () => 1)).toHaveLength(1);
    // The same share over a window standing for five is five times the evidence.
    const slight = [cell(14, 'coding/SS', 2_000, Math.ceil(2_000 * q * 1.25))];
    expect(hotClasses(s, slight, () => 1)).toEqual([]);
    expect(hotClasses(s, slight, () => 20)).toHaveLength(1);
  });
});

describe('hot cells to repair', () => {
  it('are the windows where the pools that served the hot class missed above its planned share', () => {
    const hot = [{ classId: 'c/SL', metric: 'ttft' as const, plannedShare: 0.001, requests: 1_000, misses: 6 }];
    const rows = [row(1, 1, { 'c/SS': 2, 'c/SL': 0.02 }), row(2, 1, { 'c/SS': 2, 'c/SL': 0.02 }), row(3, 2, { 'c/MS': 1 })];
    // Window 1: the pool-mate c/SS missed 20 of 7,000 (above 0.1 %); window 2: 3 of 7,000 (below); window 3 does not serve c/SL.
    const cells = [cell(1, 'c/SS', 7_000, 20), cell(1, 'c/SL', 70, 0), cell(2, 'c/SS', 7_000, 3), cell(2, 'c/SL', 70, 1), cell(3, 'c/MS', 3_000, 90)];
    const targets = hotCellTargets(hot, cells, rows);
    expect(targets.map((t) => [t.window, t.classId, t.metrics])).toEqual([[1, 'c/SL', ['ttft']]]);
    // The shortfall: the pools' miss share (20 of 7,070) over the planned 0.1 %.
    expect(targets[0]?.ttftOverTargetAtSlo).toBeCloseTo(20 / 7_070 / 0.001, 6);
    expect(targets[0]?.tbtOverTargetAtSlo).toBe(1);
  });
});
