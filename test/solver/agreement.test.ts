/**
 * Cross-backend agreement on seeded random MILPs (no hand-worked optimum: the three independent
 * solvers check each other), and time-limit behaviour on a MILP none of them can finish in time.
 */
import { describe, expect, it } from 'vitest';
import { backendCapabilities, backendNames, isPrimalFeasible, solve } from '../../src/solver/index.js';
import { hardKnapsack, near, randomMilp } from './fixtures.js';

const SIZES = [
  { label: '16 columns', size: { ints: 10, conts: 6, rows: 8 }, seeds: [1, 2, 3, 4, 5, 6] },
  { label: '60 columns', size: { ints: 40, conts: 20, rows: 25 }, seeds: [1, 2, 3, 4] },
];

describe.each(SIZES)('random MILPs with $label: all backends agree within the gap', ({ size, seeds }) => {
  it.each(seeds)('seed %i', async (seed) => {
    const model = randomMilp(seed, size);
    const sf = model.toStandardForm();
    const mipRelGap = 1e-4;
    const objectives: number[] = [];
    for (const backend of backendNames) {
      const r = await solve(model, { backend, mipRelGap });
      expect(r.termination, `${backend}: ${r.rawStatus}`).toBe('optimal');
      expect(isPrimalFeasible(sf, r.values()), `${backend} returned an infeasible point`).toBe(true);
      objectives.push(r.objective!);
    }
    const best = Math.max(...objectives);
    // Each backend may stop once within mipRelGap of its bound, so answers agree to that gap.
    for (const o of objectives) expect(near(o, best, mipRelGap)).toBe(true);
  });
});

describe.each(backendNames)('time limit: %s', (backend) => {
  it('stops with time_limit; an incumbent, if any, is feasible and inside the bound', async () => {
    const model = hardKnapsack(1);
    const limit = 0.5;
    const r = await solve(model, { backend, timeLimitSec: limit, mipRelGap: 0 });
    expect(r.termination, r.rawStatus).toBe('time_limit');
    expect(r.seconds).toBeGreaterThanOrEqual(0.9 * limit);
    expect(r.seconds).toBeLessThan(limit + 10);
    if (backend === 'highs' || backend === 'glpk') expect(r.hasSolution).toBe(true); // both find incumbents by heuristics
    if (r.hasSolution) {
      expect(isPrimalFeasible(model.toStandardForm(), r.values())).toBe(true);
      if (backendCapabilities(backend).dualBound) {
        // Maximisation: the proven bound is an upper bound on every feasible objective.
        expect(r.bound!).toBeGreaterThanOrEqual(r.objective! - 1e-6);
        expect(r.gap!).toBeGreaterThan(0);
      }
    } else {
      expect(r.objective).toBeUndefined();
    }
  });
});
