/** The per-request tail models under the capacity table: the prefill queue's TTFT and the mixed pool's stall TBT. */
import { describe, expect, it } from 'vitest';
import { queueState, ttftAtPercentile, ttftMissShare, type PrefillQueue } from '../../src/capacity/prefillQueue.js';
import { tbtMissShare, type StallExposure } from '../../src/capacity/stallTail.js';
import { tokenDistribution } from '../../src/capacity/sloTargets.js';

/** An affine pass time: 20 ms of weight reads plus 0.1 ms per token (a compute-bound prefill). */
const passS = (tokens: number) => 0.02 + 1e-4 * tokens;
/** Slowdown-style targets: 3× each prompt's own alone time. */
const prompts = [200, 400, 800, 1600, 3200].map((tokens) => ({ tokens, ms: 3 * passS(tokens) * 1e3 }));
const queue = (rps: number, over: Partial<PrefillQueue> = {}): PrefillQueue => ({
  rps,
  passS,
  meanPromptTokens: 1240,
  tokenBudget: 4096,
  prompts,
  afterS: () => 0,
  ...over,
});

describe('prefill queue (batched passes, embedded chain at pass starts)', () => {
  it('misses nothing when idle, and misses more as the load grows', () => {
    expect(ttftMissShare(queue(0))).toBe(0);
    let previous = 0;
    for (const rps of [1, 2, 4, 6, 8]) {
      const miss = ttftMissShare(queue(rps));
      expect(miss).toBeGreaterThan(previous);
      previous = miss;
    }
  });

  it('is busy a share of time that grows with the load, and unstable beyond full passes', () => {
    const light = queueState(queue(1));
    const heavy = queueState(queue(6));
    expect(light.stable && heavy.stable).toBe(true);
    expect(light.rho).toBeGreaterThan(0);
    expect(heavy.rho).toBeGreaterThan(light.rho);
    expect(heavy.rho).toBeLessThan(1);
    // Full passes hold 3 mean prompts (3,720 tokens) in 0.392 s: 7.65 prompts/s at most.
    expect(queueState(queue(8)).stable).toBe(false);
    expect(ttftMissShare(queue(8))).toBe(1);
  });

  it('judges each request by its own target: short prompts with slowdown targets miss more than long ones', () => {
    const q = queue(4);
    const state = queueState(q);
    const short = ttftMissShare({ ...q, prompts: [prompts[0] as (typeof prompts)[number]] }, state);
    const long = ttftMissShare({ ...q, prompts: [prompts[4] as (typeof prompts)[number]] }, state);
    expect(short).toBeGreaterThan(long);
  });

  it('reports a higher TTFT at a higher percentile, never below the pass alone', () => {
    const q = queue(4);
    const p90 = ttftAtPercentile(q, 800, 90);
    const p99 = ttftAtPercentile(q, 800, 99);
    expect(p90).toBeGreaterThanOrEqual(passS(800) - 1e-6);
    expect(p99).toBeGreaterThan(p90);
  });

  it('adds the time after the pass (KV transfer) to every request', () => {
    const tight = [{ tokens: 800, ms: passS(800) * 1e3 + 5 }];
    expect(ttftMissShare(queue(0.01, { prompts: tight }))).toBeLessThan(0.05);
    expect(ttftMissShare(queue(0.01, { prompts: tight, afterS: () => 0.01 }))).toBeCloseTo(1, 6);
  });
});

const exposure = (over: Partial<StallExposure> = {}): StallExposure => ({
  decodeIterS: 0.03,
  rho: 0.3,
  busyPeriodsPerS: 1,
  atJoin: 0.3,
  firstPassS: Float64Array.of(0.05, 0.1, 0.2, 0.3),
  rps: 1.4,
  meanBusyPeriodS: 0.25,
  outputs: [{ tokens: 20, weight: 1 }],
  ...over,
});

describe('stall tail of a mixed pool (mean TBT per request)', () => {
  it('misses nothing without prefills, and everything when the iteration alone is over the target', () => {
    expect(tbtMissShare(exposure({ busyPeriodsPerS: 0, atJoin: 0 }), 0.1)).toBe(0);
    expect(tbtMissShare(exposure(), 0.02)).toBe(1);
  });

  it('never judges one-token requests (no gap), and judges short outputs hardest', () => {
    expect(tbtMissShare(exposure({ outputs: [{ tokens: 1, weight: 1 }] }), 0.1)).toBe(0);
    const two = tbtMissShare(exposure({ outputs: [{ tokens: 2, weight: 1 }] }), 0.1);
    const forty = tbtMissShare(exposure({ outputs: [{ tokens: 40, weight: 1 }] }), 0.1);
    expect(two).toBeGreaterThan(forty);
  });

  it('misses less with a looser target and more with more or longer stalls', () => {
    const base = tbtMissShare(exposure(), 0.1);
    expect(tbtMissShare(exposure(), 0.2)).toBeLessThan(base);
    expect(tbtMissShare(exposure({ busyPeriodsPerS: 3 }), 0.1)).toBeGreaterThan(base);
    expect(tbtMissShare(exposure({ meanBusyPeriodS: 0.5 }), 0.1)).toBeGreaterThan(base);
  });

  it('weighs output lengths by their shares in the class', () => {
    const outputs = tokenDistribution({ mean: 17, p50: 13, p90: 33, p99: 59 }, [1, 64]);
    expect(outputs.reduce((s, o) => s + o.weight, 0)).toBeCloseTo(1, 9);
    expect(outputs.some((o) => o.tokens === 1)).toBe(true);
    const mixture = tbtMissShare(exposure({ outputs }), 0.1);
    const each = outputs.reduce((s, o) => s + o.weight * tbtMissShare(exposure({ outputs: [{ tokens: o.tokens, weight: 1 }] }), 0.1), 0);
    expect(mixture).toBeCloseTo(each, 12);
  });
});
