/**
 * KV-cache room of an instance: HBM of its TP GPUs minus the weights and a margin for activations and
 * the CUDA context, counted in whole paged-KV blocks (vLLM's default block of 16 tokens). Weights and
 * KV bytes follow the config's precision (Llama-2-70B fits one H200 in FP8, not in BF16).
 */
import { getGpu, getModel, kvBytesPerToken, weightBytes } from '../catalog/index.js';
import type { Config } from './types.js';

export const KV_BLOCK_TOKENS = 16;
/** Share of HBM kept free for activations, allocator fragmentation and the CUDA context. */
export const KV_MEMORY_MARGIN = 0.1;

export function kvCapacityTokens(config: Config): number {
  const gpu = getGpu(config.gpu);
  const model = getModel(config.model);
  const hbmBytes = config.tp * gpu.memoryGB.value * 1e9 * (1 - KV_MEMORY_MARGIN);
  const precision = config.precision ?? 'bf16';
  const free = hbmBytes - weightBytes(model, precision);
  if (free <= 0) return 0;
  const blocks = Math.floor(free / (kvBytesPerToken(model, precision) * KV_BLOCK_TOKENS));
  return blocks * KV_BLOCK_TOKENS;
}
