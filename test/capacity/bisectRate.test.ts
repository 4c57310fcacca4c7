/** The capacity search: a bisection on the rate that keeps the feasible end and stops at a relative tolerance. */
import { describe, expect, it } from 'vitest';
import { bisectRate, COARSE_BISECTION_STEPS, RATE_TOLERANCE, type LoadPoint } from '../../src/capacity/bisectRate.js';
import { queueState, type PrefillQueue } from '../../src/capacity/prefillQueue.js';
import { ttftCheck } from '../../src/capacity/ttftSharers.js';

/** A load point feasible up to `capacity` requests/s, counting its evaluations. */
function threshold(capacity: number) {
  const seen: number[] = [];
  const evaluate = (rps: number): LoadPoint => {
    seen.push(rps);
    const feasible = rps <= capacity;
    return { feasible, ...(feasible ? {} : { violated: 'ttft' as const }), batch: 1, ttftMs: 0, tbtMs: 0, powerW: 0 };
  };
  return { evaluate, seen };
}

describe('bisectRate', () => {
  it('finds the capacity to its tolerance from below, in fewer evaluations than the step cap', () => {
    // The halvings down to a capacity far below the upper bound count too: 0.037 of 60 takes them all.
    for (const capacity of [0.037, 1, 3.7, 55]) {
      const { evaluate, seen } = threshold(capacity);
      const found = bisectRate(evaluate, 60, COARSE_BISECTION_STEPS);
      expect(found.rps).toBeLessThanOrEqual(capacity);
      expect(found.rps).toBeGreaterThanOrEqual(capacity * (1 - 2 * RATE_TOLERANCE));
      expect(found.binding).toBe('ttft');
      expect(seen.length).toBeLessThanOrEqual(capacity < 0.1 ? COARSE_BISECTION_STEPS : 20);
    }
  });

  it('reports no capacity, and what bound, when no load is feasible', () => {
    const { evaluate, seen } = threshold(-1);
    const found = bisectRate(evaluate, 60, COARSE_BISECTION_STEPS);
    expect(found.rps).toBe(0);
    expect(found.point).toBeUndefined();
    expect(seen.length).toBe(COARSE_BISECTION_STEPS);
  });
});

describe('ttftCheck', () => {
  // An affine pass time and three judged prompt lists with different slack: which fails first depends on the load.
  const passS = (tokens: number) => 0.02 + 1e-4 * tokens;
  const prompts = [200, 400, 800, 1600, 3200].map((tokens) => ({ tokens, ms: 3 * passS(tokens) * 1e3 }));
  const queue = (rps: number): PrefillQueue => ({ rps, passS, meanPromptTokens: 1240, tokenBudget: 4096, prompts, afterS: () => 0 });
  const sharers = [
    { percentile: 99, byPrompt: [{ tokens: 100, ms: 150 }] },
    { percentile: 90, byPrompt: [{ tokens: 3000, ms: 900 }] },
    { percentile: 99, byPrompt: [{ tokens: 50, ms: 400 }] },
  ];

  it('gives every load the verdict of a check that starts afresh, whatever it saw before', () => {
    const held = ttftCheck(queue(0), 99, sharers);
    const rates = [3, 0.5, 6, 1.5, 4.5, 2.25, 0.1, 5, 3.5, 1, 6.5, 2];
    const verdicts = rates.map((rps) => {
      const q = queue(rps);
      const state = queueState(q);
      const fresh = ttftCheck(queue(0), 99, sharers)(q, state);
      expect(held(q, state)).toBe(fresh);
      return fresh;
    });
    // The sequence crosses the capacity both ways, so the order of the checks was exercised.
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
