import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cheapestByDemand, costSensitivity, paretoFront, plannedPoints } from '../../src/sweep/analysis.js';
import { handMadeSweep } from '../helpers/sweepRows.js';

describe('sweep analysis', () => {
  it('the frontier is exactly the points no other point beats on both cost and energy', () => {
    const point = fc.record({ costUsd: fc.integer({ min: 0, max: 20 }), energyKWh: fc.integer({ min: 0, max: 20 }) });
    fc.assert(fc.property(fc.array(point, { maxLength: 25 }), (raw) => {
      const points = raw.map((p, i) => ({ ...p, id: `v${String(i).padStart(4, '0')}` }));
      const front = paretoFront(points);
      const dominated = (p: (typeof points)[number]) => points.some((q) => q.costUsd <= p.costUsd && q.energyKWh <= p.energyKWh && (q.costUsd < p.costUsd || q.energyKWh < p.energyKWh));
      // Every undominated (cost, energy) pair appears once; nothing dominated does.
      const expected = new Set(points.filter((p) => !dominated(p)).map((p) => `${p.costUsd},${p.energyKWh}`));
      expect(new Set(front.map((p) => `${p.costUsd},${p.energyKWh}`))).toEqual(expected);
      expect(front).toHaveLength(expected.size);
    }));
  });

  it('per demand level the cheapest variant; per axis the spread of mean costs', () => {
    const { definition, rows } = handMadeSweep();
    const points = plannedPoints(definition, rows);
    expect(points.map((p) => p.id)).toEqual(['v0000', 'v0001', 'v0002', 'v0003']);
    expect(cheapestByDemand(points).map((p) => p.id)).toEqual(['v0000', 'v0002']);
    const [first, second] = costSensitivity(definition, rows);
    // Demand: means 1100 and 1600 (12 req/s failed, not counted); price: 1250 and 1450; overall mean 1350.
    expect(first).toMatchObject({ axis: 'services[0].demand.meanRps', lowCostUsd: 1100, highCostUsd: 1600 });
    expect(first?.swing).toBeCloseTo(500 / 1350, 12);
    expect(second).toMatchObject({ axis: 'prices.gpuHourUsd.H100-80GB', lowCostUsd: 1250, highCostUsd: 1450 });
    expect(first?.levels.map((l) => [l.value, l.variants])).toEqual([['6', 2], ['9', 2]]);
  });
});
