/**
 * The analytic model against published measurements (published-figures.md §8.3 check points and
 * SplitwiseSim's perf_model.csv, read from ../shared; the product itself never reads it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getGpu, getModel, resolveGpuId, resolveModelId, type GpuId } from '../../src/catalog/index.js';
import { decodeStep, prefillStep } from '../../src/profiles/index.js';

const llama = getModel('Llama-2-70B');
const at = (gpu: GpuId, tp: number, clockMHz?: number) => ({ model: llama, gpu: getGpu(gpu), tp, clockMHz: clockMHz ?? getGpu(gpu).clockMHz.max.value });
const within = (value: number, published: number, tol: number) => Math.abs(value / published - 1) <= tol;

describe('analytic model check points (§8.3)', () => {
  it('#1/#2 decode TBT at batch 1: A100 TP4 45.0 ms, H100 TP4 29.7 ms (±15 %)', () => {
    expect(within(decodeStep(at('A100-80GB', 4), 1, 600).time.totalMs, 45.0, 0.15)).toBe(true);
    expect(within(decodeStep(at('H100-80GB', 4), 1, 600).time.totalMs, 29.7, 0.15)).toBe(true);
  });

  it('#3 decode grows with batch: A100 TP8 B=32 vs B=1 = 1.18× (±10 %)', () => {
    const ratio = decodeStep(at('A100-80GB', 8), 32, 576).time.totalMs / decodeStep(at('A100-80GB', 8), 1, 576).time.totalMs;
    expect(within(ratio, 1.18, 0.1)).toBe(true);
  });

  it('#4 prefill of 2,048 tokens: A100 TP8 274 ms, H100 TP8 137 ms, H100 TP2 310 ms (±25 %)', () => {
    expect(within(prefillStep(at('A100-80GB', 8), 2048).time.totalMs, 274, 0.25)).toBe(true);
    expect(within(prefillStep(at('H100-80GB', 8), 2048).time.totalMs, 137, 0.25)).toBe(true);
    expect(within(prefillStep(at('H100-80GB', 2), 2048).time.totalMs, 310, 0.25)).toBe(true);
  });

  it('#6 decode power per GPU on A100 at batch 1: TP2 294 W, TP4 240 W, TP8 174 W (±15 %)', () => {
    for (const [tp, watts] of [[2, 294], [4, 240], [8, 174]] as const) {
      expect(within(decodeStep(at('A100-80GB', tp), 1, 600).powerW / tp, watts, 0.15)).toBe(true);
    }
  });

  it('#8 H100 2.0 → 1.6 GHz in decode: same throughput (±5 %), energy ≤ 0.85×', () => {
    const hi = decodeStep(at('H100-80GB', 8), 16, 1000);
    const lo = decodeStep(at('H100-80GB', 8, 1600), 16, 1000);
    expect(within(lo.time.totalMs, hi.time.totalMs, 0.05)).toBe(true);
    expect((lo.powerW * lo.time.totalMs) / (hi.powerW * hi.time.totalMs)).toBeLessThanOrEqual(0.85);
  });

  it('#9 A100 prefill peak power drops 15–30 % from 1410 to 1110 MHz while prefill slows', () => {
    const hi = prefillStep(at('A100-80GB', 8), 2048);
    const lo = prefillStep(at('A100-80GB', 8, 1110), 2048);
    const drop = 1 - lo.powerW / hi.powerW;
    expect(drop).toBeGreaterThanOrEqual(0.15);
    expect(drop).toBeLessThanOrEqual(0.3);
    expect(lo.time.totalMs).toBeGreaterThan(hi.time.totalMs);
  });

  it('clock is a real dimension: lower clock slows prefill, leaves decode near-flat, cuts power', () => {
    const gpu = getGpu('H100-80GB');
    const fast = at('H100-80GB', 8);
    const slow = at('H100-80GB', 8, 0.6 * gpu.clockMHz.max.value);
    expect(prefillStep(slow, 2048).time.totalMs).toBeGreaterThan(1.3 * prefillStep(fast, 2048).time.totalMs);
    expect(decodeStep(slow, 8, 1000).time.totalMs).toBeLessThan(1.1 * decodeStep(fast, 8, 1000).time.totalMs);
    expect(decodeStep(slow, 8, 1000).powerW).toBeLessThan(decodeStep(fast, 8, 1000).powerW);
  });

  it('a power cap lowers the effective clock instead of exceeding the cap', () => {
    const capped = prefillStep({ ...at('H100-80GB', 2), powerCapW: 350 }, 4096);
    expect(capped.powerW / 2).toBeLessThanOrEqual(350 + 1e-9);
    expect(capped.effectiveClockMHz).toBeLessThan(getGpu('H100-80GB').clockMHz.max.value);
  });
});

const PERF = new URL('../../../shared/reference/splitwise-sim/perf_model_medians.derived.csv', import.meta.url);

describe.runIf(existsSync(PERF))('analytic model vs SplitwiseSim perf_model.csv', () => {
  it('median absolute error ≤ 15 % over the covered, non-anomalous rows', () => {
    const [header, ...lines] = readFileSync(PERF, 'utf8').trim().split('\n');
    const cols = (header ?? '').split(',');
    const col = (name: string) => cols.indexOf(name);
    const errors: number[] = [];
    for (const line of lines) {
      const f = line.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((s) => s.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
      const note = f[col('note')] ?? '';
      if (note.includes('synthetic') || note.includes('suspect')) continue;
      const gpu = resolveGpuId(f[col('hardware')] ?? '');
      const model = resolveModelId(f[col('model')] ?? '');
      if (!gpu || !model) continue;
      const tp = Number(f[col('tensor_parallel')]);
      const prompt = Number(f[col('prompt_size')]);
      const batch = Number(f[col('batch_size')]);
      const output = Number(f[col('token_size')]);
      const cfg = { model: getModel(model), gpu: getGpu(gpu), tp, clockMHz: getGpu(gpu).clockMHz.max.value };
      const prefill = prefillStep(cfg, prompt * batch, prompt).time.totalMs;
      const decode = decodeStep(cfg, batch, prompt + output / 2).time.totalMs;
      errors.push(Math.abs(prefill / Number(f[col('prompt_time_ms_median')]) - 1));
      errors.push(Math.abs(decode / Number(f[col('token_time_ms_median')]) - 1));
    }
    errors.sort((a, b) => a - b);
    const median = errors[Math.floor(errors.length / 2)] ?? 1;
    expect(errors.length).toBeGreaterThan(100);
    expect(median).toBeLessThanOrEqual(0.15);
  });
});
