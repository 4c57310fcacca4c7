import { describe, expect, it } from 'vitest';
import {
  clockGrid,
  editDistance,
  getGpu,
  getModel,
  gpuIds,
  gpuMemoryBytes,
  GPUS,
  isEstimate,
  kvBytesPerToken,
  listCited,
  listEstimates,
  modelIds,
  MODELS,
  resolveGpuId,
  resolveModelId,
  serverHostW,
  suggest,
  suggestGpuIds,
  suggestModelIds,
  weightBytes,
} from '../../src/catalog/index.js';

describe('ids and registries', () => {
  it('lists exactly the agreed ids', () => {
    expect([...gpuIds]).toEqual(['A100-80GB', 'H100-80GB', 'H200', 'B200', 'L40S']);
    expect([...modelIds]).toEqual(['Llama-2-70B', 'Llama-3.1-8B', 'Llama-3.1-70B', 'Mixtral-8x7B', 'BLOOM-176B']);
  });

  it('stores every entry under its own id', () => {
    for (const id of gpuIds) expect(getGpu(id).id).toBe(id);
    for (const id of modelIds) expect(getModel(id).id).toBe(id);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(GPUS)).toBe(true);
    expect(Object.isFrozen(getGpu('A100-80GB').tdpW)).toBe(true);
    expect(Object.isFrozen(getModel('Llama-2-70B').aliases)).toBe(true);
  });
});

describe('name resolution', () => {
  it('resolves every id, in any case', () => {
    for (const id of gpuIds) {
      expect(resolveGpuId(id)).toBe(id);
      expect(resolveGpuId(id.toLowerCase())).toBe(id);
      expect(resolveGpuId(id.toUpperCase())).toBe(id);
    }
    for (const id of modelIds) {
      expect(resolveModelId(id)).toBe(id);
      expect(resolveModelId(id.toLowerCase())).toBe(id);
      expect(resolveModelId(id.toUpperCase())).toBe(id);
    }
  });

  it('resolves every alias case-insensitively', () => {
    for (const id of gpuIds) {
      for (const alias of getGpu(id).aliases) {
        expect(resolveGpuId(alias)).toBe(id);
        expect(resolveGpuId(alias.toUpperCase())).toBe(id);
      }
    }
    for (const id of modelIds) {
      for (const alias of getModel(id).aliases) {
        expect(resolveModelId(alias)).toBe(id);
        expect(resolveModelId(alias.toUpperCase())).toBe(id);
      }
    }
  });

  it('understands SplitwiseSim, nvidia-smi and Hugging Face spellings', () => {
    expect(resolveGpuId('a100-80gb')).toBe('A100-80GB');
    expect(resolveGpuId('h100-80gb')).toBe('H100-80GB');
    expect(resolveGpuId('A100')).toBe('A100-80GB');
    expect(resolveGpuId('NVIDIA H100 80GB HBM3')).toBe('H100-80GB');
    expect(resolveGpuId('NVIDIA H200')).toBe('H200');
    expect(resolveGpuId('  l40s ')).toBe('L40S');
    expect(resolveModelId('llama2-70b')).toBe('Llama-2-70B');
    expect(resolveModelId('bloom-176b')).toBe('BLOOM-176B');
    expect(resolveModelId('meta-llama/Llama-2-70b-hf')).toBe('Llama-2-70B');
    expect(resolveModelId('meta-llama/Meta-Llama-3.1-8B-Instruct')).toBe('Llama-3.1-8B');
    expect(resolveModelId('mistralai/Mixtral-8x7B-v0.1')).toBe('Mixtral-8x7B');
    expect(resolveModelId('llama_2_70b')).toBe('Llama-2-70B');
  });

  it('does not guess', () => {
    // A power-capped H100 behaves differently; SplitwiseSim's 'h100-80gb-pcap' must not pass as a plain H100.
    expect(resolveGpuId('h100-80gb-pcap')).toBeUndefined();
    expect(resolveGpuId('A100-40GB')).toBeUndefined();
    expect(resolveGpuId('')).toBeUndefined();
    // Llama 3 (8K context) is not Llama 3.1 (128K context).
    expect(resolveModelId('llama3-70b')).toBeUndefined();
    expect(resolveModelId('H100')).toBeUndefined();
  });
});

describe('suggestions', () => {
  it("offers 'H100-80GB' for 'H100'", () => {
    expect(suggest('H100', gpuIds)).toContain('H100-80GB');
    expect(suggest('H100', gpuIds)[0]).toBe('H100-80GB');
  });

  it('ranks by edit distance and drops far-off names', () => {
    expect(suggest('Mixtral-8x7', modelIds)).toEqual(['Mixtral-8x7B']);
    expect(suggest('L40', gpuIds)).toContain('L40S');
    expect(suggest('zzzzzzzz', gpuIds)).toEqual([]);
    expect(suggest('', gpuIds)).toEqual([]);
    expect(suggest('B100', gpuIds, 1)).toHaveLength(1);
  });

  it('matches aliases and answers with ids', () => {
    expect(suggestGpuIds('a100-40gb')[0]).toBe('A100-80GB');
    expect(suggestModelIds('llama3-70b')).toContain('Llama-3.1-70B');
    expect(suggestModelIds('mixtral-8x22b')).toContain('Mixtral-8x7B');
  });

  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('h100', 'h100')).toBe(0);
  });
});

describe('citations', () => {
  const specs = [...Object.values(GPUS), ...Object.values(MODELS)];

  it('gives every number a non-empty source', () => {
    for (const spec of specs) {
      const entries = listCited(spec);
      expect(entries.length).toBeGreaterThan(8);
      for (const { path, cited } of entries) {
        expect(cited.source.trim().length, `${spec.id}.${path}`).toBeGreaterThan(5);
        if (cited.value !== null) expect(Number.isFinite(cited.value), `${spec.id}.${path}`).toBe(true);
      }
    }
  });

  it('covers every declared field', () => {
    // 14 GPU-level cited fields (on-demand price included) + min/max/step clocks + 3 server fields; A100 and L40S add a base clock.
    expect(listCited(getGpu('H100-80GB'))).toHaveLength(20);
    expect(listCited(getGpu('A100-80GB'))).toHaveLength(21);
    expect(listCited(getModel('Llama-2-70B'))).toHaveLength(9);
  });

  it('marks estimates and says why', () => {
    const estimates = listEstimates();
    expect(estimates.length).toBeGreaterThan(0);
    for (const e of estimates) expect(e.source.length, `${e.subject}.${e.field}`).toBeGreaterThan('estimate: '.length + 10);
    // Published figures must not be flagged as estimates.
    expect(isEstimate(getGpu('A100-80GB').embodiedKgCo2ePerGpu)).toBe(false);
    expect(isEstimate(getGpu('H100-80GB').embodiedKgCo2ePerGpu)).toBe(true);
    expect(isEstimate(getGpu('B200').clockMHz.max)).toBe(true);
    expect(estimates.some((e) => e.subject === 'A100-80GB')).toBe(false);
  });

  it('keeps the numbers the brief pins down', () => {
    const a100 = getGpu('A100-80GB');
    const h100 = getGpu('H100-80GB');
    expect(a100.minPowerLimitW.value).toBe(100);
    expect(h100.minPowerLimitW.value).toBe(200);
    expect(a100.embodiedKgCo2ePerGpu.value).toBe(318);
    expect([a100.server.nameplateW.value, h100.server.nameplateW.value]).toEqual([6500, 10_200]);
    expect([a100.server.idleW.value, h100.server.idleW.value]).toEqual([1500, 2800]);
    expect([a100.networkGbpsPerServer.value, h100.networkGbpsPerServer.value]).toEqual([200, 400]);
    expect(gpuIds.map((id) => getGpu(id).gpuLinkGBps.value)).toEqual([300, 450, 450, 900, 32]);
    expect(gpuIds.map((id) => getGpu(id).server.name)).toEqual(['DGX-A100', 'DGX-H100', 'HGX-H200', 'HGX-B200', '8xL40S']);
    expect(getModel('Mixtral-8x7B').activeParamsB.value).toBe(12.9);
  });
});

describe('derived quantities', () => {
  it('computes KV bytes per token from the real KV heads', () => {
    expect(kvBytesPerToken(getModel('Llama-2-70B'))).toBe(327_680);
    expect(kvBytesPerToken(getModel('BLOOM-176B'))).toBe(2 * 70 * 14336 * 2);
    expect(kvBytesPerToken(getModel('Llama-3.1-8B'))).toBe(131_072);
    expect(kvBytesPerToken(getModel('Mixtral-8x7B'))).toBe(131_072);
  });

  it('computes weight and memory bytes', () => {
    expect(weightBytes(getModel('Llama-2-70B'))).toBe(138e9);
    expect(weightBytes(getModel('Mixtral-8x7B'))).toBeCloseTo(93.4e9, -6);
    expect(gpuMemoryBytes(getGpu('H200'))).toBe(141e9);
  });

  it('builds clock grids that end at the maximum', () => {
    const a100 = getGpu('A100-80GB');
    const full = clockGrid(a100);
    expect(full[0]).toBe(210);
    expect(full.at(-1)).toBe(1410);
    expect(full).toHaveLength((1410 - 210) / 15 + 1);
    // DynamoLLM's H100 grid: 800–1800 MHz in 200 MHz steps plus the 1,980 MHz maximum.
    expect(clockGrid(getGpu('H100-80GB'), 200, 800)).toEqual([800, 1000, 1200, 1400, 1600, 1800, 1980]);
    expect(clockGrid(a100, 1000)).toEqual([210, 1210, 1410]);
    expect(clockGrid(a100, 100, 1410)).toEqual([1410]);
    expect(() => clockGrid(a100, 0)).toThrow(RangeError);
    expect(() => clockGrid(a100, Number.NaN)).toThrow(RangeError);
    expect(() => clockGrid(a100, 100, 2000)).toThrow(RangeError);
  });

  it('attributes a positive, plausible host power to every server', () => {
    expect(serverHostW(getGpu('A100-80GB'))).toBeCloseTo(1500 - 8 * 53.7, 6);
    for (const id of gpuIds) {
      const host = serverHostW(getGpu(id));
      expect(host, id).toBeGreaterThan(0);
      expect(host, id).toBeLessThan(getGpu(id).server.idleW.value);
    }
  });
});

describe('physical sanity', () => {
  it('orders power figures of each GPU', () => {
    for (const id of gpuIds) {
      const g = getGpu(id);
      expect(g.idleW.value, id).toBeLessThan(g.idleWithContextW.value);
      expect(g.idleWithContextW.value, id).toBeLessThan(g.tdpW.value);
      expect(g.minPowerLimitW.value, id).toBeLessThan(g.tdpW.value);
      expect(g.server.idleW.value, id).toBeLessThan(g.server.nameplateW.value);
      expect(g.server.gpusPerServer.value * g.tdpW.value, id).toBeLessThan(g.server.nameplateW.value);
      expect(g.server.gpusPerServer.value * g.idleW.value, id).toBeLessThan(g.server.idleW.value);
    }
  });

  it('orders clocks of each GPU', () => {
    for (const id of gpuIds) {
      const { min, max, step, base } = getGpu(id).clockMHz;
      expect(min.value, id).toBeLessThan(max.value);
      expect(step.value, id).toBeGreaterThan(0);
      // Settable clocks are min + k·step, so the range must be a whole number of steps.
      expect(Number.isInteger((max.value - min.value) / step.value), id).toBe(true);
      if (base) {
        expect(base.value, id).toBeGreaterThan(min.value);
        expect(base.value, id).toBeLessThan(max.value);
      }
    }
  });

  it('orders generations as published', () => {
    const a100 = getGpu('A100-80GB');
    const h100 = getGpu('H100-80GB');
    const h200 = getGpu('H200');
    const b200 = getGpu('B200');
    const l40s = getGpu('L40S');
    expect(h100.denseTflops16.value).toBeGreaterThan(a100.denseTflops16.value);
    expect(b200.denseTflops16.value).toBeGreaterThan(h100.denseTflops16.value);
    expect(h200.denseTflops16.value).toBeCloseTo(h100.denseTflops16.value, -1);
    expect(h200.memoryGB.value).toBeGreaterThan(h100.memoryGB.value);
    expect(h200.memoryTBps.value).toBeGreaterThan(h100.memoryTBps.value);
    expect(b200.memoryGB.value).toBeGreaterThan(h200.memoryGB.value);
    expect(b200.memoryTBps.value).toBeGreaterThan(h200.memoryTBps.value);
    expect(h100.memoryTBps.value).toBeGreaterThan(a100.memoryTBps.value);
    expect(l40s.memoryTBps.value).toBeLessThan(a100.memoryTBps.value);
    expect(a100.denseTflopsFp8.value).toBeNull();
    for (const g of [h100, h200, b200, l40s]) {
      // FP8 tensor throughput is twice FP16 on every part that has it (within datasheet rounding).
      const ratio = (g.denseTflopsFp8.value ?? 0) / g.denseTflops16.value;
      expect(ratio, g.id).toBeGreaterThan(1.95);
      expect(ratio, g.id).toBeLessThan(2.05);
    }
    expect(b200.tdpW.value).toBeGreaterThan(h100.tdpW.value);
    expect(l40s.gpuLinkGBps.value).toBeLessThan(a100.gpuLinkGBps.value);
    expect(h100.priceUsdPerGpuHour.value).toBeGreaterThan(a100.priceUsdPerGpuHour.value);
  });

  it('keeps model shapes consistent', () => {
    for (const id of modelIds) {
      const m = getModel(id);
      expect(m.hiddenSize.value, id).toBe(m.attentionHeads.value * m.headDim.value);
      expect(m.attentionHeads.value % m.kvHeads.value, id).toBe(0);
      expect(m.activeParamsB.value, id).toBeLessThanOrEqual(m.paramsB.value);
      expect(m.dtypeBytes.value, id).toBe(2);
      expect(Number.isInteger(m.maxContextTokens.value), id).toBe(true);
    }
    expect(getModel('BLOOM-176B').kvHeads.value).toBe(getModel('BLOOM-176B').attentionHeads.value);
    expect(getModel('Llama-2-70B').kvHeads.value).toBe(8);
    // A 70B model in FP16 never fits on one 80 GB GPU: TP ≥ 2 is forced.
    expect(weightBytes(getModel('Llama-2-70B'))).toBeGreaterThan(gpuMemoryBytes(getGpu('H100-80GB')));
  });
});
