/**
 * Absolute SLO targets per class. Slowdown targets (Splitwise's definition) are multiplied by the
 * latency running alone on the reference config. The replay judges a slowdown TTFT per request
 * (slowdown × that request's own prompt alone), so the TTFT targets also come per prompt length at
 * the quantiles of the class's prompt distribution (`promptTargets`): a short prompt in a class has a
 * tight target, and waiting behind a long one is what makes it miss.
 *
 * E2E targets become pairs of TTFT and TPOT targets that together imply them (`e2eTargets[].splits`),
 * judged conservatively by a union bound, as the capacity model only knows the two tails apart:
 * - a slowdown s at percentile p: a request whose TTFT is within s × its prompt alone and whose TPOT
 *   within s × its decode step alone has an E2E within s × its isolated latency; each of the two
 *   may miss for half the allowed share, so both are held at p' = 100 − (100 − p)/2. A request's
 *   E2E is mostly decode, so its TPOT may also keep less slack, b = 1 + f·(s − 1) (f in
 *   E2E_TPOT_SLACK_SHARES), and lend the rest to its TTFT: TTFT ≤ s × prompt alone + (s − b) ×
 *   (O_min − 1) × the shortest step alone, where every request the split covers has at least O_min
 *   output tokens — the class's lower output edge (at p'), or the class's (100 − p'')-quantile with a
 *   third of the misses left to shorter outputs (p'' = 100 − (100 − p)/3). Then TTFT + (O − 1) × TPOT
 *   ≤ s × (prompt alone + (O − 1) × step alone) for every O ≥ O_min. Without it a decode-dominated
 *   request's TTFT had to stay within s × its prefill (1.25× at Splitwise's p50), a bound its E2E
 *   never needs;
 * - an absolute target T ms at percentile p: the allowed share is split three ways — TTFT, TPOT and
 *   the output length (a request longer than the class's p'-quantile O' may miss) — at
 *   p' = 100 − (100 − p)/3, and T between TTFT and (O' − 1) × TPOT in a few proportions; each split
 *   is sufficient, so the class's capacity is the best of them (classCapacity.ts).
 */
import { getGpu, getModel } from '../catalog/index.js';
import type { StepModel } from '../profiles/index.js';
import type { RequestClass, SloTarget, TokenStats } from '../scenario/index.js';
import { tokenSampler } from '../workload/tokenSampler.js';
import { tokensAtPercentile } from './tokensAtPercentile.js';
import type { E2eTargetMs, PromptTarget, SloTargetsMs } from './types.js';

/** Token counts a class's distribution is summarized by (prompts for TTFT, outputs for TBT): equally spaced quantiles. */
export const PROMPT_QUANTILE_POINTS = 16;

/** Token counts at the mid-points of PROMPT_QUANTILE_POINTS equal-probability slices of a class's distribution. */
export function tokenQuantiles(stats: TokenStats, range: readonly [number, number]): number[] {
  const sampler = tokenSampler(stats, range);
  return Array.from({ length: PROMPT_QUANTILE_POINTS }, (_, i) => sampler.sample((i + 0.5) / PROMPT_QUANTILE_POINTS));
}

/** A token count and the share of a class's requests that have it. */
export interface WeightedTokens {
  readonly tokens: number;
  readonly weight: number;
}

/** Slices of the distribution summarized by `tokenDistribution`: fine enough to resolve single tokens where counts are small. */
const DISTRIBUTION_SLICES = 256;

/**
 * A class's token distribution as distinct whole token counts with their shares: the mid-points of
 * DISTRIBUTION_SLICES equal-probability slices, equal counts merged. Used where the outcome turns on
 * single tokens (a request with 2 output tokens has one gap to judge its TBT by, one with 1 has none).
 */
export function tokenDistribution(stats: TokenStats, range: readonly [number, number]): WeightedTokens[] {
  const sampler = tokenSampler(stats, range);
  const out: WeightedTokens[] = [];
  for (let i = 0; i < DISTRIBUTION_SLICES; i++) {
    const tokens = sampler.sample((i + 0.5) / DISTRIBUTION_SLICES);
    const last = out[out.length - 1];
    if (last && last.tokens === tokens) out[out.length - 1] = { tokens, weight: last.weight + 1 / DISTRIBUTION_SLICES };
    else out.push({ tokens, weight: 1 / DISTRIBUTION_SLICES });
  }
  return out;
}

/**
 * Shares of a slowdown E2E target's slack (s − 1) its TPOT keeps; the rest of the decode's slack is
 * lent to the TTFT (sloTargetsMs), each a sufficient split.
 */
export const E2E_TPOT_SLACK_SHARES = [0.25, 0.5, 0.75];

/** Shares of an absolute E2E target given to TTFT (the rest to the output's decode), each a sufficient split. */
export const E2E_TTFT_SHARES = [0.2, 0.4, 0.6];

export function sloTargetsMs(cls: RequestClass, steps: StepModel): SloTargetsMs {
  const ref = {
    model: getModel(cls.model),
    gpu: getGpu(cls.reference.gpu),
    tp: cls.reference.tp,
    clockMHz: cls.reference.clockMHz,
    stack: cls.reference.stack,
    precision: cls.reference.precision,
  };
  const aloneTtftMs = (tokens: number) => steps.prefill(ref, tokens).time.totalMs;
  const quantiles = tokenQuantiles(cls.input, cls.inputRange);
  let aloneTbtMs: number | undefined;
  const ttft = (t: SloTarget) => {
    const targetAt = (tokens: number) => t.ms ?? (t.slowdown ?? 1) * aloneTtftMs(tokens);
    return {
      percentile: t.percentile,
      ms: targetAt(cls.input.mean),
      // Slowdowns are relative to each request's own length: check at the class mean; absolute
      // targets are set by the long prompts of the class: check at the tail length.
      checkTokens: t.ms !== undefined ? tokensAtPercentile(cls.input, t.percentile) : cls.input.mean,
      byPrompt: quantiles.map((tokens): PromptTarget => ({ tokens, ms: targetAt(tokens) })),
    };
  };
  // A slowdown TTFT target with `extraMs` more allowed for every prompt (an E2E split, below).
  const ttftPlus = (t: SloTarget, extraMs: number) => {
    const base = ttft(t);
    return { ...base, ms: base.ms + extraMs, byPrompt: base.byPrompt.map((b) => ({ tokens: b.tokens, ms: b.ms + extraMs })) };
  };
  const tbt = (t: SloTarget) => ({
    percentile: t.percentile,
    ms: t.ms ?? (t.slowdown ?? 1) * (aloneTbtMs ??= steps.decode(ref, 1, cls.input.mean + cls.output.mean / 2).time.totalMs),
  });
  const ttftTargets = cls.slo.ttftTargets.map(ttft);
  const tbtTargets = cls.slo.tbtTargets.map(tbt);
  const primaryTtft = ttft(cls.slo.ttft);
  const primaryTbt = tbt(cls.slo.tbt);
  // ITL is judged per gap against the class's target: a slowdown is taken at the class's mean context.
  const itlTargets = (cls.slo.itlTargets ?? []).map(tbt);
  const e2e = (t: SloTarget): E2eTargetMs => {
    const aloneE2e = (t.slowdown ?? 1) * (aloneTtftMs(cls.input.mean) + Math.max(0, cls.output.mean - 1) * (aloneTbtMs ??= steps.decode(ref, 1, cls.input.mean + cls.output.mean / 2).time.totalMs));
    if (t.ms === undefined) {
      const slowdown = t.slowdown ?? 1;
      const p2 = 100 - (100 - t.percentile) / 2;
      const held = { percentile: p2, slowdown };
      // The shortest decode step alone the class can have (at its shortest context): the slack a
      // request's decode leaves to its TTFT is counted with it, so the split holds for every request.
      const shortestStepMs = steps.decode(ref, 1, Math.max(1, cls.inputRange[0])).time.totalMs;
      // Every request of the class has at least the range's lower edge of output tokens.
      const fewestOutputs = Math.max(1, cls.outputRange[0]);
      const p3 = 100 - (100 - t.percentile) / 3;
      // Or, a third of the allowed misses to the requests with fewer outputs than the class's (100 − p3)-quantile.
      const fewOutputs = Math.max(fewestOutputs, Math.floor(tokenSampler(cls.output, cls.outputRange).sample((100 - p3) / 100)));
      const lent = (percentile: number, outputs: number) =>
        slowdown > 1 && outputs > 1
          ? E2E_TPOT_SLACK_SHARES.map((share) => {
              const tpotSlowdown = 1 + share * (slowdown - 1);
              const extraMs = (slowdown - tpotSlowdown) * (outputs - 1) * shortestStepMs;
              return { ttft: ttftPlus({ percentile, slowdown }, extraMs), tbt: tbt({ percentile, slowdown: tpotSlowdown }) };
            })
          : [];
      return { percentile: t.percentile, ms: aloneE2e, splits: [{ ttft: ttft(held), tbt: tbt(held) }, ...lent(p2, fewestOutputs), ...lent(p3, fewOutputs)] };
    }
    const p = 100 - (100 - t.percentile) / 3;
    const decodeTokens = Math.max(1, tokensAtPercentile(cls.output, p) - 1);
    const ms = t.ms;
    return {
      percentile: t.percentile,
      ms,
      splits: E2E_TTFT_SHARES.map((share) => ({ ttft: ttft({ percentile: p, ms: share * ms }), tbt: tbt({ percentile: p, ms: ((1 - share) * ms) / decodeTokens }) })),
    };
  };
  const e2eTargets = (cls.slo.e2eTargets ?? []).map(e2e);
  const primaryItl = itlTargets[itlTargets.length - 1];
  return {
    ...(primaryItl ? { itlMs: primaryItl.ms, itlPercentile: primaryItl.percentile } : {}),
    ...(itlTargets.length > 0 ? { itlTargets } : {}),
    ...(e2eTargets.length > 0 ? { e2eTargets } : {}),
    ttftMs: primaryTtft.ms,
    ttftCheckTokens: primaryTtft.checkTokens,
    ttftPercentile: primaryTtft.percentile,
    ttftByPrompt: primaryTtft.byPrompt,
    tbtMs: primaryTbt.ms,
    tbtPercentile: primaryTbt.percentile,
    ttftTargets,
    tbtTargets,
  };
}
