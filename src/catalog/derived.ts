import type { GpuSpec, ModelSpec } from './types.js';

/** Bytes of weights held in device memory (all experts for MoE models), summed over the TP group. */
export function weightBytes(model: ModelSpec): number {
  return model.paramsB.value * 1e9 * model.dtypeBytes.value;
}

/**
 * KV-cache bytes per token: a key and a value vector per layer per KV head. Uses the real KV-head count,
 * so grouped-query attention shrinks it (Llama-2-70B: 2·80·8·128·2 = 327,680 B; BLOOM-176B, multi-head:
 * 2·70·112·128·2 = 4,014,080 B).
 */
export function kvBytesPerToken(model: ModelSpec): number {
  return 2 * model.layers.value * model.kvHeads.value * model.headDim.value * model.dtypeBytes.value;
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
