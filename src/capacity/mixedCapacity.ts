/**
 * SLO-feasible request rate of one mixed instance (both phases, continuous batching) for one class.
 *
 * Without chunking (vLLM's default of its time): prefills run one at a time and stall the decode batch,
 * so decode gets a share 1 − ρ of the time, ρ = λ·t_prefill.
 * - Decode batch by Little's law: B = λ·O·TBT with TBT = t_decode(B, context)/(1 − ρ), a fixed point.
 * - TTFT at percentile p: own prefill + the decode iteration in flight + the p-quantile of the wait
 *   for earlier prefills (M/D/1, waitQuantile).
 * - TBT at percentile p: a request's mean TBT grows with the prefills that land during its decode,
 *   a Poisson count (mean m) taken at m + z_p·√m: every prefill stalls the whole batch, the cost of
 *   mixing that the intelligent-router paper (published-figures.md §6) estimates per request.
 * With chunked prefill (Sarathi-style): every iteration carries up to CHUNK_TOKENS prompt tokens
 * alongside the decode batch, so there are no long stalls but every iteration is slower:
 * t_it = t_decode(B) + marginal compute of the chunk; TTFT = wait + ⌈I/C⌉ iterations.
 * Either way the mixed capacity is below what the prefill or decode role alone allows.
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, firstViolation, type LoadPoint } from './bisectRate.js';
import { loadContext, zeroCapacity, type LoadContext } from './loadContext.js';
import { poissonQuantile } from './poissonQuantile.js';
import { waitQuantile } from './queueing.js';
import type { ClassCapacity } from './types.js';

const FIXED_POINT_STEPS = 60;
/** Prompt tokens per iteration with chunked prefill (Sarathi-Serve's common setting). */
export const CHUNK_TOKENS = 512;

export interface MixedOptions {
  readonly chunkedPrefill?: boolean;
  /**
   * Output length of the most stall-sensitive class that may share the pool (the shortest outputs in
   * its input bin): a prefill stalls every request decoding in the pool, and a request with few
   * tokens feels each stall most. Default: the class's own.
   */
  readonly sensitiveOutputTokens?: number;
  /** The serving engine's limit on requests decoding together (vLLM's max_num_seqs); default 256. */
  readonly maxBatch?: number;
}

export const DEFAULT_MAX_BATCH = 256;

export function mixedCapacity(...[config, cls, slo, steps, options]: [...ProfileConfig, MixedOptions?]): ClassCapacity {
  const ctx = loadContext(config, cls, slo, steps);
  if (ctx.kvTokens < ctx.contextTokens) return zeroCapacity(ctx, 'weights-do-not-fit');
  const maxBatch = options?.maxBatch ?? DEFAULT_MAX_BATCH;
  const sensitiveOutput = Math.max(1, Math.min(ctx.outputTokens, options?.sensitiveOutputTokens ?? ctx.outputTokens));
  return options?.chunkedPrefill ? chunked(ctx, maxBatch) : stalling(ctx, maxBatch, sensitiveOutput);
}

function result(ctx: LoadContext, found: ReturnType<typeof bisectRate>, aloneTtft: number, aloneTbt: number): ClassCapacity {
  const best = found.point;
  if (!best) return zeroCapacity(ctx, found.binding, aloneTtft, aloneTbt);
  return {
    configId: ctx.config.id,
    classId: ctx.cls.id,
    maxRps: found.rps,
    binding: found.binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: best.ttftMs,
    tbtMsAtCapacity: best.tbtMs,
    powerAtCapacityW: best.powerW,
  };
}

function stalling(ctx: LoadContext, maxBatch: number, sensitiveOutput: number): ClassCapacity {
  const { steps, point, slo } = ctx;
  const prefillMean = steps.prefill(point, ctx.inputTokens);
  const prefillTail = steps.prefill(point, slo.ttftCheckTokens);
  const tPre = prefillMean.time.totalMs / 1e3;
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), ctx.contextTokens);
  const alone = decodeAt(1);
  const aloneTtft = prefillTail.time.totalMs;
  if (aloneTtft > slo.ttftMs) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', aloneTtft, alone.time.totalMs);
  const evaluate = (rps: number): LoadPoint => {
    const rho = rps * tPre;
    if (rho >= 1) return { feasible: false, violated: 'saturation', batch: Infinity, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    let batch = 1;
    let tDec = alone.time.totalMs / 1e3;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      const next = (rps * ctx.outputTokens * tDec) / (1 - rho);
      tDec = decodeAt(next).time.totalMs / 1e3;
      const done = Math.abs(next - batch) < 1e-6 * Math.max(1, batch);
      batch = next;
      if (done || batch > ctx.kvTokens) break; // diverging: memory binds long before
    }
    const ttftMs = (prefillTail.time.totalMs / 1e3 + tDec + waitQuantile(rho, tPre, slo.ttftPercentile)) * 1e3;
    // Prefill-first scheduling runs queued prefills back to back, so a stall is a prefill busy period
    // (mean t_prefill / (1 − ρ)); busy periods start at rate λ(1 − ρ) during the decode of the most
    // sensitive request sharing the pool (O_s·t_decode/(1 − ρ) long): a Poisson count at the SLO percentile.
    const busyPeriods = rps * sensitiveOutput * tDec;
    const tbtMs = (tDec + (poissonQuantile(busyPeriods, slo.tbtPercentile / 100) * tPre) / (1 - rho) / sensitiveOutput) * 1e3;
    // Decode iterations run while at least one request is decoding (Poisson count with mean `batch`).
    const busyDecode = (1 - rho) * (1 - Math.exp(-batch));
    const powerW = rho * prefillMean.powerW + busyDecode * decodeAt(batch).powerW + (1 - rho - busyDecode) * ctx.idleW;
    const violated = firstViolation(batch * ctx.contextTokens, ctx.kvTokens, ttftMs, slo.ttftMs, tbtMs, slo.tbtMs, batch, maxBatch);
    return { feasible: violated === undefined, violated, batch, ttftMs, tbtMs, powerW };
  };
  return result(ctx, bisectRate(evaluate, 1 / tPre), aloneTtft, alone.time.totalMs);
}

function chunked(ctx: LoadContext, maxBatch: number): ClassCapacity {
  const { steps, point, slo } = ctx;
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), ctx.contextTokens);
  // The chunk rides on a decode iteration that already reads the weights: count only its compute and all-reduce.
  const chunkS = (tokens: number) => {
    if (tokens <= 0) return 0;
    const t = steps.prefill(point, tokens, ctx.inputTokens).time;
    return (t.computeMs + t.communicationMs) / 1e3;
  };
  const alone = decodeAt(1);
  const iterationsFor = (prompt: number) => Math.ceil(prompt / CHUNK_TOKENS);
  const aloneTtft = (iterationsFor(slo.ttftCheckTokens) * (alone.time.totalMs / 1e3 + chunkS(Math.min(CHUNK_TOKENS, slo.ttftCheckTokens)))) * 1e3;
  if (aloneTtft > slo.ttftMs) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', aloneTtft, alone.time.totalMs);

  const evaluate = (rps: number): LoadPoint => {
    let batch = 1;
    let itS = alone.time.totalMs / 1e3;
    let chunk = 0;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      chunk = Math.min(CHUNK_TOKENS, rps * ctx.inputTokens * itS);
      const next = rps * ctx.outputTokens * itS;
      itS = decodeAt(next).time.totalMs / 1e3 + chunkS(chunk);
      const done = Math.abs(next - batch) < 1e-6 * Math.max(1, batch);
      batch = next;
      if (done || batch > ctx.kvTokens) break;
    }
    // Prompt tokens arrive faster than full chunks can absorb them: the prefill queue grows without bound.
    if (rps * ctx.inputTokens * itS > CHUNK_TOKENS) return { feasible: false, violated: 'saturation', batch, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    const fullIt = decodeAt(batch).time.totalMs / 1e3 + chunkS(CHUNK_TOKENS);
    const rho = (rps * ctx.inputTokens * itS) / CHUNK_TOKENS;
    const ownS = iterationsFor(slo.ttftCheckTokens) * fullIt;
    const ttftMs = (waitQuantile(rho, iterationsFor(ctx.inputTokens) * fullIt, slo.ttftPercentile) + ownS) * 1e3;
    const tbtMs = (rho > 1 - slo.tbtPercentile / 100 ? fullIt : itS) * 1e3;
    const busy = 1 - Math.exp(-batch);
    const pass = decodeAt(batch);
    const powerW = busy * Math.max(pass.powerW, rho * steps.prefill(point, CHUNK_TOKENS, ctx.inputTokens).powerW) + (1 - busy) * ctx.idleW;
    const violated = firstViolation(batch * ctx.contextTokens, ctx.kvTokens, ttftMs, slo.ttftMs, tbtMs, slo.tbtMs, batch, maxBatch);
    return { feasible: violated === undefined, violated, batch, ttftMs, tbtMs, powerW };
  };
  const upper = CHUNK_TOKENS / ctx.inputTokens / (alone.time.totalMs / 1e3);
  return result(ctx, bisectRate(evaluate, upper), aloneTtft, alone.time.totalMs);
}
