/**
 * Hardware parameters of the analytic latency/power model (published-figures.md §8.2), per GPU type.
 * profiles/README.md lists each with its source; values marked estimate there are our own
 * extrapolations by the §8.2 "rule for other GPUs" column.
 */
import type { GpuId, ModelId } from '../catalog/index.js';

export interface GpuModelParams {
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
  /** Achieved share of the GPU link bandwidth in TP all-reduces. */
  readonly etaLink: number;
}

const ETA_MEMORY_BY_TP = { 1: 0.8, 2: 0.8, 4: 0.75, 8: 0.7 } as const;

const A100_PARAMS: GpuModelParams = {
  etaMemoryByTp: ETA_MEMORY_BY_TP,
  xKnee: 0.45,
  gamma: 2,
  powerDeepIdleW: 54,
  powerContextW: 100,
  powerDramW: 90,
  powerOnChipMemW: 180,
  powerComputeW: 300,
  etaLink: 0.53,
};

/**
 * P_deep and P_ctx from Vadari's idle floors (published-figures.md §1.3, §8.2); P_dram, P_on and P_cmp
 * fitted to ML.ENERGY's power at the same runs as its throughput (modern-serving-calibration.md §C.1,
 * points P1–P11 less the held-back three), through the vllm-2025 step decomposition (bench/fitPresets.ts).
 */
const H100_PARAMS: GpuModelParams = {
  ...A100_PARAMS,
  powerDeepIdleW: 72,
  powerContextW: 130,
  powerDramW: 179,
  powerOnChipMemW: 229,
  powerComputeW: 425,
};

/**
 * The hardware half of the model, per GPU type: memory and link efficiencies, the clock knee and the
 * power terms. The serving engine's half (efficiencies of its kernels, overheads) is the preset's
 * (presets.ts).
 */
export const ANALYTIC_PARAMS: Readonly<Record<GpuId, GpuModelParams>> = {
  'A100-80GB': A100_PARAMS,
  'H100-80GB': H100_PARAMS,
  // Same die as H100 (§1.1); memory size and bandwidth differ in the catalog; HBM3e's DRAM power taken 5 % higher (estimate).
  H200: { ...H100_PARAMS, powerDramW: 188 },
  // §8.2 rules for other GPUs: deep idle ≈ 0.1·TDP, context ≈ 0.2·TDP, DRAM ≈ 0.15·TDP, on-chip ≈ 0.2·TDP, compute ≈ 0.7·TDP.
  B200: { ...H100_PARAMS, powerDeepIdleW: 100, powerContextW: 200, powerDramW: 150, powerOnChipMemW: 200, powerComputeW: 700 },
  // PCIe-only part: its own idle floors (Vadari, published-figures.md §1.3).
  L40S: {
    ...A100_PARAMS,
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
