/**
 * Absolute SLO targets per class. Slowdown targets (Splitwise's definition) are multiplied by the
 * class's latency running alone on the reference config, taken at the class's mean token counts.
 */
import { getGpu, getModel } from '../catalog/index.js';
import type { StepModel } from '../profiles/index.js';
import type { RequestClass, SloTarget } from '../scenario/index.js';
import { tokensAtPercentile } from './tokensAtPercentile.js';
import type { SloTargetsMs } from './types.js';

export function sloTargetsMs(cls: RequestClass, steps: StepModel): SloTargetsMs {
  const ref = {
    model: getModel(cls.model),
    gpu: getGpu(cls.reference.gpu),
    tp: cls.reference.tp,
    clockMHz: cls.reference.clockMHz,
  };
  let aloneTtftMs: number | undefined;
  let aloneTbtMs: number | undefined;
  const ttft = (t: SloTarget) => ({
    percentile: t.percentile,
    ms: t.ms ?? (t.slowdown ?? 1) * (aloneTtftMs ??= steps.prefill(ref, cls.input.mean).time.totalMs),
    // Slowdowns are relative to each request's own length: check at the class mean; absolute
    // targets are set by the long prompts of the class: check at the tail length.
    checkTokens: t.ms !== undefined ? tokensAtPercentile(cls.input, t.percentile) : cls.input.mean,
  });
  const tbt = (t: SloTarget) => ({
    percentile: t.percentile,
    ms: t.ms ?? (t.slowdown ?? 1) * (aloneTbtMs ??= steps.decode(ref, 1, cls.input.mean + cls.output.mean / 2).time.totalMs),
  });
  const ttftTargets = cls.slo.ttftTargets.map(ttft);
  const tbtTargets = cls.slo.tbtTargets.map(tbt);
  const primaryTtft = ttft(cls.slo.ttft);
  const primaryTbt = tbt(cls.slo.tbt);
  return {
    ttftMs: primaryTtft.ms,
    ttftCheckTokens: primaryTtft.checkTokens,
    ttftPercentile: primaryTtft.percentile,
    tbtMs: primaryTbt.ms,
    tbtPercentile: primaryTbt.percentile,
    ttftTargets,
    tbtTargets,
  };
}
