/** Pool headroom (issue 18 item 6): each config's pools at its peak window, and the latency room their classes had there. */
import { describe, expect, it } from 'vitest';
import type { PlanRow } from '../../src/plan/index.js';
import { cellSlacks, poolHeadroom } from '../../src/repair/poolHeadroom.js';
import type { ClassWindowResult } from '../../src/sim/index.js';

const row = (window: number, gpu: string, instances: number, rates: Record<string, number>, role: PlanRow['role'] = 'mixed'): PlanRow => ({
  window,
  windowStart: `2024-05-13T${String(window).padStart(2, '0')}:00:00.000Z`,
  model: 'Llama-2-70B',
  gpu,
  tp: 8,
  clockMHz: 1980,
  role,
  pool: 'shared',
  stack: 'vllm-2023',
  precision: 'bf16',
  instances,
  gpus: instances * 8,
  ratesRps: rates,
  utilization: 0.5,
  meanPowerKW: 1,
  energyKWh: 1,
  costUsd: 1,
  carbonKg: 1,
});

describe('poolHeadroom', () => {
  const rows = [
    row(0, 'H100-80GB', 2, { a: 1, b: 0 }),
    row(1, 'H100-80GB', 5, { a: 3, b: 1 }),
    row(1, 'A100-80GB', 1, { b: 1 }),
    row(2, 'A100-80GB', 3, { b: 2 }),
    row(2, 'H100-80GB', 0, {}, 'idle'),
  ];
  // Window 3 was replayed through window 1 (same demand and pools), window 2 through itself.
  const cells = [
    { window: 0, classId: 'a', overTarget: 0.2 },
    { window: 1, classId: 'a', overTarget: 0.9 },
    { window: 1, classId: 'b', overTarget: 0.6 },
    { window: 2, classId: 'b', overTarget: 0.4 },
  ];

  it('judges each config at its peak window, over the worst class it served there, most headroom first', () => {
    const h = poolHeadroom(rows, cells, (w) => w);
    expect(h.map((p) => [p.pool, p.window, p.instances, p.classes, p.judgedClasses])).toEqual([
      ['Llama-2-70B/A100-80GB/tp8/1980/mixed', 2, 3, ['b'], 1],
      ['Llama-2-70B/H100-80GB/tp8/1980/mixed', 1, 5, ['a', 'b'], 2],
    ]);
    expect(h[0]?.latencyHeadroom).toBeCloseTo(0.6, 12);
    // H100's peak (window 1) served a (0.9 of target) and b (0.6): the worst is a.
    expect(h[1]?.latencyHeadroom).toBeCloseTo(0.1, 12);
  });

  it('reads a window replayed through its group representative, and says when no class was judged', () => {
    const moved = rows.map((r) => (r.window === 1 ? { ...r, window: 3 } : r));
    const h = poolHeadroom(moved, cells, (w) => (w === 3 ? 1 : w));
    expect(h.find((p) => p.pool.includes('H100'))?.latencyHeadroom).toBeCloseTo(0.1, 12);
    const none = poolHeadroom(rows, [], (w) => w);
    expect(none.every((p) => p.latencyHeadroom === null && p.judgedClasses === 0)).toBe(true);
  });

  it('keeps only judgeable cells, over every metric the cell judged', () => {
    const base = { window: 0, completed: 100, lowSample: false, ttftOverTargetAtSlo: 0.5, tbtOverTargetAtSlo: 0.7 } as const;
    const slacks = cellSlacks([
      { ...base, classId: 'a' },
      { ...base, classId: 'b', lowSample: true },
      { ...base, classId: 'c', completed: 0 },
      { ...base, classId: 'd', itl: { metric: 'itl', percentile: 99, targetMs: 100, samples: 1000, met: 990, attainment: 0.99, missPValue: 0.5, atSloMs: 120 } },
    ] as unknown as ClassWindowResult[]);
    expect(slacks).toEqual([
      { window: 0, classId: 'a', overTarget: 0.7 },
      { window: 0, classId: 'd', overTarget: 1.2 },
    ]);
  });
});
