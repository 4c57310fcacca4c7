/** Grid lookups: exact at rows, piecewise-linear between them, monotone, clamped (and flagged) outside. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { indexProfileTable, profileTableFromRows, tableStepModel, type ProfileRow } from '../../src/profiles/index.js';

const model = getModel('Llama-2-70B');
const gpu = getGpu('A100-80GB');
const row = (phase: 'prefill' | 'decode', freqMHz: number, batchSize: number, tokens: number, latencyMs: number, powerW: number): ProfileRow => ({
  model: 'Llama-2-70B', gpu: 'A100-80GB', tp: 8, freqMHz, phase, batchSize, tokens, latencyMs, powerW, source: 'test',
});

/** A SplitwiseSim-shaped decode table: a batch sweep at one context crossed with a context sweep at batch 1. */
const cross = [
  row('decode', 1410, 1, 192, 43, 1300), row('decode', 1410, 1, 576, 45, 1350), row('decode', 1410, 1, 8256, 46.5, 1400),
  row('decode', 1410, 8, 576, 46.5, 1400), row('decode', 1410, 32, 576, 53, 1500), row('decode', 1410, 64, 576, 71.6, 1600),
  row('decode', 1010, 1, 576, 47, 1000), row('decode', 1010, 64, 576, 75, 1200),
  row('prefill', 1410, 1, 512, 94, 2400), row('prefill', 1410, 1, 2048, 274, 3200), row('prefill', 1410, 4, 2048, 250, 3150),
  row('prefill', 1410, 8, 4096, 700, 3250),
];
const steps = tableStepModel([indexProfileTable(profileTableFromRows(cross, 'cross.csv'), 'imported')]);
const at = (clockMHz: number, powerCapW?: number) => ({ model, gpu, tp: 8, clockMHz, ...(powerCapW ? { powerCapW } : {}) });

describe('ragged grid lookups', () => {
  it('returns the rows exactly at grid points, unclamped', () => {
    for (const r of cross.filter((x) => x.phase === 'decode')) {
      const s = steps.decode(at(r.freqMHz), r.batchSize, r.tokens);
      expect(s.time.totalMs).toBe(r.latencyMs);
      expect(s.powerW).toBe(r.powerW);
      expect(s.clamped).toBeUndefined();
    }
    expect(steps.prefill(at(1410), 2048).time.totalMs).toBe(274);
    expect(steps.prefill(at(1410), 2048, 512).time.totalMs).toBe(250);
  });

  it('interpolates linearly between rows: batch, context, clock (latency in 1/clock), prompt share', () => {
    expect(steps.decode(at(1410), 20, 576).time.totalMs).toBeCloseTo(46.5 + (12 / 24) * (53 - 46.5), 12);
    expect(steps.decode(at(1410), 1, 384).time.totalMs).toBeCloseTo(44, 12);
    const w = (1 / 1210 - 1 / 1010) / (1 / 1410 - 1 / 1010);
    expect(steps.decode(at(1210), 1, 576).time.totalMs).toBeCloseTo(47 + w * (45 - 47), 12);
    expect(steps.decode(at(1210), 1, 576).powerW).toBeCloseTo(1175, 9);
    // 2 prompts of 1,024 tokens: halfway (in prompt share 1/2) between 4 prompts (1/4) and 1 prompt (1).
    expect(steps.prefill(at(1410), 2048, 1024).time.totalMs).toBeCloseTo(250 + ((0.5 - 0.25) / 0.75) * 24, 12);
  });

  it('clamps outside the range and says on which axis', () => {
    expect(steps.decode(at(1410), 128, 576).clamped).toEqual(['batch-above']);
    expect(steps.decode(at(1410), 128, 576).time.totalMs).toBe(71.6);
    // Batch 8 was only measured at context 576: a longer context is clamped to it, and reported.
    expect(steps.decode(at(1410), 8, 4000).clamped).toEqual(['context-above']);
    // A clock outside the table's range is a config the table lacks: the next source answers, and says so.
    expect(steps.decode(at(800), 1, 576).clamped).toBeUndefined();
    expect(steps.sourceOf(at(800))).toMatch(/decode: analytic model .*cross\.csv covers only 1010–1410 MHz, not 800 MHz/);
    expect(steps.prefill(at(1410), 100).clamped).toEqual(['tokens-below']);
    // 16 prompts of 128 tokens at 2,048: the table's smallest prompt share there is 1/4.
    expect(steps.prefill(at(1410), 2048, 128).clamped).toEqual(['tokens-per-prompt-below']);
  });

  it('is monotone in batch and context where the rows are', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 64, noNaN: true }), fc.double({ min: 1, max: 64, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return steps.decode(at(1410), lo, 576).time.totalMs <= steps.decode(at(1410), hi, 576).time.totalMs + 1e-12;
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 192, max: 8256, noNaN: true }), fc.double({ min: 192, max: 8256, noNaN: true }), (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return steps.decode(at(1410), 1, lo).time.totalMs <= steps.decode(at(1410), 1, hi).time.totalMs + 1e-12;
      }),
    );
  });

  it('under a power cap picks the clock where the table power meets the cap', () => {
    // Decode batch 64 at context 576: 1,200 W at 1,010 MHz, 1,600 W at 1,410 MHz; a cap of 175 W × 8 GPUs = 1,400 W.
    const s = steps.decode(at(1410, 175), 64, 576);
    expect(s.effectiveClockMHz).toBeCloseTo(1210, 9);
    expect(s.powerW).toBeCloseTo(1400, 9);
    expect(s.clamped).toBeUndefined();
    const tooLow = steps.decode(at(1410, 100), 64, 576);
    expect(tooLow.clamped).toEqual(['clock-below']);
    expect(tooLow.powerW).toBe(800);
  });
});
