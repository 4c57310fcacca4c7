/**
 * Point-estimate repair (repair/pointRepair.ts): the scenario's point budget is spread over its classes;
 * a class whose replayed misses over every window are significantly above the share its part of the
 * budget allows is hot, and is repaired where its pools missed.
 */
import { describe, expect, it } from 'vitest';
import type { PlanRow } from '../../src/plan/index.js';
import { hotCellTargets, hotClasses, plannedShareOf, pointBudgetLevel, type CellMisses } from '../../src/repair/pointRepair.js';
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

describe('the scenario-wide point budget', () => {
  it('leaves a class what it uses, holds the heaviest users to one level, and never below the budget', () => {
    // 200 cells, 1 %: 2 cells may miss. The class using none leaves its share to the other, held to 2 %.
    expect(pointBudgetLevel([{ cells: 100, share: 0 }, { cells: 100, share: 0.05 }], 0.01)).toBeCloseTo(0.02, 12);
    // Both within what the budget allows in all: no class is held.
    expect(pointBudgetLevel([{ cells: 100, share: 0.005 }, { cells: 100, share: 0.014 }], 0.01)).toBe(Number.POSITIVE_INFINITY);
    // Two heavy users share what the light one leaves: (3 − 0.5) / 200 each.
    expect(pointBudgetLevel([{ cells: 100, share: 0.005 }, { cells: 100, share: 0.2 }, { cells: 100, share: 0.1 }], 0.01)).toBeCloseTo(2.5 / 200, 12);
    for (let seed = 1; seed <= 50; seed++) {
      const uses = Array.from({ length: 1 + (seed % 7) }, (_, i) => ({ cells: 10 + ((seed * 31 + i * 17) % 90), share: ((seed * 13 + i * 7) % 100) / 400 }));
      const level = pointBudgetLevel(uses, 0.01);
      expect(level).toBeGreaterThanOrEqual(0.01 - 1e-12);
      // At the level, the total is within the budget (equal to it when some class is held).
      const total = uses.reduce((t, u) => t + u.cells * Math.min(u.share, level), 0);
      const cells = uses.reduce((t, u) => t + u.cells, 0);
      expect(total).toBeLessThanOrEqual(0.01 * cells + 1e-9);
    }
  });
});

describe('hot classes', () => {
  it('a small class missing at the pool rate is hot over the day when every class misses so, though none of its cells is significant', async () => {
    const s = await day();
    // Every class: 80 requests in each of 10 windows, one TTFT miss in five of them (0.6 %).
    const pattern = (classId: string) => Array.from({ length: 10 }, (_, w) => cell(w, classId, 80, w % 2));
    const cells = s.classes.flatMap((c) => pattern(c.id));
    const hot = hotClasses(s, cells, () => 1);
    expect(hot.map((h) => [h.classId, h.metric])).toContainEqual(['coding/SL', 'ttft']);
    expect(hot.find((h) => h.classId === 'coding/SL')?.plannedShare).toBeLessThan(0.0005);
    // With the budget off, the class is judged at its percentile: 5 misses in 800 is no evidence.
    expect(hotClasses(await day(1), cells, () => 1)).toEqual([]);
    // Alone, it misses within what the other classes, missing nothing, leave of the scenario's budget.
    const alone = [...pattern('coding/SL'), ...s.classes.filter((c) => c.id !== 'coding/SL').map((c) => cell(0, c.id, 80, 0))];
    expect(hotClasses(s, alone, () => 1)).toEqual([]);
  });

  it('a class within its planned share is not hot; windows count for their group', async () => {
    // One class: the scenario's budget is the class's own.
    const full = await day();
    const k = full.classes.findIndex((c) => c.id === 'coding/SS');
    const s: Scenario = { ...full, classes: [full.classes[k]!], demandRps: [full.demandRps[k]!] };
    const q = plannedShareOf(s, 0, 99);
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
  it('are the windows where the pools that served the hot class, or the class itself, missed above its planned share', () => {
    const hot = [{ classId: 'c/SL', metric: 'ttft' as const, plannedShare: 0.001, requests: 1_000, misses: 6 }];
    const rows = [row(1, 1, { 'c/SS': 2, 'c/SL': 0.02 }), row(2, 1, { 'c/SS': 2, 'c/SL': 0.02 }), row(3, 2, { 'c/MS': 1 }), row(4, 1, { 'c/SS': 2, 'c/SL': 0.02 })];
    const cells = [
      // Window 1: the pool-mate c/SS missed 20 of 7,000 (above 0.1 %), c/SL none.
      cell(1, 'c/SS', 7_000, 20),
      cell(1, 'c/SL', 70, 0),
      // Window 2: the pool's share is below (4 of 7,070), c/SL's own above it (1 of 70): its long prompts, not the queue.
      cell(2, 'c/SS', 7_000, 3),
      cell(2, 'c/SL', 70, 1),
      // Window 3 does not serve c/SL; in window 4 neither the pool nor c/SL missed above 0.1 %.
      cell(3, 'c/MS', 3_000, 90),
      cell(4, 'c/SS', 7_000, 3),
      cell(4, 'c/SL', 70, 0),
    ];
    const targets = hotCellTargets(hot, cells, rows);
    expect(targets.map((t) => [t.window, t.classId, t.metrics])).toEqual([
      [1, 'c/SL', ['ttft']],
      [2, 'c/SL', ['ttft']],
    ]);
    // The shortfall: the larger miss share over the planned 0.1 % (the pools' in window 1, the class's own in window 2).
    expect(targets[0]?.ttftOverTargetAtSlo).toBeCloseTo(20 / 7_070 / 0.001, 6);
    expect(targets[1]?.ttftOverTargetAtSlo).toBeCloseTo(1 / 70 / 0.001, 6);
    expect(targets[0]?.tbtOverTargetAtSlo).toBe(1);
  });
});

describe('without a point budget: classes undersized across the windows', () => {
  it('a class whose cells each pass their own test but whose pooled misses exceed its percentile is hot', async () => {
    const s = await day(1);
    // coding/SS (p99 TTFT) at 1.3 % in each of 12 windows of 8,000 requests: no cell is significant at
    // α = 0.001 (104 of 8,000 against 80 allowed), the 96,000 together are (1,248 against 960).
    const cells = Array.from({ length: 12 }, (_, w) => cell(w, 'coding/SS', 8_000, 104));
    const hot = hotClasses(s, cells, () => 1);
    expect(hot).toHaveLength(1);
    expect(hot[0]).toMatchObject({ classId: 'coding/SS', metric: 'ttft', plannedShare: 0.01, requests: 96_000, misses: 1_248 });
    // At 0.9 % it meets its percentile: nothing to repair, however many requests.
    expect(hotClasses(s, Array.from({ length: 12 }, (_, w) => cell(w, 'coding/SS', 8_000, 72)), () => 1)).toEqual([]);
    // A group's other windows are not replayed: the windows a replayed one stands for do not add evidence.
    const two = [cell(0, 'coding/SS', 8_000, 90), cell(1, 'coding/SS', 8_000, 90)];
    expect(hotClasses(s, two, () => 1)).toEqual([]);
    expect(hotClasses(s, two, () => 12)).toEqual([]);
  });
});
