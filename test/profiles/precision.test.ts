/** Precision as a dimension: weight bytes, KV bytes per token and tensor peaks follow it, and so does what fits where. */
import { describe, expect, it } from 'vitest';
import { getGpu, getModel, kvBytesPerToken, peakTflops, supportsPrecision, weightBytes, type GpuId, type Precision } from '../../src/catalog/index.js';
import { configId, kvCapacityTokens, type Config } from '../../src/capacity/index.js';
import { decodeStep, prefillStep, type ConfigPoint } from '../../src/profiles/index.js';

const llama = getModel('Llama-2-70B');
const config = (gpu: GpuId, tp: number, precision: Precision): Config => {
  const c = { model: 'Llama-2-70B' as const, gpu, tp, clockMHz: getGpu(gpu).clockMHz.max.value, role: 'mixed' as const, precision };
  return { ...c, id: configId(c) };
};
const point = (gpu: GpuId, tp: number, precision: Precision): ConfigPoint => ({ model: llama, gpu: getGpu(gpu), tp, clockMHz: getGpu(gpu).clockMHz.max.value, stack: 'trtllm-2024', precision });

describe('precision in the catalog', () => {
  it('halves weights and KV in FP8 and stores FP4 weights with their block scales', () => {
    expect(weightBytes(llama, 'bf16')).toBe(138e9);
    expect(weightBytes(llama, 'fp8')).toBe(69e9);
    expect(weightBytes(llama, 'fp4')).toBeCloseTo(69e9 * 0.5625, -3);
    expect(kvBytesPerToken(llama, 'bf16')).toBe(327_680);
    expect(kvBytesPerToken(llama, 'fp8')).toBe(163_840);
    // FP4 serving keeps its KV cache in FP8.
    expect(kvBytesPerToken(llama, 'fp4')).toBe(163_840);
  });

  it('gives each GPU its tensor peak per precision, and FP4 only to B200', () => {
    expect(peakTflops(getGpu('H100-80GB'), 'bf16')).toBe(989.4);
    expect(peakTflops(getGpu('H100-80GB'), 'fp8')).toBe(1978.9);
    expect(peakTflops(getGpu('B200'), 'fp4')).toBe(9000);
    expect(supportsPrecision(getGpu('A100-80GB'), 'fp8')).toBe(false);
    for (const g of ['A100-80GB', 'H100-80GB', 'H200', 'L40S'] as const) expect(supportsPrecision(getGpu(g), 'fp4')).toBe(false);
    expect(supportsPrecision(getGpu('B200'), 'fp4')).toBe(true);
  });
});

describe('what fits where (MLPerf runs Llama-2-70B FP8 as TP1 on H200 and TP2 on H100)', () => {
  it('fits one H200 in FP8 but not in BF16', () => {
    expect(kvCapacityTokens(config('H200', 1, 'fp8'))).toBeGreaterThan(300_000);
    expect(kvCapacityTokens(config('H200', 1, 'bf16'))).toBe(0);
  });

  it('fits two H100s in FP8 with room for MLPerf-sized batches; in BF16 two H100s keep a twentieth of that', () => {
    const fp8 = kvCapacityTokens(config('H100-80GB', 2, 'fp8'));
    expect(fp8).toBeGreaterThan(400_000);
    expect(kvCapacityTokens(config('H100-80GB', 2, 'bf16'))).toBeLessThan(fp8 / 20);
    expect(kvCapacityTokens(config('H100-80GB', 1, 'bf16'))).toBe(0);
  });

  it('names a config by its precision when it is not bf16', () => {
    expect(config('H200', 1, 'fp8').id).toBe('Llama-2-70B/H200/tp1/1980/mixed/fp8');
    expect(configId({ model: 'Llama-2-70B', gpu: 'H200', tp: 1, clockMHz: 1980, role: 'mixed', precision: 'bf16' })).toBe('Llama-2-70B/H200/tp1/1980/mixed');
  });
});

describe('precision in the analytic model', () => {
  it('reads half the bytes in a memory-bound FP8 decode step, and runs its GEMMs at the FP8 peak', () => {
    const bf16 = decodeStep(point('H200', 4, 'bf16'), 8, 1000).time;
    const fp8 = decodeStep(point('H200', 4, 'fp8'), 8, 1000).time;
    expect(fp8.memoryMs / bf16.memoryMs).toBeCloseTo(0.5, 6);
    const preBf16 = prefillStep(point('H200', 4, 'bf16'), 8192, 128).time;
    const preFp8 = prefillStep(point('H200', 4, 'fp8'), 8192, 128).time;
    // GEMMs at twice the peak; the short prompts' attention stays 16-bit.
    expect(preFp8.computeMs / preBf16.computeMs).toBeGreaterThan(0.5);
    expect(preFp8.computeMs / preBf16.computeMs).toBeLessThan(0.56);
  });

  it('refuses a precision the GPU has no tensor cores for', () => {
    expect(() => decodeStep(point('H100-80GB', 2, 'fp4'), 8, 1000)).toThrow(/fp4/);
  });
});
