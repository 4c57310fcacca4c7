/**
 * Parameters of the analytic latency/power model (published-figures.md §8.2), per GPU type.
 * profiles/README.md lists each with its source; values marked estimate there are our own
 * extrapolations by the §8.2 "rule for other GPUs" column.
 */
import type { GpuId, ModelId } from '../catalog/index.js';

export interface GpuModelParams {
  /** Achieved share of dense peak FLOP/s in prefill GEMMs (fitted to SplitwiseSim's prefill sweep, §4.4). */
  readonly etaComputePrefill: number;
  /**
   * Achieved share of dense peak FLOP/s in prefill attention (the N² part). Fitted to SplitwiseSim's
   * prefill sweep (§4.4): 2023-era attention kernels ran far below GEMM efficiency, which is why
   * per-token prefill cost rises beyond ~2K tokens.
   */
  readonly etaAttentionPrefill: number;
  /** Achieved share of dense peak FLOP/s for decode GEMMs (kernel-level, §8.2). */
  readonly etaComputeDecode: number;
  /** Achieved share of peak HBM bandwidth by TP degree (§8.2, from Vidur GEMM profiles). */
  readonly etaMemoryByTp: Readonly<Record<number, number>>;
  /** Clock fraction below which memory-bound decode starts to slow (§7 synthesis item 2). */
  readonly xKnee: number;
  /** Exponent of the clock-dependent dynamic power (§7 synthesis item 3). */
  readonly gamma: number;
  /** Power model terms per GPU, W (§8.1 equation, §8.2 values). */
  readonly powerDeepIdleW: number;
  readonly powerContextW: number;
  readonly powerDramW: number;
  readonly powerOnChipMemW: number;
  readonly powerComputeW: number;
  /** Per-iteration overheads of the serving stack ("vLLM-2023" preset, §8.2). */
  readonly overheadPerLog2TpMs: number;
  readonly overheadPerSequenceMs: number;
  readonly overheadPrefillMs: number;
  /** Achieved share of the GPU link bandwidth in TP all-reduces. */
  readonly etaLink: number;
}

const ETA_MEMORY_BY_TP = { 1: 0.8, 2: 0.8, 4: 0.75, 8: 0.7 } as const;

const A100_PARAMS: GpuModelParams = {
  etaComputePrefill: 0.745,
  etaAttentionPrefill: 0.085,
  etaComputeDecode: 0.7,
  etaMemoryByTp: ETA_MEMORY_BY_TP,
  xKnee: 0.45,
  gamma: 2,
  powerDeepIdleW: 54,
  powerContextW: 100,
  powerDramW: 90,
  powerOnChipMemW: 180,
  powerComputeW: 300,
  overheadPerLog2TpMs: 10.4,
  overheadPerSequenceMs: 0.33,
  overheadPrefillMs: 14.3,
  etaLink: 0.53,
};

const H100_PARAMS: GpuModelParams = {
  ...A100_PARAMS,
  etaComputePrefill: 0.66,
  etaAttentionPrefill: 0.055,
  powerDeepIdleW: 72,
  powerContextW: 130,
  powerDramW: 100,
  powerOnChipMemW: 150,
  powerComputeW: 470,
  overheadPerLog2TpMs: 7.1,
  overheadPerSequenceMs: 0.32,
};

export const ANALYTIC_PARAMS: Readonly<Record<GpuId, GpuModelParams>> = {
  'A100-80GB': A100_PARAMS,
  'H100-80GB': H100_PARAMS,
  // Same die and stack as H100 (§1.1); memory size and bandwidth differ in the catalog, DRAM power a little.
  H200: { ...H100_PARAMS, powerDramW: 105 },
  // §8.2 rules for other GPUs: deep idle ≈ 0.1·TDP, context ≈ 0.2·TDP, DRAM ≈ 0.15·TDP, on-chip ≈ 0.2·TDP, compute ≈ 0.7·TDP.
  B200: { ...H100_PARAMS, powerDeepIdleW: 100, powerContextW: 200, powerDramW: 150, powerOnChipMemW: 200, powerComputeW: 700 },
  // PCIe-only part: the A100's per-TP overheads, its own idle floors (Vadari, published-figures.md §1.3).
  L40S: {
    ...A100_PARAMS,
    etaComputePrefill: 0.6,
    etaAttentionPrefill: 0.07,
    etaComputeDecode: 0.6,
    powerDeepIdleW: 36,
    powerContextW: 102,
    powerDramW: 52,
    powerOnChipMemW: 70,
    powerComputeW: 245,
  },
};

/** Mixture-of-experts structure (Mixtral paper, arXiv:2401.04088 §2: 8 experts, top-2 routing). */
export interface MoeStructure {
  readonly experts: number;
  readonly activeExperts: number;
}

export const MOE_STRUCTURE: Partial<Readonly<Record<ModelId, MoeStructure>>> = {
  'Mixtral-8x7B': { experts: 8, activeExperts: 2 },
};
