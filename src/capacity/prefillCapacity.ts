/**
 * Prefill-role instance (Splitwise prompt machine). Queueing model: prompts wait in FIFO order and are
 * prefilled in batches; under load a batch gathers the prompts that arrived during the previous one,
 * b = 1 + λ·t_batch(b) (capped by a token budget), so the time per prompt falls as the load rises —
 * the batching gain Splitwise measured up to ~2K batched tokens. The wait is an M/D/1 queue of
 * batches: an atom at zero with probability 1 − ρ and an exponential tail with the
 * Pollaczek–Khinchine mean (waitQuantile). TTFT at the percentile = wait + own batch (with the class's
 * tail prompt) + the KV transfer to the decode machine; it must meet the TTFT target.
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, type LoadPoint } from './bisectRate.js';
import { kvTransferMs } from './kvTransfer.js';
import { loadContext, zeroCapacity } from './loadContext.js';
import { waitQuantile } from './queueing.js';
import type { ClassCapacity } from './types.js';

/** Most prompt tokens batched into one prefill pass (Splitwise: throughput falls beyond ~2K tokens). */
export const PREFILL_TOKEN_BUDGET = 4096;
const FIXED_POINT_STEPS = 40;

export function prefillCapacity(...args: ProfileConfig): ClassCapacity {
  const ctx = loadContext(...args);
  const { steps, point, slo, config } = ctx;
  const input = ctx.inputTokens;
  const transferMs = kvTransferMs(config.model, slo.ttftCheckTokens, config.gpu, config.gpu);
  const batchTime = (prompts: number, tailTokens = input) =>
    steps.prefill(point, (prompts - 1) * input + tailTokens, input).time.totalMs / 1e3;
  const aloneTtftMs = batchTime(1, slo.ttftCheckTokens) * 1e3 + transferMs;
  if (aloneTtftMs > slo.ttftMs) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtftMs, 0);
  const maxPrompts = Math.max(1, Math.floor(PREFILL_TOKEN_BUDGET / input));

  const evaluate = (rps: number): LoadPoint => {
    let prompts = 1;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      const next = Math.min(maxPrompts, 1 + rps * batchTime(prompts));
      if (Math.abs(next - prompts) < 1e-6) break;
      prompts = next;
    }
    const batchS = batchTime(prompts);
    const rho = (rps * batchS) / prompts;
    if (rho >= 1) return { feasible: false, violated: 'saturation', batch: prompts, ttftMs: Infinity, tbtMs: 0, powerW: 0 };
    const ttftMs = (waitQuantile(rho, batchS, slo.ttftPercentile) + batchTime(prompts, slo.ttftCheckTokens)) * 1e3 + transferMs;
    const pass = steps.prefill(point, prompts * input, input);
    const powerW = rho * pass.powerW + (1 - rho) * ctx.idleW;
    const feasible = ttftMs <= slo.ttftMs;
    return { feasible, violated: feasible ? undefined : 'ttft', batch: prompts, ttftMs, tbtMs: 0, powerW };
  };
  const upper = maxPrompts / batchTime(maxPrompts);
  const { rps, point: best, binding } = bisectRate(evaluate, upper);
  if (!best) return zeroCapacity(ctx, binding, aloneTtftMs, 0);
  return {
    configId: config.id,
    classId: ctx.cls.id,
    maxRps: rps,
    binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: best.ttftMs,
    tbtMsAtCapacity: 0,
    powerAtCapacityW: best.powerW,
  };
}
