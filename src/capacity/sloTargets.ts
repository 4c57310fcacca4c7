/**
 * Absolute SLO targets per class. Slowdown targets (Splitwise's definition) are multiplied by the
 * class's latency running alone on the reference config, taken at the class's mean token counts.
 */
import { getGpu, getModel } from '../catalog/index.js';
import type { StepModel } from '../profiles/index.js';
import type { RequestClass } from '../scenario/index.js';
import { tokensAtPercentile } from './tokensAtPercentile.js';
import type { SloTargetsMs } from './types.js';

export function sloTargetsMs(cls: RequestClass, steps: StepModel): SloTargetsMs {
  const ref = {
    model: getModel(cls.model),
    gpu: getGpu(cls.reference.gpu),
    tp: cls.reference.tp,
    clockMHz: cls.reference.clockMHz,
  };
  const aloneTtft = () => steps.prefill(ref, cls.input.mean).time.totalMs;
  const aloneTbt = () => steps.decode(ref, 1, cls.input.mean + cls.output.mean / 2).time.totalMs;
  return {
    ttftMs: cls.slo.ttft.ms ?? (cls.slo.ttft.slowdown ?? 1) * aloneTtft(),
    ttftCheckTokens: cls.slo.ttft.ms !== undefined ? tokensAtPercentile(cls.input, cls.slo.ttft.percentile) : cls.input.mean,
    ttftPercentile: cls.slo.ttft.percentile,
    tbtMs: cls.slo.tbt.ms ?? (cls.slo.tbt.slowdown ?? 1) * aloneTbt(),
    tbtPercentile: cls.slo.tbt.percentile,
  };
}
