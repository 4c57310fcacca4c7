/**
 * Decode-role instance (Splitwise token machine): requests arrive with their KV already transferred
 * and only decode. By Little's law the mean batch is B = λ·O·t_decode(B). The replay judges each
 * request's mean TBT over its own gaps, so the capacity is the highest λ at which the share of
 * requests over the TBT target stays within 1 − percentile, taken over the class's output lengths:
 * - a request sees itself and a Poisson count of others (mean B), and a total KV context that is a
 *   compound Poisson sum (its variance counts the spread of the prompt lengths, which the attention
 *   kernel reads); the iteration time is taken at that state, spread as a normal z over
 *   [−4, 4], narrowed by √(O/G) for a request with G gaps longer than the mean O (it averages over
 *   more batch turnovers);
 * - a joiner waits for the iteration in flight before its first decode step (uniform over one
 *   iteration), which its first gap counts: a request with one gap can show twice the iteration time.
 * KV memory is checked at the batch's SLO percentile, B + z_p·√B, at the mean context.
 * ITL (a class with an ITL target): every gap pooled, weighted by the requests' gap counts; a gap is
 * one iteration at the batch state a member sees (normal in z, not narrowed: each gap is one draw),
 * a request's first gap also the join wait (uniform over one iteration).
 * TTFT is set on the prefill side.
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, COARSE_BISECTION_STEPS, firstViolation, latencyAtPercentile, LOW_LOAD_SHARE, type LoadPoint } from './bisectRate.js';
import { loadContext, zeroCapacity } from './loadContext.js';
import { normalCdf, normalQuantile } from './normalQuantile.js';
import { DEFAULT_MAX_BATCH } from './mixedCapacity.js';
import { tokenDistribution, tokenQuantiles, type WeightedTokens } from './sloTargets.js';
import type { ClassCapacity } from './types.js';
import { uniformOver } from './uniformOver.js';
import { erlangC, heldSequenceTokens } from './kvSlots.js';

const FIXED_POINT_STEPS = 60;
/** Normal grid for the batch state a request sees: z from −4 to 4 in steps of 0.5. */
const Z_GRID = Array.from({ length: 17 }, (_, i) => -4 + 0.5 * i);
const Z_WEIGHTS = (() => {
  const raw = Z_GRID.map((z) => Math.exp(-0.5 * z * z));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / sum);
})();

/** Linear interpolation of values on Z_GRID at z (within the grid). */
function onGrid(values: readonly number[], z: number): number {
  const at = (z - (Z_GRID[0] as number)) / 0.5;
  const i = Math.min(Z_GRID.length - 2, Math.max(0, Math.floor(at)));
  const f = at - i;
  return (values[i] as number) * (1 - f) + (values[i + 1] as number) * f;
}

/**
 * `sensitiveOutputs`: the output lengths of the most stall-sensitive class that may share the decode
 * pool (the shortest outputs, poolPartition.ts): a request with few gaps sees the spread of the
 * iteration times and the join wait almost undamped, so the class's load must also hold their TBT.
 * Default: the class's own outputs only.
 */
export function decodeCapacity(args: ProfileConfig, maxBatch = DEFAULT_MAX_BATCH, sensitiveOutputs?: readonly WeightedTokens[]): ClassCapacity {
  const ctx = loadContext(args);
  const { steps, point, slo, cls } = ctx;
  if (ctx.kvTokens < ctx.contextTokens) return zeroCapacity(ctx, 'weights-do-not-fit');
  const decodeAt = (batch: number, context = ctx.contextTokens) => steps.decode(point, Math.max(1, batch), context);
  const alone = decodeAt(1);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', 0, alone.time.totalMs);
  const z = Math.max(0, normalQuantile(slo.tbtPercentile / 100));
  const targetS = slo.tbtMs / 1e3;
  const allowedMiss = 1 - slo.tbtPercentile / 100;
  const outputs = tokenDistribution(cls.output, cls.outputRange);
  // Second moment of a decoding request's context: its prompt plus a uniform share of its output.
  const prompts = tokenQuantiles(cls.input, cls.inputRange);
  const promptSq = prompts.reduce((s, p) => s + p * p, 0) / prompts.length;
  const outputMean = outputs.reduce((s, o) => s + o.weight * o.tokens, 0);
  const outputSq = outputs.reduce((s, o) => s + o.weight * o.tokens * o.tokens, 0);
  const contextSq = promptSq + cls.input.mean * outputMean + outputSq / 3;

  /** Iteration time a request sees at batch-state z, s. */
  const iterationAt = (batch: number, zState: number) => {
    const others = Math.max(0, batch + zState * Math.sqrt(batch));
    const totalContext = Math.max(0, batch * ctx.contextTokens + zState * Math.sqrt(batch * contextSq));
    const n = others + 1;
    return decodeAt(n, (totalContext + ctx.contextTokens) / n).time.totalMs / 1e3;
  };
  const missShareOf = (judged: readonly WeightedTokens[], times: readonly number[]) => {
    const meanGaps = Math.max(1, judged.reduce((s, o) => s + o.weight * o.tokens, 0) - 1);
    let missed = 0;
    for (const { tokens, weight } of judged) {
      const gaps = tokens - 1;
      if (gaps <= 0) continue;
      const narrow = Math.sqrt(Math.min(1, meanGaps / gaps));
      let miss = 0;
      for (let i = 0; i < Z_GRID.length; i++) {
        const t = narrow === 1 ? (times[i] as number) : onGrid(times, (Z_GRID[i] as number) * narrow);
        miss += (Z_WEIGHTS[i] as number) * uniformOver(gaps * (targetS - t), t);
      }
      missed += weight * miss;
    }
    return missed;
  };
  const missShare = (batch: number) => {
    const times = Z_GRID.map((zs) => iterationAt(batch, zs));
    const own = missShareOf(outputs, times);
    return sensitiveOutputs ? Math.max(own, missShareOf(sensitiveOutputs, times)) : own;
  };

  // The share of all gaps that are a request's first (it waits out the iteration in flight).
  const gapsPerRequest = outputs.reduce((sum, o) => sum + o.weight * Math.max(0, o.tokens - 1), 0);
  const firstGapShare = gapsPerRequest > 0 ? outputs.reduce((sum, o) => sum + (o.tokens > 1 ? o.weight : 0), 0) / gapsPerRequest : 0;
  /** Share of gaps over `itlS`, with the iteration times a member sees on Z_GRID. */
  const itlMissShare = (times: readonly number[], itlS: number) => {
    let later: number;
    if (itlS <= (times[0] as number)) later = 1;
    else if (itlS >= (times[times.length - 1] as number)) later = 0;
    else {
      let i = 0;
      while ((times[i + 1] as number) < itlS) i++;
      const t0 = times[i] as number;
      const t1 = times[i + 1] as number;
      const zAt = (Z_GRID[i] as number) + (t1 > t0 ? (0.5 * (itlS - t0)) / (t1 - t0) : 0);
      later = 1 - normalCdf(zAt);
    }
    let first = 0;
    for (let i = 0; i < Z_GRID.length; i++) first += (Z_WEIGHTS[i] as number) * Math.min(1, Math.max(0, 2 - itlS / (times[i] as number)));
    return firstGapShare * first + (1 - firstGapShare) * later;
  };
  // KV memory as slots of whole sequences (kvSlots.ts): a request that finds them all taken waits for
  // one to end before its first decode step, and that wait counts against its mean TBT spread over its
  // gaps, so short outputs feel it most. The wait's tail is M/M/c's scaled by (1 + Cs²)/2 for the hold
  // times' spread (Allen–Cunneen), a hold being about as long as the output.
  const slots = Math.floor(ctx.kvTokens / heldSequenceTokens(cls));
  const holdCv2 = outputMean > 0 ? outputSq / (outputMean * outputMean) - 1 : 0;
  const kvWaitMiss = (rps: number, batch: number) => {
    const waits = erlangC(slots, batch);
    if (waits === 0) return 0;
    if (waits >= 1) return 1;
    const holdS = batch / rps;
    const drainPerS = (slots - batch) / holdS / ((1 + holdCv2) / 2);
    const slackS = Math.max(0, targetS - iterationAt(batch, 0));
    // Without a TBT target (an E2E- or TTFT-only class) a wait costs no TBT; a one-token output has no gap to spread it over.
    if (!Number.isFinite(slackS)) return 0;
    return outputs.reduce((sum, o) => (o.tokens > 1 ? sum + o.weight * waits * Math.exp(-drainPerS * (o.tokens - 1) * slackS) : sum), 0);
  };
  const itlS = slo.itlMs === undefined ? undefined : slo.itlMs / 1e3;
  const allowedItlMiss = 1 - (slo.itlPercentile ?? 100) / 100;

  const evaluate = (rps: number): LoadPoint => {
    let batch = 1;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      const next = rps * ctx.outputTokens * (decodeAt(batch).time.totalMs / 1e3);
      if (Math.abs(next - batch) < 1e-6 * Math.max(1, batch) || next > ctx.kvTokens) {
        batch = next;
        break;
      }
      batch = next;
    }
    const batchAtP = batch + z * Math.sqrt(batch);
    const tbtMs = decodeAt(batchAtP).time.totalMs;
    const busy = 1 - Math.exp(-batch);
    const powerW = busy * decodeAt(batch).powerW + (1 - busy) * ctx.idleW;
    const tbtOk = batch <= ctx.kvTokens && missShare(batch) <= allowedMiss;
    const itl = itlS === undefined ? undefined : (() => {
      const times = Z_GRID.map((zs) => iterationAt(batch, zs));
      return { met: tbtOk && itlMissShare(times, itlS) <= allowedItlMiss, ms: latencyAtPercentile((t) => itlMissShare(times, t), slo.itlPercentile ?? 99, times[0] as number, 2 * (times[times.length - 1] as number)) * 1e3 };
    })();
    // The TBT check is a share of requests over the target: passed on as met or not. TTFT is the prefill side's.
    const violated = firstViolation({ batch: batchAtP, maxBatch, kvMet: kvWaitMiss(rps, batch) <= allowedMiss, ttftMet: true, tbtMet: tbtOk, ...(itl ? { itlMet: itl.met } : {}) });
    return { feasible: violated === undefined, violated, batch, ttftMs: 0, tbtMs, powerW, ...(itl ? { itlMs: itl.ms } : {}) };
  };
  // Upper bound: the whole KV room decoding at the single-request step time.
  const upper = (ctx.kvTokens / ctx.contextTokens / ctx.outputTokens) / (alone.time.totalMs / 1e3);
  const { rps, point: best, binding } = bisectRate(evaluate, upper, COARSE_BISECTION_STEPS);
  if (!best) return zeroCapacity(ctx, binding, 0, alone.time.totalMs);
  return {
    configId: ctx.config.id,
    classId: ctx.cls.id,
    maxRps: rps,
    binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: 0,
    tbtMsAtCapacity: best.tbtMs,
    ...(best.itlMs !== undefined ? { itlMsAtCapacity: best.itlMs } : {}),
    powerAtCapacityW: best.powerW,
    powerAtLowLoadW: evaluate(rps * LOW_LOAD_SHARE).powerW,
  };
}
