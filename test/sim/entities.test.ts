/** Small data structures of the replay: finish heap, gap history (suffix maximum), wait queue, weighted choice, transitions. */
import { describe, expect, it } from 'vitest';
import { FinishHeap } from '../../src/sim/entities/finishHeap.js';
import { GapHistory } from '../../src/sim/entities/gapHistory.js';
import { IntQueue } from '../../src/sim/entities/intQueue.js';
import { planTransition, SOURCE_NEW, SOURCE_RESHARD } from '../../src/sim/entities/transition.js';
import type { PoolSpec } from '../../src/sim/entities/poolLayout.js';
import { WeightedChooser } from '../../src/sim/routing/weightedChooser.js';
import { nextCapLevel } from '../../src/sim/power/cappingPolicy.js';
import { capTargets } from '../../src/sim/power/capTargets.js';
import { ROLE } from '../../src/sim/entities/instance.js';
import { LogHistogram } from '../../src/sim/metrics/logHistogram.js';

describe('FinishHeap', () => {
  it('pops by finish iteration, ties by slot', () => {
    const h = new FinishHeap();
    [[5, 1], [3, 9], [5, 0], [1, 4], [3, 2]].forEach(([k, s]) => h.push(k as number, s as number));
    const out: [number, number][] = [];
    while (h.size > 0) {
      out.push([h.topKey(), h.topSlot()]);
      h.pop();
    }
    expect(out).toEqual([[1, 4], [3, 2], [3, 9], [5, 0], [5, 1]]);
  });
});

describe('GapHistory', () => {
  it('answers suffix maxima like a scan would', () => {
    const g = new GapHistory();
    const values = [5, 3, 4, 1, 2, 8, 1, 0.5, 0.7];
    const positions = values.map((v) => {
      const p = g.next;
      g.push(v);
      return p;
    });
    positions.forEach((p, i) => expect(g.maxSince(p)).toBe(Math.max(...values.slice(i))));
    expect(g.maxSince(g.next)).toBe(-Infinity);
  });
});

describe('IntQueue', () => {
  it('is first in, first out across growth and wrap-around', () => {
    const q = new IntQueue();
    const out: number[] = [];
    for (let i = 0; i < 40; i++) {
      q.push(i);
      if (i % 3 === 0) out.push(q.shift());
    }
    while (q.length > 0) out.push(q.shift());
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});

describe('WeightedChooser', () => {
  it('splits picks in proportion to the weights, deterministically', () => {
    const c = new WeightedChooser(Int32Array.from([10, 20, 30]), Float64Array.from([1, 2, 7]));
    const counts = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const p = c.pick();
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    expect([counts.get(10), counts.get(20), counts.get(30)]).toEqual([100, 200, 700]);
  });
});

describe('planTransition', () => {
  const spec = (configKey: string, shapeKey: string, familyKey: string, instances: number) => ({ configKey, shapeKey, familyKey, instances }) as unknown as PoolSpec;
  it('keeps same configs, re-clocks same shapes, re-shards same GPUs, drains the rest', () => {
    const existing = [
      { id: 0, configKey: 'A@1980', shapeKey: 'A', familyKey: 'F' },
      { id: 1, configKey: 'A@1980', shapeKey: 'A', familyKey: 'F' },
      { id: 2, configKey: 'B@1200', shapeKey: 'B', familyKey: 'G' },
      { id: 3, configKey: 'C@1980', shapeKey: 'C', familyKey: 'F' },
    ];
    const t = planTransition(existing, [spec('A@1980', 'A', 'F', 1), spec('B@1600', 'B', 'G', 2), spec('D@1980', 'D', 'F', 1)]);
    expect([...(t.sources[0] ?? [])]).toEqual([0]);
    expect([...(t.sources[1] ?? [])]).toEqual([2, SOURCE_NEW]);
    expect([...(t.sources[2] ?? [])]).toEqual([SOURCE_RESHARD]);
    expect(t.drained).toEqual([1, 3]);
  });
});

describe('capping decisions', () => {
  const levels = [{ atFraction: 0.8, clockFraction: 0.9 }, { atFraction: 0.89, clockFraction: 0.79 }];
  it('engages the highest threshold reached and releases only below the hysteresis', () => {
    expect(nextCapLevel(levels, 0, 0.79, 0.05)).toBe(0);
    expect(nextCapLevel(levels, 0, 0.85, 0.05)).toBe(1);
    expect(nextCapLevel(levels, 0, 0.95, 0.05)).toBe(2);
    expect(nextCapLevel(levels, 2, 0.86, 0.05)).toBe(2);
    expect(nextCapLevel(levels, 2, 0.83, 0.05)).toBe(1);
    expect(nextCapLevel(levels, 1, 0.76, 0.05)).toBe(1);
    expect(nextCapLevel(levels, 1, 0.7, 0.05)).toBe(0);
  });
  it('caps decode instances first, up to the share', () => {
    const t = capTargets([{ id: 0, role: ROLE.prefill }, { id: 1, role: ROLE.mixed }, { id: 2, role: ROLE.decode }, { id: 3, role: ROLE.decode }], 0.5);
    expect([...t].sort()).toEqual([2, 3]);
  });
});

describe('LogHistogram', () => {
  it('reads quantiles within 1 %', () => {
    const h = new LogHistogram();
    for (let i = 1; i <= 1000; i++) h.add(i);
    expect(h.quantile(0.5) / 500).toBeCloseTo(1, 1);
    expect(Math.abs(h.quantile(0.99) / 990 - 1)).toBeLessThan(0.011);
  });
});

describe('SimInvariantError', () => {
  it('names the simulated time, the instance and the request, and is an internal error', async () => {
    const { SimInvariantError } = await import('../../src/sim/index.js');
    const { InternalError } = await import('../../src/core/errors.js');
    const e = new SimInvariantError('a request finished twice', { timeS: 12.5, instance: 3, request: 77 });
    expect(e.message).toBe('replay invariant violated: a request finished twice (t=12.5 s, instance 3, request 77)');
    expect(e).toBeInstanceOf(InternalError);
  });
});
