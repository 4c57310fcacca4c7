/**
 * Prefill-role instance (Splitwise prompt machine): prompts wait in FIFO order and are prefilled in
 * batches (prefillQueue.ts, an embedded Markov chain at pass starts): under load a pass gathers the prompts that arrived during the previous
 * one, so the time per prompt falls as the load rises — the batching gain Splitwise measured up to
 * ~2K batched tokens. Each request's TTFT = its wait + its pass + the KV transfer to the decode
 * machine; the capacity is the highest rate at which the share of requests missing their own TTFT
 * target stays within 1 − percentile, and so does each class that may share the pool (ttftSharers.ts).
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, COARSE_BISECTION_STEPS, LOW_LOAD_SHARE, type LoadPoint } from './bisectRate.js';
import { kvTransferMs } from './kvTransfer.js';
import { loadContext, zeroCapacity } from './loadContext.js';
import { maxPromptsPerPass, queueState, ttftAtPercentile, ttftMissShare, type PrefillQueue } from './prefillQueue.js';
import { ttftCheck, type TtftJudged } from './ttftSharers.js';
import type { ClassCapacity } from './types.js';

/** What else a prefill instance's load must hold (capacityTable.ts). */
export interface PrefillOptions {
  /** The TTFT targets of the other classes that may share the pool (ttftSharers.ts). Default: none. */
  readonly ttftSharers?: readonly TtftJudged[];
}

/** Most prompt tokens batched into one prefill pass (Splitwise: throughput falls beyond ~2K tokens). */
export const PREFILL_TOKEN_BUDGET = 4096;

export function prefillCapacity(args: ProfileConfig, options: PrefillOptions = {}): ClassCapacity {
  const ctx = loadContext(args);
  const { steps, point, slo, config } = ctx;
  // One function for every rate: the queue model keeps the own-pass times of the same queue.
  const afterS = (tokens: number) => kvTransferMs(config.model, tokens, config.gpu, config.gpu) / 1e3;
  const queueAt = (rps: number): PrefillQueue => ({
    rps,
    passS: ctx.passS,
    meanPromptTokens: ctx.inputTokens,
    tokenBudget: PREFILL_TOKEN_BUDGET,
    prompts: slo.ttftByPrompt,
    afterS,
  });
  const allowedMiss = 1 - slo.ttftPercentile / 100;
  const idle = queueAt(0);
  const aloneTtftMs = (ctx.passS(ctx.inputTokens, 1) + idle.afterS(ctx.inputTokens)) * 1e3;
  if (ttftMissShare(idle) > allowedMiss) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtftMs, 0);

  const ttftHolds = ttftCheck(idle, slo.ttftPercentile, options.ttftSharers ?? []);
  let warm: Float64Array | undefined;
  const evaluate = (rps: number): LoadPoint => {
    const q = queueAt(rps);
    const state = queueState(q, warm);
    if (!state.stable) return { feasible: false, violated: 'saturation', batch: state.perPass, ttftMs: Infinity, tbtMs: 0, powerW: 0 };
    warm = state.pi;
    const feasible = ttftHolds(q, state);
    const batch = state.meanPassPrompts;
    const powerW = state.rho * steps.prefill(point, batch * ctx.inputTokens, ctx.inputTokens).powerW + (1 - state.rho) * ctx.idleW;
    return { feasible, violated: feasible ? undefined : 'ttft', batch, ttftMs: NaN, tbtMs: 0, powerW };
  };
  const maxPrompts = maxPromptsPerPass(idle);
  const upper = maxPrompts / ctx.passS(maxPrompts * ctx.inputTokens, maxPrompts);
  const { rps, point: best, binding } = bisectRate(evaluate, upper, COARSE_BISECTION_STEPS);
  if (!best) return zeroCapacity(ctx, binding, aloneTtftMs, 0);
  return {
    configId: config.id,
    classId: ctx.cls.id,
    maxRps: rps,
    binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: ttftAtPercentile(queueAt(rps), ctx.inputTokens, slo.ttftPercentile) * 1e3,
    tbtMsAtCapacity: 0,
    powerAtCapacityW: best.powerW,
    powerAtLowLoadW: evaluate(rps * LOW_LOAD_SHARE).powerW,
  };
}
