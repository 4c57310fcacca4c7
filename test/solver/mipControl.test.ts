/** Stopping a MILP on its bound, and starting it from a known plan (HiGHS: mipControl). */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { backendCapabilities, LinExpr, Model, solve } from '../../src/solver/index.js';

/** A 60-item, 5-constraint knapsack (as a minimisation) that HiGHS needs a real search for. */
function knapsack(): Model {
  const rng = createRng(7, 'knap');
  const m = new Model('knap');
  const xs = Array.from({ length: 60 }, (_, i) => m.addVar('x', [i], { ub: 1, integer: true }));
  for (let d = 0; d < 5; d++) {
    const w = xs.map(() => 10 + Math.floor(rng.uniform() * 90));
    m.addConstraint('cap', [d], LinExpr.weighted(xs.map((v, i) => ({ coef: w[i] ?? 0, v }))), '<=', w.reduce((a, b) => a + b, 0) / 3);
  }
  m.minimize(LinExpr.weighted(xs.map((v) => ({ coef: -(10 + Math.floor(rng.uniform() * 90)), v }))));
  return m;
}

describe('MILP control (HiGHS)', () => {
  it('is a capability of HiGHS only', () => {
    expect(backendCapabilities('highs').mipControl).toBe(true);
    expect(backendCapabilities('glpk').mipControl).toBe(false);
    expect(backendCapabilities('jsl').mipControl).toBe(false);
  });

  it('stops as soon as the proven bound reaches stopAtBound, with the plan it holds', async () => {
    const m = knapsack();
    const exact = await solve(m);
    expect(exact.termination).toBe('optimal');
    const optimum = exact.objective ?? NaN;
    const target = optimum - 0.05 * Math.abs(optimum);
    const early = await solve(m, { stopAtBound: target });
    expect(early.termination).toBe('target_reached');
    expect(early.hasSolution).toBe(true);
    expect(early.bound ?? -Infinity).toBeGreaterThanOrEqual(target);
    // The bound is still a proven one, and the plan a feasible one.
    expect(early.bound ?? Infinity).toBeLessThanOrEqual(optimum + 1e-6);
    expect(early.objective ?? -Infinity).toBeGreaterThanOrEqual(optimum - 1e-6);
  });

  it('reports the search as it goes (onBounds), and the result is the same without it', async () => {
    const m = knapsack();
    const quiet = await solve(m, { mipRelGap: 0 });
    const seen: { incumbent: number | undefined; bound: number }[] = [];
    const told = await solve(m, { mipRelGap: 0, onBounds: (incumbent, bound) => seen.push({ incumbent, bound }) });
    const optimum = quiet.objective ?? NaN;
    expect(seen.length).toBeGreaterThan(0);
    // Every report is a proven bound at or below the optimum, and a plan (once there is one) at or above it.
    for (const { incumbent, bound } of seen) {
      expect(bound).toBeLessThanOrEqual(optimum + 1e-6);
      if (incumbent !== undefined) expect(incumbent).toBeGreaterThanOrEqual(optimum - 1e-6);
    }
    expect(seen.some((r) => r.incumbent !== undefined)).toBe(true);
    expect(told.objective).toBe(quiet.objective);
    expect(Array.from(told.values())).toEqual(Array.from(quiet.values()));
  });

  it('stops at nodeLimit with a plan and a proven bound, at the same point every time', async () => {
    const m = knapsack();
    const exact = await solve(m, { mipRelGap: 0 });
    const optimum = exact.objective ?? NaN;
    const stopped = await solve(m, { mipRelGap: 0, nodeLimit: 2 });
    expect(stopped.termination).toBe('iteration_limit');
    expect(stopped.rawStatus).toMatch(/SolutionLimit/);
    // Two nodes do not prove this knapsack: the stop left a gap, yet bound and plan are honest.
    expect(stopped.bound ?? Infinity).toBeLessThan(optimum - 1e-6);
    if (stopped.hasSolution) expect(stopped.objective ?? -Infinity).toBeGreaterThanOrEqual(optimum - 1e-6);
    // A work limit, not a clock: the same model stops with the same plan and bound.
    const again = await solve(m, { mipRelGap: 0, nodeLimit: 2 });
    expect(again.objective).toBe(stopped.objective);
    expect(again.bound).toBe(stopped.bound);
    await expect(solve(m, { nodeLimit: 0 })).rejects.toThrow(/nodeLimit/);
  });

  it('stops as soon as a plan reaches stopAtObjective', async () => {
    const m = knapsack();
    const optimum = (await solve(m)).objective ?? NaN;
    const target = optimum + 0.1 * Math.abs(optimum);
    const early = await solve(m, { stopAtObjective: target });
    expect(early.termination).toBe('target_reached');
    expect(early.objective ?? Infinity).toBeLessThanOrEqual(target);
    expect(early.objective ?? -Infinity).toBeGreaterThanOrEqual(optimum - 1e-6);
  });

  it('starts from a given plan: stopped at once, it still holds that plan', async () => {
    const m = knapsack();
    const exact = await solve(m);
    const optimum = exact.objective ?? NaN;
    const unseeded = await solve(m, { stopAtBound: -1e12 });
    const seeded = await solve(m, { stopAtBound: -1e12, start: m.startFrom(m, exact.values()) });
    expect(seeded.termination).toBe('target_reached');
    expect(seeded.objective).toBeCloseTo(optimum, 6);
    // Without the start the first stop holds a worse plan (or none): the start was used.
    expect(unseeded.objective ?? Infinity).toBeGreaterThan(optimum + 1e-6);
  });

  it("with focus 'bound', proves the start it is given and keeps its bounds honest", async () => {
    const m = knapsack();
    const exact = await solve(m, { mipRelGap: 0 });
    const optimum = exact.objective ?? NaN;
    // From the optimum, the search has only the proof left: no heuristic can better it.
    const proof = await solve(m, { mipRelGap: 0, focus: 'bound', start: m.startFrom(m, exact.values()) });
    expect(proof.termination).toBe('optimal');
    expect(proof.objective).toBeCloseTo(optimum, 6);
    expect(proof.bound ?? -Infinity).toBeGreaterThanOrEqual(optimum - 1e-6);
    // Stopped early, the bound is still a bound.
    const stopped = await solve(m, { mipRelGap: 0, nodeLimit: 2, focus: 'bound' });
    expect(stopped.bound ?? Infinity).toBeLessThanOrEqual(optimum + 1e-6);
    if (stopped.hasSolution) expect(stopped.objective ?? -Infinity).toBeGreaterThanOrEqual(optimum - 1e-6);
  });

  it('completes a partial start (some columns given, the solver fills in the rest)', async () => {
    const m = knapsack();
    const exact = await solve(m);
    const optimum = exact.objective ?? NaN;
    const chosen = new Map<number, number>();
    exact.values().forEach((v, j) => {
      if (v > 0.5) chosen.set(j, 1);
    });
    const seeded = await solve(m, { stopAtBound: -1e12, start: chosen });
    expect(seeded.objective).toBeCloseTo(optimum, 6);
    await expect(solve(m, { start: new Map([[60, 1]]) })).rejects.toThrow(/start names column 60; the model has 60/);
  });

  it('maps a start across models by variable name, zero where the source has no namesake', () => {
    const source = new Model('small');
    const a = source.addVar('n', ['a']);
    source.addVar('n', ['only-here']);
    const target = new Model('big');
    target.addVar('n', ['b']);
    const ta = target.addVar('n', ['a']);
    const start = target.startFrom(source, Float64Array.from([3, 9]));
    expect(Array.from(start)).toEqual([0, 3]);
    expect(ta.index).toBe(1);
    expect(a.index).toBe(0);
  });

  it('rejects a start of the wrong length', async () => {
    const m = knapsack();
    await expect(solve(m, { start: new Float64Array(3) })).rejects.toThrow(/start has 3 values for 60 columns/);
  });
});
