/**
 * The analytic latency/power model of published-figures.md §8.1: roofline time (FLOPs vs bytes moved)
 * with clock scaling of the compute part, a memory-bound knee at low clocks, a per-iteration overhead,
 * the bandwidth cost of TP all-reduces, and power = idle floor + dynamic part, limited by TDP (when the
 * needed power exceeds the limit, the effective clock drops until it fits). Pure functions.
 */
import { kvBytesPerToken, peakTflops, weightBytes, type GpuSpec, type ModelSpec, type Precision } from '../catalog/index.js';
import { ANALYTIC_PARAMS, MOE_STRUCTURE, type GpuModelParams } from './analyticParams.js';
import { DEFAULT_STACK, stackParams, type StackId, type StackParams } from './presets.js';

/** Everything the analytic model reads besides the catalog: the hardware half per GPU, the engine half per preset. */
export interface AnalyticParams {
  readonly hardware: (gpu: GpuSpec['id']) => GpuModelParams;
  readonly engine: (stack: StackId, gpu: GpuSpec['id']) => StackParams;
}

/** The parameters the built-in tables and every plan use (analyticParams.ts, presets.ts). */
export const BUILT_IN_PARAMS: AnalyticParams = { hardware: (gpu) => ANALYTIC_PARAMS[gpu], engine: stackParams };

/** Where one step's time goes (Vidur-style composition), milliseconds. */
export interface StepTime {
  readonly computeMs: number;
  readonly memoryMs: number;
  readonly communicationMs: number;
  readonly overheadMs: number;
  readonly totalMs: number;
}

/**
 * A lookup axis on which a table-backed step left the table's range and was clamped to its edge
 * (the analytic model never clamps). Decode: 'batch', 'context'; prefill: 'tokens' (batched),
 * 'tokens-per-prompt'; both: 'clock'.
 */
export type ClampedAxis = `${'clock' | 'batch' | 'context' | 'tokens' | 'tokens-per-prompt'}-${'below' | 'above'}`;

export interface StepEstimate {
  readonly time: StepTime;
  /** Average power of the whole instance (all TP GPUs) during the step, W. */
  readonly powerW: number;
  /** Clock actually run: the requested clock, or lower when the power limit binds. */
  readonly effectiveClockMHz: number;
  /** Set only when a table lookup was clamped: the axes that left the table's range. */
  readonly clamped?: readonly ClampedAxis[];
}

export interface ConfigPoint {
  readonly model: ModelSpec;
  readonly gpu: GpuSpec;
  readonly tp: number;
  readonly clockMHz: number;
  /** Per-GPU power cap, W; default the GPU's TDP. */
  readonly powerCapW?: number;
  /** Serving engine preset; default vllm-2023 (today's tables). */
  readonly stack?: StackId;
  /** Number format of weights, activations and KV; default bf16. */
  readonly precision?: Precision;
}

/** The preset and precision a config runs (their defaults filled in). */
export function stackOf(cfg: ConfigPoint): StackId {
  return cfg.stack ?? DEFAULT_STACK;
}

export function precisionOf(cfg: ConfigPoint): Precision {
  return cfg.precision ?? 'bf16';
}

const BITS_BISECTION = 40;

/** Dense GEMM peak at the config's precision, FLOP/s (a precision the GPU lacks is a caller's error). */
function gemmPeakFlops(cfg: ConfigPoint): number {
  const tflops = peakTflops(cfg.gpu, precisionOf(cfg));
  if (tflops === null) throw new RangeError(`${cfg.gpu.id} has no ${precisionOf(cfg)} tensor cores`);
  return tflops * 1e12;
}

/** Attention runs in 16-bit (FlashAttention-style kernels; an FP8 KV cache is dequantized on read). */
function attentionPeakFlops(cfg: ConfigPoint): number {
  return cfg.gpu.denseTflops16.value * 1e12;
}

/** Overhead of one step: scheduler, TP launch/all-reduce latency, per-sequence work, and kernel launches without a CUDA graph. */
function stepOverheadMs(cfg: ConfigPoint, e: StackParams, sequences: number, graphTokens: number): number {
  const eager = graphTokens > e.graphMaxBatch ? e.eagerLaunchMs : 0;
  return e.overheadStepMs + e.overheadPerLog2TpMs * Math.log2(cfg.tp) + e.overheadPerSequenceMs * sequences + eager;
}

function etaMemory(p: GpuModelParams, tp: number): number {
  return p.etaMemoryByTp[tp] ?? p.etaMemoryByTp[8] ?? 0.7;
}

/** Weight bytes read per iteration: all of them for dense models; for MoE, the experts the batch touches. */
export function weightBytesRead(model: ModelSpec, tokensInStep: number, precision: Precision = 'bf16'): number {
  const total = weightBytes(model, precision);
  const moe = MOE_STRUCTURE[model.id];
  if (!moe) return total;
  const activeFraction = model.activeParamsB.value / model.paramsB.value;
  const expertShare = moe.activeExperts / moe.experts;
  // active = shared + experts·share, total = shared + experts  →  solve for the two parts.
  const expertBytes = (total * (1 - activeFraction)) / (1 - expertShare);
  const sharedBytes = total - expertBytes;
  const touched = 1 - Math.pow(1 - expertShare, Math.max(1, tokensInStep));
  return sharedBytes + expertBytes * touched;
}

/** Per-GPU power for clock fraction x and compute/memory utilizations (§8.1). */
export function gpuPowerW(p: GpuModelParams, x: number, computeUtil: number, memoryUtil: number): number {
  const xg = Math.pow(x, p.gamma);
  return (
    p.powerDeepIdleW +
    (p.powerContextW - p.powerDeepIdleW) * xg +
    p.powerDramW * memoryUtil +
    (p.powerOnChipMemW * memoryUtil + p.powerComputeW * computeUtil) * xg
  );
}

/** Highest clock fraction ≤ x whose power fits under the cap (bisection; power rises with x). */
function clockUnderCap(p: GpuModelParams, x: number, capW: number, computeUtil: number, memoryUtil: number): number {
  if (gpuPowerW(p, x, computeUtil, memoryUtil) <= capW) return x;
  let lo = 0;
  let hi = x;
  for (let i = 0; i < BITS_BISECTION; i++) {
    const mid = (lo + hi) / 2;
    if (gpuPowerW(p, mid, computeUtil, memoryUtil) <= capW) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** All-reduce time of the activations (16-bit): 2 per layer, ring volume 2(TP−1)/TP of the message. */
function allReduceMs(cfg: ConfigPoint, tokens: number, p: GpuModelParams): number {
  if (cfg.tp <= 1) return 0;
  const messageBytes = tokens * cfg.model.hiddenSize.value * cfg.model.dtypeBytes.value;
  const bytesPerGpu = 2 * cfg.model.layers.value * messageBytes * ((2 * (cfg.tp - 1)) / cfg.tp);
  return (bytesPerGpu / (cfg.gpu.gpuLinkGBps.value * 1e9 * p.etaLink)) * 1e3;
}

/**
 * Compute time of prompt tokens at the maximum clock, ms: GEMMs at the precision's peak, causal
 * attention (QKᵀ and AV over each prompt's own tokens, half the square masked out) in 16-bit.
 */
function chunkComputeMs(cfg: ConfigPoint, e: StackParams, tokens: number, tokensPerPrompt: number): number {
  const { model, tp } = cfg;
  const gemmFlops = 2 * model.activeParamsB.value * 1e9 * tokens;
  const attentionFlops = 2 * model.layers.value * model.hiddenSize.value * tokens * tokensPerPrompt;
  return (gemmFlops / (tp * gemmPeakFlops(cfg) * e.etaComputePrefill) + attentionFlops / (tp * attentionPeakFlops(cfg) * e.etaAttentionPrefill)) * 1e3;
}

/** The analytic model's functions over one parameter set (the built-in one, or a candidate being fitted). */
export interface AnalyticModel {
  prefill(cfg: ConfigPoint, promptTokens: number, tokensPerPrompt?: number): StepEstimate;
  decode(cfg: ConfigPoint, batch: number, meanContextTokens: number): StepEstimate;
  mixed(cfg: ConfigPoint, batch: number, meanContextTokens: number, chunkTokens: number, chunkAttendedTokens: number): StepEstimate;
  idlePowerW(cfg: ConfigPoint): number;
  attentionMs(cfg: ConfigPoint, phase: 'prefill' | 'decode', tokens: number, perSequenceTokens: number): number;
  allReduceMs(cfg: ConfigPoint, tokens: number): number;
}

export function analyticModel(params: AnalyticParams): AnalyticModel {
  const hw = (cfg: ConfigPoint) => params.hardware(cfg.gpu.id);
  const engine = (cfg: ConfigPoint) => params.engine(stackOf(cfg), cfg.gpu.id);

  /**
   * One prefill pass over `promptTokens` batched tokens, made of prompts of `tokensPerPrompt` each
   * (attention cost grows with each prompt's own length squared).
   */
  const prefill = (cfg: ConfigPoint, promptTokens: number, tokensPerPrompt = promptTokens): StepEstimate => {
    const p = hw(cfg);
    const e = engine(cfg);
    const { gpu, tp } = cfg;
    const computeFullClockMs = chunkComputeMs(cfg, e, promptTokens, tokensPerPrompt);
    const memoryMs = (weightBytesRead(cfg.model, promptTokens, precisionOf(cfg)) / (tp * gpu.memoryTBps.value * 1e12 * etaMemory(p, tp))) * 1e3;
    const communicationMs = allReduceMs(cfg, promptTokens, p);
    // A prefill pass pays the pass overhead and the step's fixed ones; per-sequence scheduling is a decode cost here.
    const overheadMs = e.overheadPrefillMs + stepOverheadMs(cfg, e, 0, promptTokens);
    const fullClockTotal = Math.max(computeFullClockMs, memoryMs) + communicationMs + overheadMs;
    // Prefill power: compute utilization from the uncapped step; memory traffic is a small steady share (§8 appendix).
    const computeUtil = Math.min(1, computeFullClockMs / fullClockTotal);
    const memoryUtil = 0.3;
    const requestedX = cfg.clockMHz / gpu.clockMHz.max.value;
    const capW = cfg.powerCapW ?? gpu.tdpW.value;
    const x = clockUnderCap(p, requestedX, capW, computeUtil, memoryUtil);
    const computeMs = computeFullClockMs / x;
    const totalMs = Math.max(computeMs, memoryMs) + communicationMs + overheadMs;
    const powerW = Math.min(gpuPowerW(p, x, computeUtil, memoryUtil), capW) * tp;
    return {
      time: { computeMs, memoryMs, communicationMs, overheadMs, totalMs },
      powerW,
      effectiveClockMHz: x * gpu.clockMHz.max.value,
    };
  };

  /**
   * One fused step of a chunked-prefill engine: `batch` sequences decode (mean context
   * `meanContextTokens`) while `chunkTokens` prompt tokens ride along, each attending to
   * `chunkAttendedTokens` tokens of its own prompt. One pass reads the weights once, so the chunk adds
   * its compute (hidden while the decode is memory-bound) and its all-reduce, not a weight read or a
   * prefill pass's overhead. With no chunk this is a plain decode iteration.
   */
  const mixed = (cfg: ConfigPoint, batch: number, meanContextTokens: number, chunkTokens: number, chunkAttendedTokens: number): StepEstimate => {
    const p = hw(cfg);
    const e = engine(cfg);
    const { model, gpu, tp } = cfg;
    const precision = precisionOf(cfg);
    const bandwidth = tp * gpu.memoryTBps.value * 1e12 * etaMemory(p, tp);
    const kvBytes = batch * meanContextTokens * kvBytesPerToken(model, precision);
    const memoryFullMs = (weightBytesRead(model, batch + chunkTokens, precision) / bandwidth + kvBytes / (bandwidth * e.kvReadEfficiency)) * 1e3;
    const gemmFlops = 2 * model.activeParamsB.value * 1e9 * batch;
    const attentionFlops = 4 * model.layers.value * model.hiddenSize.value * meanContextTokens * batch;
    const decodeComputeMs = (gemmFlops / (tp * gemmPeakFlops(cfg) * e.etaComputeDecode) + attentionFlops / (tp * attentionPeakFlops(cfg) * e.etaComputeDecode)) * 1e3;
    const computeFullClockMs = decodeComputeMs + (chunkTokens > 0 ? chunkComputeMs(cfg, e, chunkTokens, chunkAttendedTokens) : 0);
    const communicationMs = allReduceMs(cfg, batch + chunkTokens, p);
    const overheadMs = stepOverheadMs(cfg, e, batch, batch + chunkTokens);
    const timeAt = (x: number) => {
      const computeMs = computeFullClockMs / x;
      const memoryMs = memoryFullMs * Math.max(1, p.xKnee / x);
      return { computeMs, memoryMs, totalMs: Math.max(computeMs, memoryMs) + communicationMs + overheadMs };
    };
    const requestedX = cfg.clockMHz / gpu.clockMHz.max.value;
    const first = timeAt(requestedX);
    const computeUtil = Math.min(1, first.computeMs / first.totalMs);
    const memoryUtil = Math.min(1, memoryFullMs / first.totalMs);
    const capW = cfg.powerCapW ?? gpu.tdpW.value;
    const x = clockUnderCap(p, requestedX, capW, computeUtil, memoryUtil);
    const t = x === requestedX ? first : timeAt(x);
    return {
      time: { computeMs: t.computeMs, memoryMs: t.memoryMs, communicationMs, overheadMs, totalMs: t.totalMs },
      powerW: Math.min(gpuPowerW(p, x, computeUtil, memoryUtil), capW) * tp,
      effectiveClockMHz: x * gpu.clockMHz.max.value,
    };
  };

  return {
    prefill,
    mixed,
    /** One decode iteration: one token for each of `batch` requests whose mean context is `meanContextTokens`. */
    decode: (cfg, batch, meanContextTokens) => mixed(cfg, batch, meanContextTokens, 0, 0),
    /**
     * Power of an instance that holds a model but runs nothing, W. Per GPU: the measured bare idle rising
     * to the measured idle with a resident CUDA context at the maximum clock (catalog idleW and
     * idleWithContextW; Vadari via published-figures.md §1.3), with the clock dependence x^γ of the dynamic
     * power. This is below a busy step's floor P_ctx, which also pays for launched kernels and live memory
     * traffic (the "execution-idle" ≈ 105–110 W of Lei et al., §1.3): e.g. A100 80 W idle vs 100 W floor.
     */
    idlePowerW: (cfg) => {
      const x = cfg.clockMHz / cfg.gpu.clockMHz.max.value;
      const bareW = cfg.gpu.idleW.value;
      const contextW = cfg.gpu.idleWithContextW.value;
      return (bareW + (contextW - bareW) * Math.pow(x, hw(cfg).gamma)) * cfg.tp;
    },
    /**
     * Attention time of one step by the same roofline, ms (for importers whose data has no attention part):
     * prefill — the causal attention FLOPs at the prefill-attention efficiency and the requested clock;
     * decode — reading the batch's KV cache at the achieved HBM bandwidth.
     */
    attentionMs: (cfg, phase, tokens, perSequenceTokens) => {
      const p = hw(cfg);
      const e = engine(cfg);
      const { model, gpu, tp } = cfg;
      if (phase === 'prefill') {
        const flops = 2 * model.layers.value * model.hiddenSize.value * tokens * perSequenceTokens;
        const x = cfg.clockMHz / gpu.clockMHz.max.value;
        return (flops / (tp * attentionPeakFlops(cfg) * e.etaAttentionPrefill) / x) * 1e3;
      }
      const kvBytes = tokens * perSequenceTokens * kvBytesPerToken(model, precisionOf(cfg));
      return (kvBytes / (tp * gpu.memoryTBps.value * 1e12 * etaMemory(p, tp) * e.kvReadEfficiency)) * 1e3;
    },
    /** TP all-reduce time of one step over `tokens` tokens, ms (for importers whose data has no network part). */
    allReduceMs: (cfg, tokens) => allReduceMs(cfg, tokens, hw(cfg)),
  };
}

const BUILT_IN = analyticModel(BUILT_IN_PARAMS);

export const prefillStep = BUILT_IN.prefill;
export const decodeStep = BUILT_IN.decode;
export const mixedStep = BUILT_IN.mixed;
export const idleInstancePowerW = BUILT_IN.idlePowerW;
export const attentionStepMs = BUILT_IN.attentionMs;
export const allReduceStepMs = BUILT_IN.allReduceMs;
