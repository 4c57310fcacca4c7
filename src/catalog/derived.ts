import { cite } from './cited.js';
import { SRC } from './sources.js';
import type { Cited, GpuSpec, ModelSpec, Precision } from './types.js';

export const PRECISIONS: readonly Precision[] = ['bf16', 'fp8', 'fp4'];

/** Bytes per weight and per KV element at each precision other than the model's own 16-bit format. */
const LOW_PRECISION_BYTES: Readonly<Record<Exclude<Precision, 'bf16'>, { readonly weight: Cited<number>; readonly kv: Cited<number> }>> = {
  fp8: { weight: cite(1, SRC.fp8Bytes), kv: cite(1, SRC.fp8Bytes) },
  fp4: { weight: cite(0.5625, SRC.nvfp4Bytes), kv: cite(1, SRC.nvfp4Bytes) },
};

/** Bytes per weight when served at `precision` (bf16: the model's own dtype bytes). */
export function weightBytesPerParam(model: ModelSpec, precision: Precision = 'bf16'): number {
  return precision === 'bf16' ? model.dtypeBytes.value : LOW_PRECISION_BYTES[precision].weight.value;
}

/** Bytes per KV-cache element when served at `precision` (FP4 serving keeps its KV cache in FP8). */
export function kvBytesPerElement(model: ModelSpec, precision: Precision = 'bf16'): number {
  return precision === 'bf16' ? model.dtypeBytes.value : LOW_PRECISION_BYTES[precision].kv.value;
}

/** The GPU's dense tensor peak at `precision`, TFLOP/s; null where it has no tensor cores for it. */
export function peakTflops(gpu: GpuSpec, precision: Precision = 'bf16'): number | null {
  if (precision === 'fp8') return gpu.denseTflopsFp8.value;
  if (precision === 'fp4') return gpu.denseTflopsFp4.value;
  return gpu.denseTflops16.value;
}

/** Whether the GPU runs this precision on its tensor cores (A100 has no FP8, only B200 has FP4). */
export function supportsPrecision(gpu: GpuSpec, precision: Precision): boolean {
  return peakTflops(gpu, precision) !== null;
}

/** Bytes of weights held in device memory (all experts for MoE models), summed over the TP group. */
export function weightBytes(model: ModelSpec, precision: Precision = 'bf16'): number {
  return model.paramsB.value * 1e9 * weightBytesPerParam(model, precision);
}

/**
 * KV-cache bytes per token: a key and a value vector per layer per KV head. Uses the real KV-head count,
 * so grouped-query attention shrinks it (Llama-2-70B: 2·80·8·128·2 = 327,680 B; BLOOM-176B, multi-head:
 * 2·70·112·128·2 = 4,014,080 B); FP8 and FP4 serving keep one byte per element.
 */
export function kvBytesPerToken(model: ModelSpec, precision: Precision = 'bf16'): number {
  return 2 * model.layers.value * model.kvHeads.value * model.headDim.value * kvBytesPerElement(model, precision);
}

export function gpuMemoryBytes(gpu: GpuSpec): number {
  return gpu.memoryGB.value * 1e9;
}

/**
 * SM clocks from `fromMHz` (default: the GPU's minimum) upward in `stepMHz` steps (default: the GPU's
 * hardware step), always ending at the maximum clock even when the step does not land on it, because the
 * maximum is the clock every baseline runs at. Points are settable clocks when stepMHz is a multiple of
 * the hardware step and fromMHz lies on the hardware grid.
 */
export function clockGrid(
  gpu: GpuSpec,
  stepMHz: number = gpu.clockMHz.step.value,
  fromMHz: number = gpu.clockMHz.min.value,
): number[] {
  const minMHz = gpu.clockMHz.min.value;
  const maxMHz = gpu.clockMHz.max.value;
  if (!Number.isFinite(stepMHz) || stepMHz <= 0) {
    throw new RangeError(`clockGrid: step must be a positive number of MHz, got ${stepMHz}`);
  }
  if (!Number.isFinite(fromMHz) || fromMHz < minMHz || fromMHz > maxMHz) {
    throw new RangeError(`clockGrid: start ${fromMHz} MHz is outside ${gpu.id}'s range ${minMHz}–${maxMHz} MHz`);
  }
  const grid: number[] = [];
  // Multiply instead of accumulating so fractional steps do not drift.
  for (let k = 0; fromMHz + k * stepMHz < maxMHz - 1e-9; k++) grid.push(fromMHz + k * stepMHz);
  grid.push(maxMHz);
  return grid;
}

/**
 * Non-GPU power of one server (CPUs, DRAM, NICs, NVSwitches, fans, PSU losses), W: the server's idle power
 * minus its GPUs at bare idle. Bare idle, not idle-with-context, because a server's idle figure is taken
 * with no process on the GPUs; the GPU power model then adds everything above bare idle (including the
 * clock-pinning of a resident context), so host + Σ GPU power never counts a watt twice.
 */
export function serverHostW(gpu: GpuSpec): number {
  return gpu.server.idleW.value - gpu.server.gpusPerServer.value * gpu.idleW.value;
}

/**
 * How much the rest of the server draws per watt the GPUs draw above bare idle (fans, PSU losses,
 * CPUs and NVSwitches under load). Fitted as the straight line through the server's two published
 * points — idle (all GPUs at bare idle) and nameplate (all GPUs at TDP): host power =
 * serverHostW + hostLoadFactor × (GPU power − bare idle). DGX-A100 ≈ 0.81, DGX-H100 ≈ 0.47; consistent
 * with POLCA's observation that GPUs are about half of an inference server's power.
 */
export function hostLoadFactor(gpu: GpuSpec): number {
  const gpus = gpu.server.gpusPerServer.value;
  const gpuSwingW = gpus * (gpu.tdpW.value - gpu.idleW.value);
  if (gpuSwingW <= 0) return 0;
  const serverSwingW = gpu.server.nameplateW.value - gpu.server.idleW.value;
  return Math.max(0, (serverSwingW - gpuSwingW) / gpuSwingW);
}
