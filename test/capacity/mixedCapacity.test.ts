import { describe, expect, it } from 'vitest';
import { configId, kvCapacityTokens, mixedCapacity, sloTargetsMs, waitQuantile, type Config } from '../../src/capacity/index.js';
import { getGpu, type GpuId } from '../../src/catalog/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const config = (gpu: GpuId, tp: number, clockMHz?: number): Config => {
  const c = { model: 'Llama-2-70B' as const, gpu, tp, clockMHz: clockMHz ?? getGpu(gpu).clockMHz.max.value, role: 'mixed' as const };
  return { ...c, id: configId(c) };
};
const cls = (o: Parameters<typeof tinyScenario>[0] = {}) => {
  const s = tinyScenario(o);
  const c = s.classes[0];
  if (!c) throw new Error('no class');
  return { c, slo: sloTargetsMs(c, analyticStepModel) };
};
const capacityOf = (cfg: Config, o: Parameters<typeof tinyScenario>[0] = {}) => {
  const { c, slo } = cls(o);
  return mixedCapacity({ config: cfg, cls: c, slo, steps: analyticStepModel });
};

describe('mixed-instance SLO capacity', () => {
  it('grows when the TBT or TTFT SLO is loosened', () => {
    const h = config('H100-80GB', 8);
    const tight = capacityOf(h, { tbtMs: 60, ttftMs: 2000 });
    const looseTbt = capacityOf(h, { tbtMs: 120, ttftMs: 2000 });
    const looseTtft = capacityOf(h, { tbtMs: 60, ttftMs: 8000 });
    expect(tight.maxRps).toBeGreaterThan(0);
    expect(looseTbt.maxRps).toBeGreaterThanOrEqual(tight.maxRps);
    expect(looseTtft.maxRps).toBeGreaterThanOrEqual(tight.maxRps);
    expect(Math.max(looseTbt.maxRps, looseTtft.maxRps)).toBeGreaterThan(tight.maxRps);
  });

  it('grows with clock for a prefill-bound class (TTFT binds)', () => {
    const opts = { inputMean: 3000, outputMean: 20, ttftMs: 900, tbtMs: 500 };
    const slow = capacityOf(config('H100-80GB', 8, 1200), opts);
    const fast = capacityOf(config('H100-80GB', 8), opts);
    expect(fast.binding).toBe('ttft');
    expect(fast.maxRps).toBeGreaterThan(slow.maxRps);
  });

  it('is zero with the reason when the SLO is below the unloaded latency', () => {
    const h = config('H100-80GB', 8);
    const ttft = capacityOf(h, { ttftMs: 20 });
    expect(ttft.maxRps).toBe(0);
    expect(ttft.binding).toBe('ttft-unloaded');
    const tbt = capacityOf(h, { tbtMs: 5 });
    expect(tbt.maxRps).toBe(0);
    expect(tbt.binding).toBe('tbt-unloaded');
  });

  it('reports the KV cache as binding when memory, not latency, limits the batch', () => {
    const r = capacityOf(config('A100-80GB', 2), { inputMean: 3000, outputMean: 1500, ttftMs: 60000, tbtMs: 1000 });
    expect(r.binding).toBe('kv-memory');
    expect(r.batchAtCapacity * (3000 + 750)).toBeLessThanOrEqual(kvCapacityTokens(config('A100-80GB', 2)));
  });

  it('gives more KV room with more TP and none when the weights do not fit', () => {
    expect(kvCapacityTokens(config('H100-80GB', 1))).toBe(0);
    const tp2 = kvCapacityTokens(config('H100-80GB', 2));
    const tp4 = kvCapacityTokens(config('H100-80GB', 4));
    const tp8 = kvCapacityTokens(config('H100-80GB', 8));
    expect(tp2).toBeGreaterThan(0);
    expect(tp4).toBeGreaterThan(tp2);
    expect(tp8).toBeGreaterThan(tp4);
    expect(tp8 % 16).toBe(0);
  });

  it('draws more power at capacity than idle, and less than the instance TDP', () => {
    const r = capacityOf(config('H100-80GB', 8));
    expect(r.powerAtCapacityW).toBeGreaterThan(8 * getGpu('H100-80GB').idleW.value);
    expect(r.powerAtCapacityW).toBeLessThanOrEqual(8 * getGpu('H100-80GB').tdpW.value);
  });
});

describe('prefill queueing delay quantile', () => {
  it('is zero while the queue is empty with probability ≥ the percentile, and grows with load', () => {
    expect(waitQuantile(0.005, 0.1, 99)).toBe(0);
    const a = waitQuantile(0.3, 0.1, 99);
    const b = waitQuantile(0.6, 0.1, 99);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(waitQuantile(0.6, 0.1, 90)).toBeLessThan(b);
  });
});
