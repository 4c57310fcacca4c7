/**
 * Decode-role instance (Splitwise token machine): requests arrive with their KV already transferred
 * and only decode. By Little's law the batch is B = λ·O·t_decode(B); the batch fluctuates around B
 * (Poisson count of requests in service), so TBT and KV are checked at the SLO percentile of the
 * batch, B_p = B + z_p·√B. Capacity = the highest λ with t_decode(B_p) ≤ TBT target and
 * B_p·context ≤ KV room. TTFT is set on the prefill side.
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, firstViolation, type LoadPoint } from './bisectRate.js';
import { loadContext, zeroCapacity } from './loadContext.js';
import { normalQuantile } from './normalQuantile.js';
import { DEFAULT_MAX_BATCH } from './mixedCapacity.js';
import type { ClassCapacity } from './types.js';

const FIXED_POINT_STEPS = 60;

export function decodeCapacity(...[config, cls, sloIn, stepsIn, maxBatch = DEFAULT_MAX_BATCH]: [...ProfileConfig, number?]): ClassCapacity {
  const args: ProfileConfig = [config, cls, sloIn, stepsIn];
  const ctx = loadContext(...args);
  const { steps, point, slo } = ctx;
  if (ctx.kvTokens < ctx.contextTokens) return zeroCapacity(ctx, 'weights-do-not-fit');
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), ctx.contextTokens);
  const alone = decodeAt(1);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', 0, alone.time.totalMs);
  const z = Math.max(0, normalQuantile(slo.tbtPercentile / 100));

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
    const violated = firstViolation(batchAtP * ctx.contextTokens, ctx.kvTokens, 0, slo.ttftMs, tbtMs, slo.tbtMs, batchAtP, maxBatch);
    return { feasible: violated === undefined, violated, batch, ttftMs: 0, tbtMs, powerW };
  };
  // Upper bound: the whole KV room decoding at the single-request step time.
  const upper = (ctx.kvTokens / ctx.contextTokens / ctx.outputTokens) / (alone.time.totalMs / 1e3);
  const { rps, point: best, binding } = bisectRate(evaluate, upper);
  if (!best) return zeroCapacity(ctx, binding, 0, alone.time.totalMs);
  return {
    configId: ctx.config.id,
    classId: ctx.cls.id,
    maxRps: rps,
    binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: 0,
    tbtMsAtCapacity: best.tbtMs,
    powerAtCapacityW: best.powerW,
  };
}
