/**
 * The calibration points of the engine presets (profiles/README.md "Engine presets: calibration
 * points", committed before the fit): each point's published value, source, role (fitted or held back)
 * and how its model value is computed from a StepModel. `llmcap profiles check` prints their residuals
 * per preset; the fit (bench/fitPresets.ts) uses only a preset's own 'fit' points.
 */
import { getGpu, getModel, type GpuId, type ModelId, type Precision } from '../catalog/index.js';
import { kvCapacityTokens } from '../capacity/index.js';
import { analyticStepModel, type ConfigPoint, type StackId, type StepModel } from '../profiles/index.js';
import type { TokenStats } from '../scenario/index.js';
import { tokenSampler } from '../workload/index.js';

export type PointRole = 'fit' | 'held-back';

export interface PresetPoint {
  /** 'T1', 'V3', 'P5': the README's numbering. */
  readonly id: string;
  readonly stack: StackId;
  readonly what: string;
  readonly published: number;
  readonly unit: string;
  readonly source: string;
  readonly role: PointRole;
  /** Latency and throughput points fit a preset's engine parameters; power points the GPU's power terms. */
  readonly kind: 'performance' | 'power';
  readonly evaluate: (steps: StepModel) => number;
}

/** A request class of a calibration point: token statistics and ranges [lo, hi). */
export interface PointClass {
  readonly input: TokenStats;
  readonly inputRange: readonly [number, number];
  readonly output: TokenStats;
  readonly outputRange: readonly [number, number];
}

/** MLPerf OpenOrca (profiles/README.md): input mean 300 is our estimate (no primary source), output from the v4.1 logs. */
export const MLPERF_CLASS: PointClass = {
  input: { mean: 300 },
  inputRange: [1, 1025],
  output: { mean: 294, p50: 251, p90: 525, p99: 950 },
  outputRange: [1, 1025],
};

/** LM-Arena chat as ML.ENERGY v3 runs it (profiles/README.md): both means are estimates for Llama-3.1 on H100. */
export const LM_ARENA_CLASS: PointClass = {
  input: { mean: 202 },
  inputRange: [1, 32_768],
  output: { mean: 717 },
  outputRange: [1, 32_768],
};

const at = (model: ModelId, gpu: GpuId, tp: number, stack: StackId, precision: Precision): ConfigPoint => ({
  model: getModel(model),
  gpu: getGpu(gpu),
  tp,
  clockMHz: getGpu(gpu).clockMHz.max.value,
  stack,
  precision,
});

/** Σ decode steps of batch B at contexts from + 1 … from + steps, ms. */
function decodeSumMs(steps: StepModel, cfg: ConfigPoint, batch: number, from: number, count: number): number {
  let ms = 0;
  for (let k = 1; k <= count; k++) ms += steps.decode(cfg, batch, from + k).time.totalMs;
  return ms;
}

/** Static batching (TensorRT-LLM gptSessionBenchmark): one prefill of B prompts, then O − 1 decode steps; output tok/s. */
export function staticBatchTokensPerS(steps: StepModel, cfg: ConfigPoint, batch: number, input: number, output: number): number {
  const ms = steps.prefill(cfg, batch * input, input).time.totalMs + decodeSumMs(steps, cfg, batch, input, output - 1);
  return (batch * output) / (ms / 1e3);
}

/** vLLM benchmark_latency: the same batch run end to end, ms. */
export function latencyRunMs(steps: StepModel, cfg: ConfigPoint, batch: number, input: number, output: number): number {
  return steps.prefill(cfg, batch * input, input).time.totalMs + decodeSumMs(steps, cfg, batch, input, output - 1);
}

export interface SteadyState {
  /** Sequences decoding together: the engine's limit, or fewer when the KV cache is full. */
  readonly batch: number;
  readonly contextTokens: number;
  readonly outputTokensPerS: number;
  /** Power per GPU, W. */
  readonly powerPerGpuW: number;
}

/**
 * A saturated continuous-batching engine (MLPerf Offline, ML.ENERGY at max_num_seqs): B sequences decode
 * at the time-averaged context I + E[(O−1)·O/2]/E[O−1] while each step prefills, as one fused chunk, the
 * prompts of the requests replacing the finished ones (B·I/E[O−1] tokens). A request yields O tokens over
 * O − 1 decode steps.
 */
export function steadyState(steps: StepModel, cfg: ConfigPoint, maxBatch: number, cls: PointClass): SteadyState {
  const sampler = tokenSampler(cls.output, cls.outputRange);
  const slices = 512;
  let gaps = 0;
  let contextSum = 0;
  let outputs = 0;
  for (let i = 0; i < slices; i++) {
    const o = Math.max(2, sampler.sample((i + 0.5) / slices));
    outputs += o / slices;
    gaps += (o - 1) / slices;
    contextSum += ((o - 1) * o) / 2 / slices;
  }
  const input = cls.input.mean;
  const contextTokens = input + contextSum / gaps;
  const kvTokens = kvCapacityTokens({ id: 'calibration', model: cfg.model.id, gpu: cfg.gpu.id, tp: cfg.tp, clockMHz: cfg.clockMHz, role: 'mixed', ...(cfg.precision ? { precision: cfg.precision } : {}) });
  const batch = Math.max(1, Math.min(maxBatch, Math.floor(kvTokens / contextTokens)));
  const chunk = (batch * input) / gaps;
  const step = steps.mixed(cfg, batch, contextTokens, chunk, input);
  return { batch, contextTokens, outputTokensPerS: ((batch / (step.time.totalMs / 1e3)) * outputs) / gaps, powerPerGpuW: step.powerW / cfg.tp };
}

const MSC = 'modern-serving-calibration.md';
const TRT = (c: string) => `${MSC} §B.1 (${c})`;
const L2 = 'Llama-2-70B' as const;

function trt(id: string, what: string, published: number, unit: string, source: string, role: PointRole, evaluate: (s: StepModel) => number): PresetPoint {
  return { id, stack: 'trtllm-2024', what, published, unit, source, role, kind: 'performance', evaluate };
}

const trtAt = (gpu: GpuId, tp: number) => at(L2, gpu, tp, 'trtllm-2024', 'fp8');

const TRTLLM_2024_POINTS: readonly PresetPoint[] = [
  trt('T1', 'MLPerf v4.1 Offline, H100 TP2, max batch 896: tok/s per instance', 6131, 'tok/s', `${MSC} §A.1 (24,524.9 ÷ 4)`, 'fit', (s) => steadyState(s, trtAt('H100-80GB', 2), 896, MLPERF_CLASS).outputTokensPerS),
  trt('T2', 'MLPerf v4.1 Offline, H200 TP1, max batch 806: tok/s per GPU', 3913, 'tok/s', `${MSC} §A.1 (31,302.7 ÷ 8)`, 'fit', (s) => steadyState(s, trtAt('H200', 1), 806, MLPERF_CLASS).outputTokensPerS),
  trt('T3', 'v0.6.1 H100 TP2, static batch 1,024, 128/128: tok/s per GPU', 2657, 'tok/s', TRT('c'), 'fit', (s) => staticBatchTokensPerS(s, trtAt('H100-80GB', 2), 1024, 128, 128) / 2),
  trt('T4', 'v0.6.1 H100 TP4, static batch 480, 128/2,048: tok/s per GPU', 1486, 'tok/s', TRT('c'), 'held-back', (s) => staticBatchTokensPerS(s, trtAt('H100-80GB', 4), 480, 128, 2048) / 4),
  trt('T5', 'v0.6.1 H100 TP2, static batch 96, 2,048/128: tok/s per GPU', 306, 'tok/s', TRT('c'), 'fit', (s) => staticBatchTokensPerS(s, trtAt('H100-80GB', 2), 96, 2048, 128) / 2),
  trt('T6', 'v0.6.1 H100 TP2, static batch 64, 2,048/2,048: tok/s per GPU', 547, 'tok/s', TRT('c'), 'fit', (s) => staticBatchTokensPerS(s, trtAt('H100-80GB', 2), 64, 2048, 2048) / 2),
  trt('T7', 'v0.5 H100 TP4, first token of a 128-token prompt', 26, 'ms', TRT('c'), 'fit', (s) => s.prefill(trtAt('H100-80GB', 4), 128).time.totalMs),
  trt('T8', 'v0.5 H100 TP4, first token of a 2,048-token prompt', 109, 'ms', TRT('c'), 'held-back', (s) => s.prefill(trtAt('H100-80GB', 4), 2048).time.totalMs),
  trt('T9', 'v0.5.0 H200 TP1, static batch 512, 128/128: total tok/s', 3014, 'tok/s', TRT('d'), 'fit', (s) => staticBatchTokensPerS(s, trtAt('H200', 1), 512, 128, 128)),
  trt('T10', 'v0.5.0 H200 TP4, static batch 512, 128/2,048: total tok/s', 6616, 'tok/s', TRT('d'), 'fit', (s) => staticBatchTokensPerS(s, trtAt('H200', 4), 512, 128, 2048)),
  trt('T11', 'v0.5.0 H200 TP2, static batch 64, 2,048/128: total tok/s', 682, 'tok/s', TRT('d'), 'held-back', (s) => staticBatchTokensPerS(s, trtAt('H200', 2), 64, 2048, 128)),
  trt('T12', 'v0.5.0 H200 TP1, static batch 32, 2,048/128: total tok/s', 303, 'tok/s', TRT('d'), 'fit', (s) => staticBatchTokensPerS(s, trtAt('H200', 1), 32, 2048, 128)),
];

const vllmAt = (model: ModelId, gpu: GpuId, tp: number) => at(model, gpu, tp, 'vllm-2025', 'bf16');
const HELD_V = new Set(['V5', 'V8', 'V12']);
const HELD_P = new Set(['P3', 'P6', 'P10']);

/** ML.ENERGY v3 (MSC §C.1): max_num_seqs, output tok/s, power per GPU. */
const ML_ENERGY_70B: readonly [number, number, number][] = [[16, 863, 451], [32, 1487, 449], [64, 2511, 500], [128, 3876, 546], [256, 4915, 589], [512, 5921, 623], [1024, 6827, 637]];
const ML_ENERGY_8B: readonly [number, number, number][] = [[16, 1954, 513], [64, 5147, 610], [256, 9010, 691], [512, 9806, 688]];

function mlEnergyPoints(): PresetPoint[] {
  const runs = [
    ...ML_ENERGY_70B.map(([b, tok, w]) => ({ model: 'Llama-3.1-70B' as const, tp: 4, b, tok, w })),
    ...ML_ENERGY_8B.map(([b, tok, w]) => ({ model: 'Llama-3.1-8B' as const, tp: 1, b, tok, w })),
  ];
  return runs.flatMap((r, i): PresetPoint[] => {
    const cfg = vllmAt(r.model, 'H100-80GB', r.tp);
    const name = `ML.ENERGY ${r.model} H100 TP${r.tp}, max_num_seqs ${r.b}`;
    const v = `V${i + 3}`;
    const p = `P${i + 1}`;
    return [
      { id: v, stack: 'vllm-2025', what: `${name}: output tok/s`, published: r.tok, unit: 'tok/s', source: `${MSC} §C.1`, role: HELD_V.has(v) ? 'held-back' : 'fit', kind: 'performance', evaluate: (s) => steadyState(s, cfg, r.b, LM_ARENA_CLASS).outputTokensPerS },
      { id: p, stack: 'vllm-2025', what: `${name}: power per GPU`, published: r.w, unit: 'W', source: `${MSC} §C.1 (SVG paths)`, role: HELD_P.has(p) ? 'held-back' : 'fit', kind: 'power', evaluate: (s) => steadyState(s, cfg, r.b, LM_ARENA_CLASS).powerPerGpuW },
    ];
  });
}

const VLLM_2025_POINTS: readonly PresetPoint[] = [
  { id: 'V1', stack: 'vllm-2025', what: 'vLLM CI Llama-3-70B H200 TP4, latency run batch 8, 32/128', published: 2077.53, unit: 'ms', source: `${MSC} §B.3`, role: 'fit', kind: 'performance', evaluate: (s) => latencyRunMs(s, vllmAt('Llama-3.1-70B', 'H200', 4), 8, 32, 128) },
  { id: 'V2', stack: 'vllm-2025', what: 'vLLM CI Llama-3.1-8B H200 TP1, latency run batch 8, 32/128', published: 833.42, unit: 'ms', source: `${MSC} §B.3`, role: 'fit', kind: 'performance', evaluate: (s) => latencyRunMs(s, vllmAt('Llama-3.1-8B', 'H200', 1), 8, 32, 128) },
  ...mlEnergyPoints(),
];

export const PRESET_POINTS: readonly PresetPoint[] = [...TRTLLM_2024_POINTS, ...VLLM_2025_POINTS];

export interface PointResidual {
  readonly point: PresetPoint;
  readonly model: number;
  /** model / published − 1. */
  readonly error: number;
  /** Fitted points within ±20 %, held-back points within ±30 % (issue "Profiles for today's stacks"). */
  readonly tolerance: number;
  readonly withinTolerance: boolean;
}

export const FIT_TOLERANCE = 0.2;
export const HELD_BACK_TOLERANCE = 0.3;

export function presetResiduals(steps: StepModel = analyticStepModel, points: readonly PresetPoint[] = PRESET_POINTS): PointResidual[] {
  return points.map((point) => {
    const model = point.evaluate(steps);
    const error = model / point.published - 1;
    const tolerance = point.role === 'fit' ? FIT_TOLERANCE : HELD_BACK_TOLERANCE;
    return { point, model, error, tolerance, withinTolerance: Math.abs(error) <= tolerance + 1e-12 };
  });
}
