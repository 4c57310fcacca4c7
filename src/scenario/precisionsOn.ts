/**
 * Which precisions a GPU's configs run in a scenario. A GPU runs the precisions of hardware.precisions
 * it has tensor cores for; a GPU that runs none of them (A100 in a scenario that lists only fp8) runs
 * bf16, the higher-accuracy format, and stays a candidate. So listing fp8 trades accuracy only where
 * FP8 runs, and the planner chooses among precisions only where the scenario lists several.
 */
import { getGpu, supportsPrecision, type GpuId, type Precision } from '../catalog/index.js';

export const FALLBACK_PRECISION: Precision = 'bf16';

export function precisionsOn(gpu: GpuId, listed: readonly Precision[]): readonly Precision[] {
  const runs = listed.filter((p) => supportsPrecision(getGpu(gpu), p));
  return runs.length > 0 ? runs : [FALLBACK_PRECISION];
}

/** The candidate GPUs that run none of the listed precisions, and so run bf16. */
export function gpusOnFallbackPrecision(gpus: readonly GpuId[], listed: readonly Precision[]): GpuId[] {
  return gpus.filter((g) => !listed.some((p) => supportsPrecision(getGpu(g), p)));
}

/** The plan's note on the fallback, when a candidate GPU takes it. */
export function precisionFallbackNote(gpus: readonly GpuId[], listed: readonly Precision[]): string | undefined {
  const fallback = gpusOnFallbackPrecision(gpus, listed);
  if (fallback.length === 0) return undefined;
  const verb = fallback.length === 1 ? 'runs' : 'run';
  return `${fallback.join(', ')} ${verb} none of hardware.precisions (${listed.join(', ')}): ${fallback.length === 1 ? 'its' : 'their'} configs run ${FALLBACK_PRECISION}`;
}
