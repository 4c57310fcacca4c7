/**
 * KV-cache transfer from a prefill instance to a decode instance (Splitwise, published-figures.md
 * §4.3): the KV of the prompt moves over the servers' network. With layer-wise overlap only a small
 * residue is left after the prefill finishes (≈ 8 ms at 200 Gbps, 5 ms at 400 Gbps); small prompts
 * (< 512 tokens) go serialized, after the prefill.
 */
import { getGpu, getModel, kvBytesPerToken, type GpuId, type ModelId } from '../catalog/index.js';

export const LAYERWISE_MIN_PROMPT_TOKENS = 512;
/**
 * Non-overlapped residue: a fixed part plus one that scales inversely with link speed, through
 * Splitwise's two measurements (8 ms at 200 Gbps on A100 machines, 5 ms at 400 Gbps on H100).
 */
const RESIDUE_FIXED_MS = 2;
const RESIDUE_MS_GBPS = 1200;

export function kvTransferBytes(model: ModelId, promptTokens: number): number {
  return kvBytesPerToken(getModel(model)) * promptTokens;
}

/** Time added to TTFT by moving a prompt's KV from a `from` server to a `to` server, ms. */
export function kvTransferMs(model: ModelId, promptTokens: number, from: GpuId, to: GpuId): number {
  const gbps = Math.min(getGpu(from).networkGbpsPerServer.value, getGpu(to).networkGbpsPerServer.value);
  if (promptTokens < LAYERWISE_MIN_PROMPT_TOKENS) return ((kvTransferBytes(model, promptTokens) * 8) / (gbps * 1e9)) * 1e3;
  return RESIDUE_FIXED_MS + RESIDUE_MS_GBPS / gbps;
}

/** Network bytes per second one GPU's share of its server NIC can carry. */
export function networkBytesPerSecondPerGpu(gpu: GpuId): number {
  const spec = getGpu(gpu);
  return (spec.networkGbpsPerServer.value * 1e9) / 8 / spec.server.gpusPerServer.value;
}
