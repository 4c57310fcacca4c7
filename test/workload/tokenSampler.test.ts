/** Token lengths of synthetic requests: the class's quantiles and mean, inside its bin. */
import { describe, expect, it } from 'vitest';
import { tokenSampler } from '../../src/workload/index.js';

/** Evenly spaced draws u = (i + ½)/n: the sample's quantiles follow the inverse CDF exactly. */
function draws(sample: (u: number) => number, n = 100_000): number[] {
  return Array.from({ length: n }, (_, i) => sample((i + 0.5) / n)).sort((a, b) => a - b);
}

describe('tokenSampler', () => {
  it('passes through p50, p90 and p99 and matches the mean (conversation MS input: mean far below p50)', () => {
    const s = tokenSampler({ mean: 3158, p50: 4075, p90: 4089, p99: 4095 }, [1024, 4096]);
    const xs = draws(s.sample);
    expect(xs[49_999]).toBe(4075);
    expect(xs[89_999]).toBe(4089);
    expect(xs[98_999]).toBe(4095);
    expect(s.meanTokens).toBeCloseTo(3158, 6);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(3158, 0);
    expect(xs[0]).toBeGreaterThanOrEqual(1024);
    expect(xs[xs.length - 1]).toBeLessThanOrEqual(4095);
  });

  it('continues the last slope for the open-ended bin and never leaves the bin', () => {
    const s = tokenSampler({ mean: 4353, p50: 4119, p90: 4939, p99: 7283 }, [4096, Number.POSITIVE_INFINITY]);
    expect(s.knotsTokens[s.knotsTokens.length - 1]).toBeCloseTo(7283 + (7283 - 4939) / 9, 6);
    expect(s.meanTokens).toBeCloseTo(4353, 6);
    const xs = draws(s.sample);
    expect(xs[0]).toBeGreaterThanOrEqual(4096);
  });

  it('keeps the straight line when it already gives the mean, and bends within limits when the mean is extreme', () => {
    const straight = tokenSampler({ mean: (0.5 * (1 + 50)) / 2 + (0.5 * (50 + 99)) / 2, p50: 50 }, [0, 100]);
    expect(straight.knotsU).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const extreme = tokenSampler({ mean: 99, p50: 10 }, [0, 100]);
    expect(extreme.meanTokens).toBeLessThan(99); // approximate: every segment still spreads
    expect(extreme.knotsU.every((u, i) => i === 0 || u >= (extreme.knotsU[i - 1] as number))).toBe(true);
  });

  it('a class given only by its mean gets that length; inconsistent quantiles are made non-decreasing', () => {
    const only = tokenSampler({ mean: 1000 }, [0, Number.POSITIVE_INFINITY]);
    expect([0, 0.5, 0.999].map(only.sample)).toEqual([1000, 1000, 1000]);
    const messy = tokenSampler({ mean: 40, p50: 46, p90: 30, p99: 90 }, [0, 64]);
    expect(messy.knotsTokens.every((q, i) => i === 0 || q >= (messy.knotsTokens[i - 1] as number))).toBe(true);
    expect(Math.max(...draws(messy.sample, 1000))).toBeLessThanOrEqual(63);
  });
});
