/**
 * How the engine presets' parameters were fitted (not a benchmark; a tool that lives beside them):
 *
 *   npx tsx bench/fitPresets.ts trtllm-2024|vllm-2025
 *
 * Least squares on log(model / published) over the preset's own 'fit' points only (src/calibration/
 * presetPoints.ts; held-back points never enter), Levenberg–Marquardt within bounds, starting from the
 * values in src/profiles/presets.ts and analyticParams.ts. vllm-2025 is fitted together with the H100
 * power terms (P_dram, P_on, P_cmp): ML.ENERGY measured its throughput and its power at the same runs,
 * and one decomposition of the step has to explain both. The tool prints the fitted values and every
 * point's residual; they are copied, rounded, into presets.ts / analyticParams.ts by hand
 * (profiles/README.md "Engine presets" lists them).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { GpuId } from '../src/catalog/index.js';
import { ANALYTIC_PARAMS, analyticStepModelWith, BUILT_IN_PARAMS, stackParams, type AnalyticParams, type GpuModelParams, type StackId, type StackParams } from '../src/profiles/index.js';
import { PRESET_POINTS, presetResiduals, type PresetPoint } from '../src/calibration/index.js';

type EngineKey = 'etaCompute' | 'etaComputeDecode' | 'etaAttentionPrefill' | 'kvReadEfficiency' | 'overheadStepMs' | 'overheadPerSequenceMs' | 'overheadPerLog2TpMs' | 'eagerLaunchMs';
type PowerKey = 'powerDramW' | 'powerOnChipMemW' | 'powerComputeW';

interface Knob {
  readonly key: EngineKey | PowerKey;
  readonly min: number;
  readonly max: number;
}

const k = (key: Knob['key'], min: number, max: number): Knob => ({ key, min, max });

/**
 * What each fit moves; everything else is fixed from the sources in profiles/README.md. Prefill and
 * decode GEMMs share one efficiency. TensorRT-LLM ran MLPerf without CUDA graphs (use_graphs = False),
 * so its launch cost is inside the per-step overhead; vLLM V1 captures graphs up to batch 512.
 * vllm-2025's points have prompts of ≤ 202 tokens, which identify neither its prefill GEMM nor its
 * prefill-attention efficiency: both stay fixed (presets.ts says where from), and its fit moves the
 * decode GEMM efficiency alone.
 */
const KNOBS: Readonly<Record<'trtllm-2024' | 'vllm-2025', readonly Knob[]>> = {
  'trtllm-2024': [
    k('etaCompute', 0.2, 0.9), k('etaAttentionPrefill', 0.05, 0.75), k('kvReadEfficiency', 0.1, 1),
    k('overheadStepMs', 0, 30), k('overheadPerSequenceMs', 0, 0.5), k('overheadPerLog2TpMs', 0, 10),
  ],
  'vllm-2025': [
    k('etaComputeDecode', 0.2, 0.9), k('kvReadEfficiency', 0.1, 1), k('overheadStepMs', 0, 30), k('overheadPerSequenceMs', 0, 0.5),
    k('overheadPerLog2TpMs', 0, 10), k('eagerLaunchMs', 0, 30),
    k('powerDramW', 0, 300), k('powerOnChipMemW', 0, 400), k('powerComputeW', 100, 900),
  ],
};

function engineWith(base: StackParams, knobs: readonly Knob[], v: readonly number[]): StackParams {
  const out: Record<string, number> = { ...base };
  knobs.forEach((knob, i) => {
    const value = v[i] as number;
    if (knob.key === 'etaCompute') {
      out.etaComputePrefill = value;
      out.etaComputeDecode = value;
    } else if (!knob.key.startsWith('power')) {
      out[knob.key] = value;
    }
  });
  return out as unknown as StackParams;
}

function paramsFor(target: StackId, knobs: readonly Knob[], v: readonly number[]): AnalyticParams {
  const h100: Record<string, unknown> = { ...ANALYTIC_PARAMS['H100-80GB'] };
  knobs.forEach((knob, i) => {
    if (knob.key.startsWith('power')) h100[knob.key] = v[i];
  });
  return {
    ...BUILT_IN_PARAMS,
    hardware: (gpu: GpuId) => (gpu === 'H100-80GB' ? (h100 as unknown as GpuModelParams) : ANALYTIC_PARAMS[gpu]),
    engine: (stack: StackId, gpu: GpuId) => (stack === target ? engineWith(stackParams(stack, gpu), knobs, v) : stackParams(stack, gpu)),
  };
}

function start(target: StackId, knobs: readonly Knob[]): number[] {
  const e = stackParams(target, 'H100-80GB');
  const h = ANALYTIC_PARAMS['H100-80GB'];
  return knobs.map((knob) => (knob.key === 'etaCompute' ? e.etaComputePrefill : knob.key.startsWith('power') ? h[knob.key as PowerKey] : e[knob.key as Exclude<EngineKey, 'etaCompute'>]));
}

function main(): void {
  const target = process.argv[2];
  if (target !== 'trtllm-2024' && target !== 'vllm-2025') throw new Error('usage: npx tsx bench/fitPresets.ts trtllm-2024|vllm-2025');
  const knobs = KNOBS[target];
  const withPower = knobs.some((knob) => knob.key.startsWith('power'));
  const ofTarget = (p: PresetPoint) => p.stack === target && (withPower || p.kind === 'performance');
  const fitted = PRESET_POINTS.filter((p) => ofTarget(p) && p.role === 'fit');
  const result = levenbergMarquardt(
    { x: fitted.map((_, i) => i), y: fitted.map(() => 0) },
    (v) => {
      const steps = analyticStepModelWith(paramsFor(target, knobs, v));
      const logs = fitted.map((p) => Math.log(p.evaluate(steps) / p.published));
      return (i: number) => logs[i] ?? 0;
    },
    {
      initialValues: start(target, knobs),
      minValues: knobs.map((knob) => knob.min),
      maxValues: knobs.map((knob) => knob.max),
      maxIterations: 300,
      damping: 1e-2,
      gradientDifference: 1e-4,
      errorTolerance: 1e-10,
    },
  );
  process.stdout.write(`${target}: ${result.iterations} iterations, Σ log² = ${result.parameterError.toExponential(3)}\n`);
  knobs.forEach((knob, i) => process.stdout.write(`  ${knob.key.padEnd(24)} ${(result.parameterValues[i] ?? NaN).toPrecision(4)}${result.parameterValues[i] === knob.min || result.parameterValues[i] === knob.max ? '  (at its bound)' : ''}\n`));
  const steps = analyticStepModelWith(paramsFor(target, knobs, result.parameterValues));
  for (const r of presetResiduals(steps, PRESET_POINTS.filter(ofTarget))) {
    process.stdout.write(`  ${r.point.id.padEnd(4)} ${r.point.role.padEnd(9)} ${r.point.published.toFixed(1).padStart(9)} ${r.model.toFixed(1).padStart(9)} ${(r.error * 100).toFixed(1).padStart(7)} %  ${r.point.what}\n`);
  }
}

main();
