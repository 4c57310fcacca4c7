/**
 * Catalog value types: what llmcap knows about GPU types, their servers and LLM architectures.
 * Every number travels with its source so reports can say where an assumption came from and which
 * numbers are our own estimates (their source text starts with 'estimate:').
 */

/** A number (or other value) with the paper, datasheet or reasoning it comes from. */
export interface Cited<T> {
  readonly value: T;
  /** Short citation, e.g. 'NVIDIA A100 datasheet (via published-figures.md §1.1)', or 'estimate: <reason>'. */
  readonly source: string;
}

export type GpuId = 'A100-80GB' | 'H100-80GB' | 'H200' | 'B200' | 'L40S';

export type ModelId = 'Llama-2-70B' | 'Llama-3.1-8B' | 'Llama-3.1-70B' | 'Mixtral-8x7B' | 'BLOOM-176B';

/**
 * Number format of weights, activations and KV cache when served: 'bf16' (BF16 or FP16, two bytes),
 * 'fp8' (weights, activations and KV in FP8), 'fp4' (NVFP4 weights and activations, KV in FP8; only
 * GPUs with FP4 tensor cores). Choosing a lower precision is an accuracy trade the user opts into.
 */
export type Precision = 'bf16' | 'fp8' | 'fp4';

export interface ServerSpec {
  /** 'DGX-A100', 'DGX-H100', 'HGX-H200', 'HGX-B200', '8xL40S'. */
  readonly name: string;
  readonly gpusPerServer: Cited<number>;
  /** Whole-server maximum input power (what a row's power budget must provision by nameplate). */
  readonly nameplateW: Cited<number>;
  /** Whole-server power when powered on with nothing running, GPUs included (GPUs at deep idle). */
  readonly idleW: Cited<number>;
}

export interface GpuSpec {
  readonly id: GpuId;
  /** Other spellings accepted when resolving names (matching ignores case, spaces vs '-' and a leading 'NVIDIA'). */
  readonly aliases: readonly string[];
  /** Dense (no 2:4 sparsity) BF16/FP16 tensor-core peak, TFLOP/s. */
  readonly denseTflops16: Cited<number>;
  /** Dense FP8 tensor-core peak, TFLOP/s; null where the GPU has no FP8 tensor cores. */
  readonly denseTflopsFp8: Cited<number | null>;
  /** Dense FP4 tensor-core peak, TFLOP/s; null where the GPU has no FP4 tensor cores. */
  readonly denseTflopsFp4: Cited<number | null>;
  /**
   * Device memory in GB of 1e9 bytes, taken as the datasheet figure. Datasheet "GB" is closer to GiB
   * (an "80 GB" H100 reports 81,559 MiB), so reading it as 1e9 bytes leaves ~7 % slack, which is about
   * what the CUDA context, allocator and activations take in practice.
   */
  readonly memoryGB: Cited<number>;
  /** Peak device-memory bandwidth, TB/s (1e12 bytes per second). */
  readonly memoryTBps: Cited<number>;
  /** Board power limit at default settings, W. */
  readonly tdpW: Cited<number>;
  /** Lowest power cap the driver accepts, W. */
  readonly minPowerLimitW: Cited<number>;
  /** Bare idle: no process, SM clock at its minimum. */
  readonly idleW: Cited<number>;
  /** Loaded but idle: a CUDA context is resident, which pins the SM clock at its maximum. */
  readonly idleWithContextW: Cited<number>;
  /** SM clock range; settable clocks are min + k·step. `base` is the guaranteed sustained clock where published. */
  readonly clockMHz: {
    readonly min: Cited<number>;
    readonly max: Cited<number>;
    readonly step: Cited<number>;
    readonly base?: Cited<number>;
  };
  /** Per-GPU bandwidth to its peers inside the server, one direction, GB/s (NVLink, or PCIe where there is none). */
  readonly gpuLinkGBps: Cited<number>;
  /** Inter-server bandwidth usable for KV-cache transfer between machines, Gbit/s per server. */
  readonly networkGbpsPerServer: Cited<number>;
  readonly server: ServerSpec;
  /** Default rental price, USD per GPU-hour (a scenario may override it): the reserve mode's price (docs/billing.md). */
  readonly priceUsdPerGpuHour: Cited<number>;
  /** Default on-demand price, USD per GPU-hour, with the page and date it was read from (prices.onDemandGpuHourUsd overrides it). */
  readonly onDemandUsdPerGpuHour: Cited<number>;
  /** Manufacturing footprint attributed to one GPU (its share of the whole server), kgCO2e. */
  readonly embodiedKgCo2ePerGpu: Cited<number>;
}

export interface ModelSpec {
  readonly id: ModelId;
  /** Other spellings accepted when resolving names, e.g. SplitwiseSim's 'llama2-70b' or Hugging Face repo ids. */
  readonly aliases: readonly string[];
  /** Total parameters, billions (sets weight memory). */
  readonly paramsB: Cited<number>;
  /** Parameters used per token, billions (sets FLOPs); equals paramsB for dense models. */
  readonly activeParamsB: Cited<number>;
  readonly layers: Cited<number>;
  readonly hiddenSize: Cited<number>;
  readonly attentionHeads: Cited<number>;
  /** Key/value heads: fewer than attentionHeads under grouped-query attention, equal under multi-head attention. */
  readonly kvHeads: Cited<number>;
  readonly headDim: Cited<number>;
  /** Bytes per weight and per KV element when served (2 for FP16/BF16). */
  readonly dtypeBytes: Cited<number>;
  readonly maxContextTokens: Cited<number>;
}
