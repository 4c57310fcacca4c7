import { describe, expect, it } from 'vitest';
import { classCapacity, configId, kvTransferMs, kvTransferBytes, sloTargetsMs, type Config } from '../../src/capacity/index.js';
import { getGpu, getModel, type GpuId } from '../../src/catalog/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import type { Role } from '../../src/scenario/index.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const config = (role: Role, gpu: GpuId = 'H100-80GB', tp = 8, clockMHz?: number): Config => {
  const c = { model: 'Llama-2-70B' as const, gpu, tp, clockMHz: clockMHz ?? getGpu(gpu).clockMHz.max.value, role };
  return { ...c, id: configId(c) };
};
const cap = (cfg: Config, o: TinyOptions = {}, chunkedPrefill = false) => {
  const cls = tinyScenario(o).classes[0];
  if (!cls) throw new Error('no class');
  return classCapacity({ config: cfg, cls, slo: sloTargetsMs(cls, analyticStepModel), steps: analyticStepModel }, { chunkedPrefill });
};

describe('capacity by role', () => {
  it('a split pool serves more of its phase than a mixed instance serves of the whole request', () => {
    const o = { ttftMs: 3000, tbtMs: 80 };
    const mixed = cap(config('mixed'), o).maxRps;
    expect(cap(config('prefill'), o).maxRps).toBeGreaterThan(mixed);
    expect(cap(config('decode'), o).maxRps).toBeGreaterThan(mixed);
  });

  it('decode capacity: limited by TBT, grows with a looser TBT SLO, and is nearly flat in clock', () => {
    const tight = cap(config('decode'), { tbtMs: 40 });
    const loose = cap(config('decode'), { tbtMs: 80 });
    expect(tight.binding).toBe('tbt');
    expect(loose.maxRps).toBeGreaterThan(tight.maxRps);
    const slow = cap(config('decode', 'H100-80GB', 8, 1200), { tbtMs: 80 });
    expect(slow.maxRps).toBeGreaterThan(0.9 * loose.maxRps);
    expect(slow.powerAtCapacityW).toBeLessThan(loose.powerAtCapacityW);
  });

  it('decode capacity: KV memory binds on small TP with long contexts, and more TP gives more room', () => {
    const o = { inputMean: 4000, outputMean: 2000, tbtMs: 1000 };
    const tp2 = cap(config('decode', 'H100-80GB', 2), o);
    const tp4 = cap(config('decode', 'H100-80GB', 4), o);
    expect(tp2.binding).toBe('kv-memory');
    expect(tp4.batchAtCapacity).toBeGreaterThan(tp2.batchAtCapacity);
  });

  it('prefill capacity: TTFT binds, grows with clock, and includes the KV transfer', () => {
    const o = { inputMean: 2000, ttftMs: 800 };
    const fast = cap(config('prefill'), o);
    const slow = cap(config('prefill', 'H100-80GB', 8, 1200), o);
    expect(fast.binding).toBe('ttft');
    expect(fast.maxRps).toBeGreaterThan(slow.maxRps);
    const alone = analyticStepModel.prefill({ model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp: 8, clockMHz: 1980 }, 2000).time.totalMs;
    expect(alone).toBeGreaterThan(0);
    const zero = cap(config('prefill'), { inputMean: 2000, ttftMs: alone + kvTransferMs('Llama-2-70B', 2000, 'H100-80GB', 'H100-80GB') - 1 });
    expect(zero.maxRps).toBe(0);
    expect(zero.binding).toBe('ttft-unloaded');
  });

  it('chunked prefill trades TBT stalls for slower iterations: the TBT-bound mixed capacity changes', () => {
    const o = { inputMean: 3000, outputMean: 100, ttftMs: 5000, tbtMs: 60 };
    const stall = cap(config('mixed'), o, false);
    const chunk = cap(config('mixed'), o, true);
    expect(stall.binding).toBe('tbt');
    expect(chunk.maxRps).toBeGreaterThan(0);
    expect(chunk.maxRps).not.toBeCloseTo(stall.maxRps, 3);
  });
});

describe('KV transfer', () => {
  it('moves 327,680 bytes per prompt token of Llama-2-70B, with Splitwise’s layer-wise residue for long prompts', () => {
    expect(kvTransferBytes('Llama-2-70B', 1500)).toBe(1500 * 327_680);
    // Layer-wise: Splitwise's residues, 8 ms at 200 Gbps (A100 machines) and 5 ms at 400 Gbps (H100).
    expect(kvTransferMs('Llama-2-70B', 1500, 'A100-80GB', 'A100-80GB')).toBeCloseTo(8, 9);
    expect(kvTransferMs('Llama-2-70B', 1500, 'H100-80GB', 'H100-80GB')).toBeCloseTo(5, 9);
    // Short prompts go serialized: bytes / link speed.
    expect(kvTransferMs('Llama-2-70B', 256, 'A100-80GB', 'A100-80GB')).toBeCloseTo(((256 * 327_680 * 8) / 200e9) * 1e3, 9);
  });
});
