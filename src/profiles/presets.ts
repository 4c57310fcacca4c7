/**
 * Engine presets: the software half of a step's cost. The GPU's roofline and power (analyticParams.ts)
 * are hardware; what a serving engine adds on top — scheduler overheads, how close its kernels get to
 * the roofline, attention cost, CUDA graphs, chunked prefill, its batch limit — is the preset's.
 * A scenario picks presets with `hardware.stack`. Every value and its source is in profiles/README.md
 * ("Engine presets"); each preset is fitted only to the calibration points assigned to it there.
 */
import type { GpuId } from '../catalog/index.js';

export type StackId = 'vllm-2023' | 'trtllm-2024' | 'vllm-2025';

/** The preset of today's built-in tables and of the Splitwise and POLCA reproductions. */
export const DEFAULT_STACK: StackId = 'vllm-2023';

/** Per-step cost parameters of a serving engine. */
export interface StackParams {
  /** Achieved share of the dense peak in prefill GEMMs (and in the prompt chunk of a mixed step). */
  readonly etaComputePrefill: number;
  /** Achieved share of the 16-bit dense peak in prefill attention (the N² part): the attention kernel's quality. */
  readonly etaAttentionPrefill: number;
  /** Achieved share of the dense peak in decode GEMMs. */
  readonly etaComputeDecode: number;
  /** Decode attention reads the KV cache at this share of the GEMMs' achieved HBM bandwidth (paged-attention kernel quality). */
  readonly kvReadEfficiency: number;
  /** Per-step scheduler overhead, ms (CPU time every iteration pays: batching, sampling, output processing). */
  readonly overheadStepMs: number;
  /** Per-step overhead growing with the TP degree (launch and all-reduce latency), ms per log2(TP). */
  readonly overheadPerLog2TpMs: number;
  /** Per-step scheduler overhead per running sequence, ms. */
  readonly overheadPerSequenceMs: number;
  /** Extra overhead of a separate prefill pass (not paid by a chunk riding on a decode step), ms. */
  readonly overheadPrefillMs: number;
  /** Decode steps with more sequences than this run without a captured CUDA graph (0: graphs off). */
  readonly graphMaxBatch: number;
  /** Kernel-launch overhead a step pays when it runs without a CUDA graph, ms. */
  readonly eagerLaunchMs: number;
}

/** How the engine schedules: what the capacity model and the replay take from the preset by default. */
export interface EngineSettings {
  /** Prompts are cut into chunks that share steps with the decode batch (Sarathi-style; V1 vLLM, TRT-LLM in-flight batching). */
  readonly chunkedPrefill: boolean;
  /** Prompt tokens a step may carry beside its decodes when prefill is chunked (max_num_batched_tokens / max_num_tokens). */
  readonly chunkTokens: number;
  /** Most sequences decoding together (vLLM max_num_seqs, TRT-LLM max_batch_size). */
  readonly maxBatch: number;
}

export interface EnginePreset {
  readonly id: StackId;
  readonly description: string;
  readonly engine: EngineSettings;
  /** The per-step parameters on a GPU type (one set for every GPU, except vllm-2023's per-GPU fit). */
  readonly params: (gpu: GpuId) => StackParams;
}

// vllm-2023: the parameters fitted before presets existed (profiles/README.md "Analytic model parameters"),
// per GPU type, to SplitwiseSim's perf_model.csv and published-figures.md §8.2; no chunking, no graph term.
const VLLM_2023_A100: StackParams = {
  etaComputePrefill: 0.745,
  etaAttentionPrefill: 0.085,
  etaComputeDecode: 0.7,
  kvReadEfficiency: 1,
  overheadStepMs: 0,
  overheadPerLog2TpMs: 10.4,
  overheadPerSequenceMs: 0.33,
  overheadPrefillMs: 14.3,
  graphMaxBatch: Number.POSITIVE_INFINITY,
  eagerLaunchMs: 0,
};
const VLLM_2023_H100: StackParams = { ...VLLM_2023_A100, etaComputePrefill: 0.66, etaAttentionPrefill: 0.055, overheadPerLog2TpMs: 7.1, overheadPerSequenceMs: 0.32 };
const VLLM_2023: Readonly<Record<GpuId, StackParams>> = {
  'A100-80GB': VLLM_2023_A100,
  'H100-80GB': VLLM_2023_H100,
  H200: VLLM_2023_H100,
  B200: VLLM_2023_H100,
  L40S: { ...VLLM_2023_A100, etaComputePrefill: 0.6, etaAttentionPrefill: 0.07, etaComputeDecode: 0.6 },
};

/** Fitted to T1–T12 less the held-back T4, T8, T11 (profiles/README.md); engine settings from the sources named there. */
const TRTLLM_2024: StackParams = {
  etaComputePrefill: 0.646,
  etaAttentionPrefill: 0.75,
  etaComputeDecode: 0.646,
  kvReadEfficiency: 0.263,
  overheadStepMs: 16.8,
  overheadPerLog2TpMs: 0,
  overheadPerSequenceMs: 0.0334,
  overheadPrefillMs: 0,
  graphMaxBatch: 0,
  eagerLaunchMs: 0,
};

/**
 * Fitted to V1–V13 less the held-back V5, V8, V12, jointly with the H100 power terms (profiles/README.md);
 * prefill GEMM and attention efficiencies are estimates (the points' prompts are short); engine settings
 * from the sources named there.
 */
const VLLM_2025: StackParams = {
  etaComputePrefill: 0.7,
  etaAttentionPrefill: 0.5,
  etaComputeDecode: 0.357,
  kvReadEfficiency: 0.41,
  overheadStepMs: 1.45,
  overheadPerLog2TpMs: 2.28,
  overheadPerSequenceMs: 0.0187,
  overheadPrefillMs: 0,
  graphMaxBatch: 512,
  eagerLaunchMs: 0,
};

export const PRESETS: Readonly<Record<StackId, EnginePreset>> = {
  'vllm-2023': {
    id: 'vllm-2023',
    description: "vLLM of 2023 (SplitwiseSim's perf_model.csv): prefill first, no chunking, max 256 sequences",
    engine: { chunkedPrefill: false, chunkTokens: 512, maxBatch: 256 },
    params: (gpu) => VLLM_2023[gpu],
  },
  'trtllm-2024': {
    id: 'trtllm-2024',
    description: 'TensorRT-LLM of MLPerf Inference v4.1: in-flight batching, max_num_tokens 4,096, max batch 1,024',
    engine: { chunkedPrefill: true, chunkTokens: 4096, maxBatch: 1024 },
    params: () => TRTLLM_2024,
  },
  'vllm-2025': {
    id: 'vllm-2025',
    description: 'vLLM V1: chunked prefill always on, max_num_batched_tokens 8,192 and max_num_seqs 1,024 (API server on ≥ 70 GiB GPUs)',
    engine: { chunkedPrefill: true, chunkTokens: 8192, maxBatch: 1024 },
    params: () => VLLM_2025,
  },
};

export const STACK_IDS: readonly StackId[] = Object.keys(PRESETS) as StackId[];

export function isStackId(name: string): name is StackId {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

export function stackParams(stack: StackId, gpu: GpuId): StackParams {
  return PRESETS[stack].params(gpu);
}
