/**
 * The point-estimate margin (capacity/pointMargin.ts): a class planned at the percentile whose cells,
 * at their expected requests per window, miss as point estimates in at most the budget's share.
 */
import { describe, expect, it } from 'vitest';
import { plannedMissShare, plannedPercentile, pointMissChance } from '../../src/capacity/pointMargin.js';
import { plannedShareOf } from '../../src/repair/pointRepair.js';
import { fromScenarioFile, type Scenario } from '../../src/scenario/index.js';

const share = (q: number, cells: readonly number[]) => cells.reduce((s, n) => s + pointMissChance(n, q, 0.01), 0) / cells.length;

describe('the chance a cell misses as a point estimate', () => {
  it('is the chance of more than ⌊0.01 n⌋ misses: any miss below 100 requests', () => {
    expect(pointMissChance(50, 0.01, 0.01)).toBeCloseTo(1 - 0.99 ** 50, 10);
    expect(pointMissChance(100, 0.01, 0.01)).toBeCloseTo(1 - 0.99 ** 100 - 100 * 0.01 * 0.99 ** 99, 10);
    expect(pointMissChance(50, 0, 0.01)).toBe(0);
  });
});

describe('the planned miss share', () => {
  it('keeps the expected share of point-missing cells at the budget, and no lower than it must', () => {
    for (const cells of [[50], [10_000], [7, 30, 88, 40], [654, 2_000, 8_477]]) {
      const q = plannedMissShare(0.01, cells, 0.01);
      expect(q).toBeLessThan(0.01);
      expect(share(q, cells)).toBeLessThanOrEqual(0.01 + 1e-9);
      expect(share(q * 1.01, cells)).toBeGreaterThan(0.01);
    }
  });

  it('is near budget / n for a small cell, and near the percentile for a large one', () => {
    // 50 requests: any miss is a point miss, P ≈ 50 q.
    expect(plannedPercentile(99, [50], 0.01)).toBeCloseTo(99.98, 2);
    // 10,000 requests: 100 misses allowed, the mean may sit about 2.3 standard deviations below.
    const large = plannedPercentile(99, [10_000], 0.01);
    expect(large).toBeGreaterThan(99.1);
    expect(large).toBeLessThan(99.3);
  });

  it('never loosens a percentile, ignores cells too small to be judged, and a budget of 1 is off', () => {
    expect(plannedPercentile(99, [1], 0.01)).toBe(99);
    expect(plannedPercentile(99, [], 0.01)).toBe(99);
    expect(plannedPercentile(50, [3], 0.01)).toBeGreaterThanOrEqual(50);
    expect(plannedPercentile(99, [50, 5_000], 1)).toBe(99);
  });
});

describe('a class as planned', () => {
  it("the planned share follows the class's requests per window; a budget of 1 is the percentile's own", async () => {
    const s = await fromScenarioFile('scenarios/day.yaml');
    const withBudget = (budget: number): Scenario => ({ ...s, planning: { ...s.planning, pointMissBudget: budget } });
    const k = (id: string) => s.classes.findIndex((c) => c.id === id);
    // coding/SL has 7–88 requests a window: planned near 0.03 %; coding/SS, 654–8,477: a little below 1 %.
    expect(plannedShareOf(withBudget(0.01), k('coding/SL'), 99)).toBeLessThan(0.0005);
    const ss = plannedShareOf(withBudget(0.01), k('coding/SS'), 99);
    expect(ss).toBeGreaterThan(0.003);
    expect(ss).toBeLessThan(0.01);
    expect(plannedShareOf(withBudget(1), k('coding/SL'), 99)).toBe(0.01);
  });

});
