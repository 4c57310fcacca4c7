/**
 * The analytic latency/power model of published-figures.md §8.1: roofline time (FLOPs vs bytes moved)
 * with clock scaling of the compute part, a memory-bound knee at low clocks, a per-iteration overhead,
 * the bandwidth cost of TP all-reduces, and power = idle floor + dynamic part, limited by TDP (when the
 * needed power exceeds the limit, the effective clock drops until it fits). Pure functions.
 */
import { kvBytesPerToken, weightBytes, type GpuSpec, type ModelSpec } from '../catalog/index.js';
import { ANALYTIC_PARAMS, MOE_STRUCTURE, type GpuModelParams } from './analyticParams.js';

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
}

const BITS_BISECTION = 40;

function paramsFor(gpu: GpuSpec): GpuModelParams {
  return ANALYTIC_PARAMS[gpu.id];
}

function etaMemory(p: GpuModelParams, tp: number): number {
  return p.etaMemoryByTp[tp] ?? p.etaMemoryByTp[8] ?? 0.7;
}

/** Weight bytes read per iteration: all of them for dense models; for MoE, the experts the batch touches. */
export function weightBytesRead(model: ModelSpec, tokensInStep: number): number {
  const total = weightBytes(model);
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

/** All-reduce time of the activations: 2 per layer, ring volume 2(TP−1)/TP of the message. */
function allReduceMs(cfg: ConfigPoint, tokens: number, p: GpuModelParams): number {
  if (cfg.tp <= 1) return 0;
  const messageBytes = tokens * cfg.model.hiddenSize.value * cfg.model.dtypeBytes.value;
  const bytesPerGpu = 2 * cfg.model.layers.value * messageBytes * ((2 * (cfg.tp - 1)) / cfg.tp);
  return (bytesPerGpu / (cfg.gpu.gpuLinkGBps.value * 1e9 * p.etaLink)) * 1e3;
}

/** TP all-reduce time of one step over `tokens` tokens, ms (for importers whose data has no network part). */
export function allReduceStepMs(cfg: ConfigPoint, tokens: number): number {
  return allReduceMs(cfg, tokens, paramsFor(cfg.gpu));
}

/**
 * Attention time of one step by the same roofline, ms (for importers whose data has no attention part):
 * prefill — the causal attention FLOPs at the prefill-attention efficiency and the requested clock;
 * decode — reading the batch's KV cache at the achieved HBM bandwidth.
 */
export function attentionStepMs(cfg: ConfigPoint, phase: 'prefill' | 'decode', tokens: number, perSequenceTokens: number): number {
  const p = paramsFor(cfg.gpu);
  const { model, gpu, tp } = cfg;
  if (phase === 'prefill') {
    const flops = 2 * model.layers.value * model.hiddenSize.value * tokens * perSequenceTokens;
    const x = cfg.clockMHz / gpu.clockMHz.max.value;
    return (flops / (tp * gpu.denseTflops16.value * 1e12 * p.etaAttentionPrefill) / x) * 1e3;
  }
  const kvBytes = tokens * perSequenceTokens * kvBytesPerToken(model);
  return (kvBytes / (tp * gpu.memoryTBps.value * 1e12 * etaMemory(p, tp))) * 1e3;
}

/**
 * One prefill pass over `promptTokens` batched tokens, made of prompts of `tokensPerPrompt` each
 * (attention cost grows with each prompt's own length squared).
 */
export function prefillStep(cfg: ConfigPoint, promptTokens: number, tokensPerPrompt = promptTokens): StepEstimate {
  const p = paramsFor(cfg.gpu);
  const { model, gpu, tp } = cfg;
  const peakFlops = gpu.denseTflops16.value * 1e12;
  const gemmFlops = 2 * model.activeParamsB.value * 1e9 * promptTokens;
  // Causal attention: QKᵀ and AV over each prompt's own tokens, half the square masked out.
  const attentionFlops = 2 * model.layers.value * model.hiddenSize.value * promptTokens * tokensPerPrompt;
  const computeFullClockMs = (gemmFlops / (tp * peakFlops * p.etaComputePrefill) + attentionFlops / (tp * peakFlops * p.etaAttentionPrefill)) * 1e3;
  const memoryMs = (weightBytesRead(model, promptTokens) / (tp * gpu.memoryTBps.value * 1e12 * etaMemory(p, tp))) * 1e3;
  const communicationMs = allReduceMs(cfg, promptTokens, p);
  const overheadMs = p.overheadPrefillMs + p.overheadPerLog2TpMs * Math.log2(tp);
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
}

/** One decode iteration: one token for each of `batch` requests whose mean context is `meanContextTokens`. */
export function decodeStep(cfg: ConfigPoint, batch: number, meanContextTokens: number): StepEstimate {
  const p = paramsFor(cfg.gpu);
  const { model, gpu, tp } = cfg;
  const peakFlops = gpu.denseTflops16.value * 1e12;
  const kvBytes = batch * meanContextTokens * kvBytesPerToken(model);
  const memoryFullMs = ((weightBytesRead(model, batch) + kvBytes) / (tp * gpu.memoryTBps.value * 1e12 * etaMemory(p, tp))) * 1e3;
  const flops = 2 * model.activeParamsB.value * 1e9 * batch + 4 * model.layers.value * model.hiddenSize.value * meanContextTokens * batch;
  const computeFullClockMs = (flops / (tp * peakFlops * p.etaComputeDecode)) * 1e3;
  const communicationMs = allReduceMs(cfg, batch, p);
  const overheadMs = p.overheadPerLog2TpMs * Math.log2(tp) + p.overheadPerSequenceMs * batch;
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
}

/**
 * Power of an instance that holds a model but runs nothing, W. Per GPU: the measured bare idle rising
 * to the measured idle with a resident CUDA context at the maximum clock (catalog idleW and
 * idleWithContextW; Vadari via published-figures.md §1.3), with the clock dependence x^γ of the dynamic
 * power. This is below a busy step's floor P_ctx, which also pays for launched kernels and live memory
 * traffic (the "execution-idle" ≈ 105–110 W of Lei et al., §1.3): e.g. A100 80 W idle vs 100 W floor.
 */
export function idleInstancePowerW(cfg: ConfigPoint): number {
  const p = paramsFor(cfg.gpu);
  const x = cfg.clockMHz / cfg.gpu.clockMHz.max.value;
  const bareW = cfg.gpu.idleW.value;
  const contextW = cfg.gpu.idleWithContextW.value;
  return (bareW + (contextW - bareW) * Math.pow(x, p.gamma)) * cfg.tp;
}
