/**
 * SLO-feasible request rate of one mixed instance (both phases, continuous batching) for one class.
 *
 * Without chunking (vLLM's default of its time, and the replay's): prompts are prefilled first, in
 * passes of up to PREFILL_TOKEN_BUDGET tokens, and every pass stalls the decode batch, so decode
 * gets a share 1 − ρ of the time (ρ from the prompt queue, prefillQueue.ts).
 * - Decode batch by Little's law: B = λ·O·TBT with TBT = t_decode(B, context)/(1 − ρ), a fixed point.
 * - TTFT: the prompt queue's per-request tail (prefillQueue.ts), plus the decode iteration in flight
 *   when an arrival finds no prompt ahead; the share of requests over their own target must stay
 *   within 1 − percentile.
 * - TBT: each prefill busy period stalls the whole batch — the cost of mixing that the
 *   intelligent-router paper (published-figures.md §6) estimates per request; the share of requests
 *   whose mean TBT the stalls push over the target is taken over the output lengths of the most
 *   stall-sensitive class that may share the pool (stallTail.ts).
 * With chunked prefill (Sarathi-style): every iteration carries up to CHUNK_TOKENS prompt tokens
 * alongside the decode batch, so there are no long stalls but every iteration is slower:
 * t_it = t_decode(B) + marginal compute of the chunk; TTFT = wait + ⌈I/C⌉ iterations. This path
 * still checks TTFT at the class-mean prompt against one target (M/D/1 wait) and TBT at the mean: it
 * has not been refitted against the replay the way the stalling path has.
 * Either way the mixed capacity is below what the prefill or decode role alone allows.
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, COARSE_BISECTION_STEPS, firstViolation, LOW_LOAD_SHARE, type LoadPoint } from './bisectRate.js';
import { loadContext, zeroCapacity, type LoadContext } from './loadContext.js';
import { waitQuantile } from './queueing.js';
import { PREFILL_TOKEN_BUDGET } from './prefillCapacity.js';
import { maxPromptsPerPass, queueState, ttftAtPercentile, ttftMissShare, type PrefillQueue, type QueueState } from './prefillQueue.js';
import { tokenDistribution, type WeightedTokens } from './sloTargets.js';
import { tbtAtPercentile, tbtMissShare, type StallExposure } from './stallTail.js';
import type { ClassCapacity } from './types.js';
import type { RequestClass } from '../scenario/index.js';

const FIXED_POINT_STEPS = 60;
/** Prompt tokens per iteration with chunked prefill (Sarathi-Serve's common setting). */
export const CHUNK_TOKENS = 512;

export interface MixedOptions {
  readonly chunkedPrefill?: boolean;
  /** Prompt tokens per step when prefill is chunked (the preset's chunk size); default CHUNK_TOKENS. */
  readonly chunkTokens?: number;
  /**
   * The most stall-sensitive class that may share the pool (the shortest outputs among those that
   * may share it): a prefill stalls every request decoding in the pool, and a request with few
   * tokens feels each stall most; TBT is judged over its output distribution. Default: the class itself.
   */
  readonly sensitiveClass?: RequestClass;
  /** The serving engine's limit on requests decoding together (vLLM's max_num_seqs); default 256. */
  readonly maxBatch?: number;
}

export const DEFAULT_MAX_BATCH = 256;

export function mixedCapacity(args: ProfileConfig, options?: MixedOptions): ClassCapacity {
  const ctx = loadContext(args);
  const { cls } = args;
  if (ctx.kvTokens < ctx.contextTokens) return zeroCapacity(ctx, 'weights-do-not-fit');
  const maxBatch = options?.maxBatch ?? DEFAULT_MAX_BATCH;
  const sensitive = options?.sensitiveClass ?? cls;
  return options?.chunkedPrefill ? chunked(ctx, maxBatch, options.chunkTokens ?? CHUNK_TOKENS) : stalling(ctx, maxBatch, tokenDistribution(sensitive.output, sensitive.outputRange));
}

/** The capacity row from the bisection's result; `evaluate` gives the power at the low load too (call it last: it may keep state). */
function result(ctx: LoadContext, found: ReturnType<typeof bisectRate>, aloneTtft: number, aloneTbt: number, evaluate: (rps: number) => LoadPoint): ClassCapacity {
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
    powerAtLowLoadW: evaluate(found.rps * LOW_LOAD_SHARE).powerW,
  };
}

function stalling(ctx: LoadContext, maxBatch: number, sensitiveOutputs: readonly WeightedTokens[]): ClassCapacity {
  const { steps, point, slo } = ctx;
  const prefillMean = steps.prefill(point, ctx.inputTokens);
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), ctx.contextTokens);
  const alone = decodeAt(1);
  const queueAt = (rps: number, decodeBusy: number, decodeIterS: number): PrefillQueue => ({
    rps,
    passS: ctx.passS,
    meanPromptTokens: ctx.inputTokens,
    tokenBudget: PREFILL_TOKEN_BUDGET,
    prompts: slo.ttftByPrompt,
    afterS: () => 0,
    decodeBusy,
    decodeIterS,
  });
  const allowedMiss = 1 - slo.ttftPercentile / 100;
  const aloneTtft = ctx.passS(ctx.inputTokens, 1) * 1e3;
  if (ttftMissShare(queueAt(0, 0, 0)) > allowedMiss) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', aloneTtft, alone.time.totalMs);
  const allowedTbtMiss = 1 - slo.tbtPercentile / 100;
  // A stall begins with a pass of one of the class's prompts alone.
  const singlePasses = Float64Array.from(slo.ttftByPrompt, (p) => ctx.passS(p.tokens, 1)).sort();
  let warm: Float64Array | undefined;
  let lastFeasible: { rps: number; state: QueueState; queue: PrefillQueue; exposure: StallExposure } | undefined;
  const evaluate = (rps: number): LoadPoint => {
    const prefillOnly = queueAt(rps, 0, 0);
    const state = queueState(prefillOnly, warm);
    if (!state.stable) return { feasible: false, violated: 'saturation', batch: Infinity, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    warm = state.pi;
    const rho = state.rho;
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
    // An arrival with nothing prefilling waits for the decode iteration in flight, if a batch is decoding.
    const decodeBusy = 1 - Math.exp(-batch);
    const ttftOk = ttftMissShare(queueAt(rps, decodeBusy, tDec), state, allowedMiss) <= allowedMiss;
    // Prefill-first scheduling stalls the batch for every prefill busy period (stallTail.ts).
    const exposure: StallExposure = {
      // A request decodes beside a Poisson count of others (mean B, the time average): B + 1 with itself.
      decodeIterS: decodeAt(batch + 1).time.totalMs / 1e3,
      rho,
      busyPeriodsPerS: state.busyPeriodsPerS,
      atJoin: rps * ctx.passS(state.meanPassPrompts * ctx.inputTokens, state.meanPassPrompts),
      firstPassS: singlePasses,
      rps,
      meanBusyPeriodS: state.meanBusyPeriodS,
      outputs: sensitiveOutputs,
    };
    // TBT is checked only where TTFT holds: the first violation is the binding one either way.
    const tbtOk = ttftOk && tbtMissShare(exposure, slo.tbtMs / 1e3, allowedTbtMiss) <= allowedTbtMiss;
    // Decode iterations run while at least one request is decoding (Poisson count with mean `batch`).
    const busyDecode = (1 - rho) * decodeBusy;
    const powerW = rho * prefillMean.powerW + busyDecode * decodeAt(batch).powerW + (1 - rho - busyDecode) * ctx.idleW;
    // Both latency checks are shares of requests missing their own targets: passed on as met or not.
    const violated = firstViolation({ batch, maxBatch, kvTokensUsed: batch * ctx.contextTokens, kvTokens: ctx.kvTokens, ttftMet: ttftOk, tbtMet: tbtOk });
    const feasible = violated === undefined;
    if (feasible) lastFeasible = { rps, state, queue: queueAt(rps, decodeBusy, tDec), exposure };
    return { feasible, violated, batch, ttftMs: NaN, tbtMs: NaN, powerW };
  };
  const perPass = maxPromptsPerPass({ tokenBudget: PREFILL_TOKEN_BUDGET, meanPromptTokens: ctx.inputTokens });
  const found = bisectRate(evaluate, perPass / ctx.passS(perPass * ctx.inputTokens, perPass), COARSE_BISECTION_STEPS);
  // Feasible rates only rise during the bisection: the last feasible one is the capacity.
  const at = lastFeasible;
  if (!found.point || !at) return result(ctx, found, aloneTtft, alone.time.totalMs, evaluate);
  const ttftMs = ttftAtPercentile(at.queue, ctx.inputTokens, slo.ttftPercentile, at.state) * 1e3;
  const tbtMs = tbtAtPercentile(at.exposure, slo.tbtPercentile) * 1e3;
  return result(ctx, { ...found, point: { ...found.point, ttftMs, tbtMs } }, aloneTtft, alone.time.totalMs, evaluate);
}

function chunked(ctx: LoadContext, maxBatch: number, chunkLimit: number): ClassCapacity {
  const { steps, point, slo } = ctx;
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), ctx.contextTokens);
  // A step carries the prompt tokens waiting (up to the chunk limit) beside the decode batch: one fused pass.
  const stepAt = (batch: number, chunk: number) => steps.mixed(point, Math.max(1, batch), ctx.contextTokens, chunk, ctx.inputTokens);
  const alone = decodeAt(1);
  const iterationsFor = (prompt: number) => Math.ceil(prompt / chunkLimit);
  const aloneTtft = iterationsFor(slo.ttftCheckTokens) * stepAt(1, Math.min(chunkLimit, slo.ttftCheckTokens)).time.totalMs;
  if (aloneTtft > slo.ttftMs) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', aloneTtft, alone.time.totalMs);

  const evaluate = (rps: number): LoadPoint => {
    let batch = 1;
    let itS = alone.time.totalMs / 1e3;
    let chunk = 0;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      chunk = Math.min(chunkLimit, rps * ctx.inputTokens * itS);
      const next = rps * ctx.outputTokens * itS;
      itS = stepAt(next, chunk).time.totalMs / 1e3;
      const done = Math.abs(next - batch) < 1e-6 * Math.max(1, batch);
      batch = next;
      if (done || batch > ctx.kvTokens) break;
    }
    // Prompt tokens arrive faster than full chunks can absorb them: the prefill queue grows without bound.
    if (rps * ctx.inputTokens * itS > chunkLimit) return { feasible: false, violated: 'saturation', batch, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    const fullIt = stepAt(batch, chunkLimit).time.totalMs / 1e3;
    const rho = (rps * ctx.inputTokens * itS) / chunkLimit;
    const ownS = iterationsFor(slo.ttftCheckTokens) * fullIt;
    const ttftMs = (waitQuantile(rho, iterationsFor(ctx.inputTokens) * fullIt, slo.ttftPercentile) + ownS) * 1e3;
    const tbtMs = (rho > 1 - slo.tbtPercentile / 100 ? fullIt : itS) * 1e3;
    const busy = 1 - Math.exp(-batch);
    const powerW = busy * stepAt(batch, chunk).powerW + (1 - busy) * ctx.idleW;
    const violated = firstViolation({ batch, maxBatch, kvTokensUsed: batch * ctx.contextTokens, kvTokens: ctx.kvTokens, ttftMet: ttftMs <= slo.ttftMs, tbtMet: tbtMs <= slo.tbtMs });
    return { feasible: violated === undefined, violated, batch, ttftMs, tbtMs, powerW };
  };
  const upper = chunkLimit / ctx.inputTokens / (alone.time.totalMs / 1e3);
  return result(ctx, bisectRate(evaluate, upper), aloneTtft, alone.time.totalMs, evaluate);
}
