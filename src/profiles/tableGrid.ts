/**
 * The grid the built-in tables are generated on (profiles/README.md "Generator grid"): which
 * (model, GPU, TP) get a table, at which clocks, batch sizes and token counts.
 */
import { getGpu, kvBytesPerToken, weightBytes, type GpuSpec, type ModelSpec } from '../catalog/index.js';

export const TABLE_TP_DEGREES: readonly number[] = [1, 2, 4, 8];

/** KV room an instance must have beyond its weights to be worth a table: one 4K-token request. */
export const USEFUL_KV_TOKENS = 4096;
/**
 * Share of HBM kept free for activations, allocator and CUDA context: the same 10 % as capacity's
 * KV_MEMORY_MARGIN (src/capacity/kvMemory.ts; profiles cannot import capacity, a test keeps them equal).
 */
export const HBM_MARGIN = 0.1;

/** Clocks are spaced this far apart (DynamoLLM profiles H100 in 200 MHz steps, published-figures.md §1.2). */
export const CLOCK_STEP_MHZ = 200;
/** Scenarios default to clocks from 40 % of the maximum (snapped to the GPU's clock step). */
export const LOWEST_CLOCK_FRACTION = 0.4;

/** Batched prompt tokens of prefill rows: powers of two from 16 to 16,384 and the midpoints 1.5·2^k. */
export const PREFILL_TOKENS: readonly number[] = powersAndMidpoints(16, 16384);
/** Prompts per prefill pass: powers of four, while each prompt keeps at least 16 tokens. */
export const PREFILL_BATCHES: readonly number[] = [1, 4, 16, 64, 256, 1024];
export const MIN_TOKENS_PER_PROMPT = 16;
/** Sequences per decode iteration: 1 to 256 (vLLM's default max_num_seqs), powers of two and midpoints. */
export const DECODE_BATCHES: readonly number[] = [1, ...powersAndMidpoints(2, 256)];
/** Mean context per sequence: powers of two from 128 to 16,384 (decode time is linear in context). */
export const DECODE_CONTEXTS: readonly number[] = [128, 256, 512, 1024, 2048, 4096, 8192, 16384];

/** Does an instance of `tp` GPUs hold the weights plus a useful KV cache within the HBM margin? */
export function fitsUsefully(model: ModelSpec, gpu: GpuSpec, tp: number): boolean {
  if (tp > gpu.server.gpusPerServer.value) return false;
  const usable = tp * gpu.memoryGB.value * 1e9 * (1 - HBM_MARGIN);
  return weightBytes(model) + USEFUL_KV_TOKENS * kvBytesPerToken(model) <= usable;
}

/**
 * Table clocks: down from the maximum in 200 MHz steps until one step below the scenario default's
 * lowest clock (40 % of the maximum, which scenario resolution may round down by up to one clock step),
 * so default scenarios never ask below a table's range. H100: 580, 780, …, 1780, 1980 MHz.
 */
export function tableClocksMHz(gpuId: GpuSpec['id']): number[] {
  const gpu = getGpu(gpuId);
  const max = gpu.clockMHz.max.value;
  const floor = Math.max(gpu.clockMHz.min.value, LOWEST_CLOCK_FRACTION * max - gpu.clockMHz.step.value);
  const clocks: number[] = [];
  for (let k = 0; ; k++) {
    const f = max - k * CLOCK_STEP_MHZ;
    if (f < gpu.clockMHz.min.value) break;
    clocks.push(f);
    if (f <= floor) break;
  }
  return clocks.reverse();
}

/** (batch, tokens) of the prefill rows: every batched-token count, as 1 prompt and as 4^k prompts of ≥ 16 tokens. */
export function prefillPoints(): { batch: number; tokens: number }[] {
  const points: { batch: number; tokens: number }[] = [];
  for (const tokens of PREFILL_TOKENS) {
    for (const batch of PREFILL_BATCHES) {
      if (batch === 1 || tokens / batch >= MIN_TOKENS_PER_PROMPT) points.push({ batch, tokens });
    }
  }
  return points;
}

function powersAndMidpoints(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) {
    out.push(v);
    if (v * 1.5 < to) out.push(v * 1.5);
  }
  return out;
}
