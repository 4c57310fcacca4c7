/**
 * Benchmark results as a measure plan's runs would give them on an engine whose true parameters are
 * known: the analytic model with those parameters, times a seeded multiplicative noise exp(σ·z).
 */
import { createRng } from '../../src/core/random.js';
import { predicted, predictRun, stepModelWith, type BenchRun, type PlannedRun } from '../../src/calibration/index.js';
import type { FitKey, StackId } from '../../src/profiles/index.js';

export function syntheticRuns(planned: readonly PlannedRun[], base: StackId, truth: Readonly<Partial<Record<FitKey, number>>>, sigma: number, seed: number): BenchRun[] {
  const gpu = planned[0]?.setup.gpu;
  if (gpu === undefined) return [];
  const steps = stepModelWith(base, gpu, truth);
  const rng = createRng(seed, 'synthetic-bench');
  const noisy = (v: number) => v * Math.exp(sigma * rng.normal());
  return planned.map((r): BenchRun => {
    const run: BenchRun = { id: r.name, format: 'vllm-serving', setup: r.setup, measure: { kind: 'serving', concurrency: r.concurrency, input: r.input, output: r.output, ttftMs: 1, itlMs: 1 } };
    const p = predictRun(steps, base, run);
    return { ...run, measure: { ...run.measure, ttftMs: noisy(predicted(p, 'ttft')), itlMs: noisy(predicted(p, 'itl')) } as BenchRun['measure'], powerPerGpuW: noisy(p.power) };
  });
}
