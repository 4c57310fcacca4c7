import { describe, expect, it } from 'vitest';
import { minJudgeableRequests, missPValue, significantMiss, VERDICT_ALPHA } from '../../src/sim/index.js';
import { replayVerdict } from '../../src/sim/metrics/verdict.js';
import { ledgerWindows } from '../helpers/ledgerWindows.js';

describe('the per-cell binomial test', () => {
  it('computes the upper tail of the binomial exactly on small cases', () => {
    // n = 3, p0 = 0.1: P(X ≥ 2) = 3·0.01·0.9 + 0.001 = 0.028
    expect(missPValue(2, 3, 90)).toBeCloseTo(0.028, 12);
    expect(missPValue(0, 1000, 99)).toBe(1);
    // Exactly the allowed share is not evidence of a miss.
    expect(missPValue(10, 1000, 99)).toBeGreaterThan(0.4);
  });

  it('fails a cell only when the misses are significantly above 1 − percentile', () => {
    // 1.5 % misses of 1,000 at p99: plausible noise; 2.5 % of 10,000: not.
    expect(significantMiss(15, 1000, 99)).toBe(false);
    expect(significantMiss(250, 10_000, 99)).toBe(true);
    // The same share (1.5 %) with ten times the requests becomes significant.
    expect(significantMiss(150, 10_000, 99)).toBe(true);
  });

  it('the smallest judgeable cell is where every request missing is significant', () => {
    for (const p of [50, 90, 95, 99, 99.9]) {
      const n = minJudgeableRequests(p);
      expect(significantMiss(n, n, p)).toBe(true);
      expect(n === 1 || !significantMiss(n - 1, n - 1, p)).toBe(true);
    }
    expect(minJudgeableRequests(99)).toBe(2);
    expect(minJudgeableRequests(90)).toBe(4);
    expect(VERDICT_ALPHA).toBe(0.001);
  });
});

describe('the replay verdict on cells', () => {
  /** One window per entry: `n` requests of which `slow` miss their TTFT target. */
  const verdictOf = (cells: readonly { n: number; slow: number }[]) => replayVerdict(ledgerWindows(cells));

  it('fails significant misses, reports noise-sized ones beside, and does not judge tiny cells', () => {
    const v = verdictOf([{ n: 1000, slow: 15 }, { n: 10_000, slow: 250 }, { n: 1, slow: 1 }, { n: 1000, slow: 5 }]);
    expect(v.pass).toBe(false);
    expect(v.failures.map((f) => f.window)).toEqual([1]);
    expect(v.failures[0]?.metrics).toEqual(['ttft']);
    expect(v.failures[0]?.missPValue).toBeLessThan(VERDICT_ALPHA);
    expect(v.pointMisses.map((f) => f.window)).toEqual([0]);
    expect(v.lowSampleMisses.map((f) => f.window)).toEqual([2]);
    expect(v.cells).toBe(4);
    expect(v.judgedCells).toBe(3);
  });

  it('passes when no miss is significant', () => {
    const v = verdictOf([{ n: 1000, slow: 15 }, { n: 200, slow: 2 }]);
    expect(v.pass).toBe(true);
    expect(v.pointMisses).toHaveLength(1);
  });
});
