/**
 * One conformance suite, run unchanged against every backend with one tolerance (TOL). Where a
 * backend can honestly tell less (no duals, no MILP bound), the expectation follows its declared
 * capabilities rather than a per-backend special case.
 */
import { describe, expect, it } from 'vitest';
import { backendCapabilities, backendNames, isPrimalFeasible, solve, type SolveResult } from '../../src/solver/index.js';
import {
  boundedMax,
  equalityAndRange,
  freeVars,
  infeasibleLp,
  integerInfeasible,
  knapsack,
  maxLp,
  minLp,
  near,
  unboundedModel,
} from './fixtures.js';

function expectNear(actual: number | undefined, expected: number): void {
  expect(actual, `expected ≈ ${expected}`).toBeDefined();
  expect(near(actual, expected), `${actual} vs ${expected}`).toBe(true);
}

function expectNoSolution(r: SolveResult): void {
  expect(r.hasSolution).toBe(false);
  expect(r.objective).toBeUndefined();
  expect(r.gap).toBeUndefined();
  expect(() => r.values()).toThrow(/no solution/);
}

describe.each(backendNames)('conformance: %s', (backend) => {
  const caps = backendCapabilities(backend);

  it('min LP: optimum, objective constant, LP bound = objective, duals', async () => {
    const { model, x, y, c1, c2 } = minLp();
    const r = await solve(model, { backend });
    expect(r.termination).toBe('optimal');
    expect(r.hasSolution).toBe(true);
    expect(r.backend).toBe(backend);
    expectNear(r.value(x), 3);
    expectNear(r.value(y), 1);
    expectNear(r.objective, 14);
    expectNear(r.bound, 14);
    expect(r.gap).toBe(0);
    expectNear(r.rowActivity(c1), 4);
    expectNear(r.rowActivity(c2), 6);
    if (caps.duals) {
      expectNear(r.dual(c1), 1.5);
      expectNear(r.dual(c2), 0.5);
    } else {
      expect(r.dual(c1)).toBeUndefined();
    }
    expect(r.seconds).toBeGreaterThanOrEqual(0);
  });

  it('max LP: dual of the binding row is ∂objective/∂rhs, slack row has dual 0', async () => {
    const { model, x, y, c1, c2 } = maxLp();
    const r = await solve(model, { backend });
    expect(r.termination).toBe('optimal');
    expectNear(r.value(x), 4);
    expectNear(r.value(y), 0);
    expectNear(r.objective, 12);
    expectNear(r.rowActivity(c2), 4);
    if (caps.duals) {
      expectNear(r.dual(c1), 3);
      expectNear(r.dual(c2), 0);
    }
  });

  it('knapsack MILP: integer optimum 20 differs from the LP relaxation 20.4', async () => {
    const mip = knapsack(true);
    const r = await solve(mip.model, { backend });
    expect(r.termination).toBe('optimal');
    expect(mip.items.map((v) => Math.round(r.value(v)))).toEqual([1, 0, 1]);
    expectNear(r.objective, 20);
    expect(r.dual(mip.capacity)).toBeUndefined(); // never duals for a MILP
    if (caps.dualBound) {
      expect(r.bound).toBeDefined();
      expect(r.bound!).toBeGreaterThanOrEqual(20 - 1e-6);
      expect(r.gap!).toBeLessThanOrEqual(1e-4);
    } else {
      expect(r.bound).toBeUndefined();
      expect(r.gap).toBeUndefined();
    }

    const lp = knapsack(false);
    const relaxed = await solve(lp.model, { backend });
    expect(relaxed.termination).toBe('optimal');
    expectNear(relaxed.objective, 20.4);
    expect(lp.items.map((v) => relaxed.value(v))).toEqual([expect.closeTo(0.2, 6), expect.closeTo(1, 6), expect.closeTo(1, 6)]);
  });

  it.each([
    { preferX: true, x: 6.5, y: 2.5, side: 4, objective: 14.5 },
    { preferX: false, x: 5.5, y: 3.5, side: 2, objective: 17.5 },
  ])('equality row + ranged row (binding side $side)', async ({ preferX, x, y, side, objective }) => {
    const f = equalityAndRange(preferX);
    const r = await solve(f.model, { backend });
    expect(r.termination).toBe('optimal');
    expectNear(r.value(f.x), x);
    expectNear(r.value(f.y), y);
    expectNear(r.value(f.z), 1);
    expectNear(r.objective, objective);
    expectNear(r.rowActivity(f.e), 10); // the lhs constant -10 was moved to the rhs
    expectNear(r.rowActivity(f.r), side);
  });

  it('free variables may go negative', async () => {
    const { model, x, y } = freeVars();
    const r = await solve(model, { backend });
    expect(r.termination).toBe('optimal');
    expectNear(r.value(x), 2);
    expectNear(r.value(y), -1);
    expectNear(r.objective, -1);
  });

  it('upper bounds, a fixed variable and a negative integer lower bound (maximize)', async () => {
    const f = boundedMax();
    const r = await solve(f.model, { backend });
    expect(r.termination).toBe('optimal');
    expectNear(r.value(f.x), 2);
    expectNear(r.value(f.y), 2);
    expectNear(r.value(f.z), 1.5);
    expectNear(r.value(f.f), 2.5);
    expectNear(r.value(f.w), -5);
    expectNear(r.objective, 13.5);
    expect(isPrimalFeasible(f.model.toStandardForm(), r.values())).toBe(true);
  });

  it('infeasible LP', async () => {
    const r = await solve(infeasibleLp(), { backend });
    expect(r.termination).toBe('infeasible');
    expectNoSolution(r);
  });

  it('MILP whose relaxation is feasible but has no integer point', async () => {
    const r = await solve(integerInfeasible(), { backend });
    expect(r.termination).toBe('infeasible');
    expectNoSolution(r);
  });

  it('unbounded LP', async () => {
    const r = await solve(unboundedModel(false), { backend });
    expect(r.termination).toBe('unbounded');
    expectNoSolution(r);
  });

  it('unbounded MILP: an unbounded relaxation only proves "infeasible or unbounded"', async () => {
    const r = await solve(unboundedModel(true), { backend });
    // HiGHS (status 9), GLPK (relaxation GLP_UNBND) and jsl (bounded=false on a MIP) all report exactly this.
    expect(r.termination).toBe('infeasible_or_unbounded');
    expectNoSolution(r);
  });

  it('is deterministic: same model, same answer', async () => {
    const { model } = boundedMax();
    const [first, second] = [await solve(model, { backend }), await solve(model, { backend })];
    expect(Array.from(second.values())).toEqual(Array.from(first.values()));
    expect(second.objective).toBe(first.objective);
  });
});
