/** Exact streaming quantiles: the same numbers as sorting every value and interpolating like pandas. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXACT_LIMIT } from '../../src/workload/quantiles/histogram.js';
import { logBins, TokenHistogram } from '../../src/workload/index.js';

function sortedQuantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const a = s[lo] as number;
  const b = s[Math.min(lo + 1, s.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

describe('TokenHistogram', () => {
  it('matches linear interpolation between order statistics on any integer sample', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const h = new TokenHistogram();
        for (const v of values) h.add(v);
        expect(h.quantile(q)).toBeCloseTo(sortedQuantile(values, q), 9);
        expect(h.min).toBe(Math.min(...values));
        expect(h.max).toBe(Math.max(...values));
        expect(h.sum).toBe(values.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 200 },
    );
  });

  it('merges: the merge of two halves equals the whole', () => {
    const a = new TokenHistogram();
    const b = new TokenHistogram();
    const all = new TokenHistogram();
    for (let v = 1; v <= 5000; v++) {
      (v % 3 === 0 ? a : b).add((v * 7919) % 9000 + 1);
      all.add((v * 7919) % 9000 + 1);
    }
    a.merge(b);
    for (const q of [0, 0.1, 0.5, 0.9, 0.99, 1]) expect(a.quantile(q)).toBe(all.quantile(q));
  });

  it('is within 0.07 % above the exact range', () => {
    const h = new TokenHistogram();
    const big = [EXACT_LIMIT + 12_345, 3_000_000, 5_000_000];
    for (const v of big) h.add(v);
    h.add(10);
    expect(h.max / 5_000_000).toBeCloseTo(1, 3);
    expect(h.quantile(2 / 3) / 3_000_000).toBeCloseTo(1, 3);
    expect(h.min).toBe(10);
    expect(h.mean).toBe((10 + big.reduce((x, y) => x + y, 0)) / 4);
  });

  it('regroups into log bins that keep every count', () => {
    const h = new TokenHistogram();
    for (let v = 1; v <= 10_000; v += 3) h.add(v);
    const bins = logBins(h, 20);
    expect(bins).toHaveLength(20);
    expect(bins.reduce((s, b) => s + b.requests, 0)).toBe(h.count);
    expect(bins[0]?.lo).toBe(1);
    expect(bins[19]?.hi).toBe(h.max + 1);
  });
});
