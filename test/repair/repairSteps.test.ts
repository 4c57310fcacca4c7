import { describe, expect, it } from 'vitest';
import type { CapacityTable } from '../../src/capacity/index.js';
import type { PlanRow } from '../../src/plan/index.js';
import { DerateTable } from '../../src/repair/index.js';
import { MAX_STEP, tightenMissedCells } from '../../src/repair/tightenMissedCells.js';
import type { SloFailure } from '../../src/sim/index.js';

const CONFIG = { id: 'Llama-2-70B/H100-80GB/tp8/1980/mixed', model: 'Llama-2-70B', gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'mixed' } as const;
const capacity = { configs: [CONFIG], rows: [{ configId: CONFIG.id, classId: 'a/SS', maxRps: 10 }, { configId: CONFIG.id, classId: 'a/MS', maxRps: 5 }] } as unknown as CapacityTable;
const ctx = { capacity, classIds: ['a/SS', 'a/MS'], maxUtilization: 0.9 };

function row(window: number, instances: number, rates: Record<string, number>): PlanRow {
  const utilization = ((rates['a/SS'] ?? 0) / 10 + (rates['a/MS'] ?? 0) / 5) / instances;
  return { window, windowStart: '', model: CONFIG.model, gpu: CONFIG.gpu, tp: 8, clockMHz: 1980, role: 'mixed', pool: 'shared', stack: 'vllm-2023', precision: 'bf16', instances, gpus: 8 * instances, ratesRps: rates, utilization, meanPowerKW: 0, energyKWh: 0, costUsd: 0, carbonKg: 0 };
}

function failure(window: number, classId: string, metric: 'ttft' | 'tbt', over: number): SloFailure {
  return { window, windowStart: '', classId, requests: 1000, metrics: [metric], missPValue: 0, ttftAtSloMs: 0, ttftOverTargetAtSlo: metric === 'ttft' ? over : 0.5, ttftTargetMs: 0, tbtAtSloMs: 0, tbtOverTargetAtSlo: metric === 'tbt' ? over : 0.5 } as unknown as SloFailure;
}

describe('the capacity corrections of the repair loop', () => {
  it('only grow, and tell windows with different corrections apart', () => {
    const d = new DerateTable();
    expect(d.factor(3, CONFIG.id, 0)).toBe(1);
    expect(d.signature(3)).toBe('');
    d.tighten(3, CONFIG.id, 0, 1.2);
    d.tighten(3, CONFIG.id, 0, 1.5);
    expect(d.factor(3, CONFIG.id, 0)).toBeCloseTo(1.8, 12);
    expect(d.factor(4, CONFIG.id, 0)).toBe(1);
    expect(d.signature(3)).not.toBe(d.signature(4));
    expect(() => d.tighten(3, CONFIG.id, 0, 0.9)).toThrow(/factor ≥ 1/);
  });

  it('divide a saturated pool\'s capacity by half the measured latency over target, in log terms', () => {
    // 9 instances at 0.9 of capacity: a ×1.21 TPOT miss divides the class's capacity by 1.1.
    const d = new DerateTable();
    const rows = [row(14, 9, { 'a/SS': 40, 'a/MS': 20.5 })];
    expect(rows[0]?.utilization).toBeCloseTo(0.9, 12);
    tightenMissedCells([failure(14, 'a/MS', 'tbt', 1.21)], rows, (w) => [w, w + 24], d, ctx);
    expect(d.factor(14, CONFIG.id, 1)).toBeCloseTo(1.1, 12);
    // The windows of the failing window's group share the correction.
    expect(d.factor(38, CONFIG.id, 1)).toBeCloseTo(1.1, 12);
    // The pool misses as a whole: the other class it served is corrected by the same measure.
    expect(d.factor(14, CONFIG.id, 0)).toBeCloseTo(1.1, 12);
    expect(d.factor(15, CONFIG.id, 0)).toBe(1);
  });

  it('tighten a lightly loaded pool until it must change, within one round\'s bound', () => {
    // One instance at 30 % of its capacity missing TTFT by ×1.1: dividing by 1.1 changes nothing; the
    // correction makes the class's load alone exceed what one instance may carry.
    const d = new DerateTable();
    const rows = [row(2, 1, { 'a/SS': 3 })];
    tightenMissedCells([failure(2, 'a/SS', 'ttft', 1.1)], rows, (w) => [w], d, ctx);
    const f = d.factor(2, CONFIG.id, 0);
    expect(f).toBeLessThanOrEqual(MAX_STEP);
    expect((3 * f) / 10).toBeGreaterThan(0.9);
  });
});

describe('cells of one window sharing classes', () => {
  it('correct each class once, by the largest step', () => {
    const d = new DerateTable();
    const rows = [row(14, 9, { 'a/SS': 40, 'a/MS': 20.5 })];
    const n = tightenMissedCells([failure(14, 'a/MS', 'tbt', 1.21), failure(14, 'a/SS', 'tbt', 1.44)], rows, (w) => [w], d, ctx);
    expect(n).toBe(2);
    expect(d.factor(14, CONFIG.id, 0)).toBeCloseTo(1.2, 12);
    expect(d.factor(14, CONFIG.id, 1)).toBeCloseTo(1.2, 12);
  });
});
