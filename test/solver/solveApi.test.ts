import { describe, expect, it } from 'vitest';
import {
  backendCapabilities,
  boxBound,
  backendNames,
  isBackendName,
  LinExpr,
  Model,
  solve,
  solveStandardForm,
  type BackendName,
  type StandardForm,
} from '../../src/solver/index.js';
import { toSolveResult } from '../../src/solver/result.js';
import { minLp } from './fixtures.js';

describe('registry', () => {
  it('lists the three backends and their capabilities', () => {
    expect(backendNames).toEqual(['highs', 'glpk', 'jsl']);
    expect(backendCapabilities('highs')).toEqual({ integers: true, duals: true, timeLimit: true, mipGap: true, dualBound: true, mipControl: true });
    expect(backendCapabilities('glpk').dualBound).toBe(false);
    expect(backendCapabilities('jsl').duals).toBe(false);
    expect(isBackendName('glpk')).toBe(true);
    expect(isBackendName('cplex')).toBe(false);
    expect(isBackendName('toString')).toBe(false);
  });

  it('rejects an unknown backend and bad options before solving', async () => {
    const { model } = minLp();
    await expect(solve(model, { backend: 'cplex' as BackendName })).rejects.toThrow(/unknown solver backend 'cplex'/);
    await expect(solve(model, { timeLimitSec: 0 })).rejects.toThrow(/timeLimitSec/);
    await expect(solve(model, { mipRelGap: -1 })).rejects.toThrow(/mipRelGap/);
  });

  it('defaults to HiGHS', async () => {
    const r = await solve(minLp().model);
    expect(r.backend).toBe('highs');
    expect(r.termination).toBe('optimal');
  });
});

describe('logging', () => {
  it('sends one summary line per solve to onLog, and HiGHS log lines when verbose', async () => {
    const { model } = minLp();
    const quiet: string[] = [];
    await solve(model, { onLog: (l) => quiet.push(l) });
    expect(quiet).toHaveLength(1);
    expect(quiet[0]).toMatch(/^\[highs\] optimal in \d+\.\d+s \(2 cols, 2 rows, 4 nnz\) objective 14/);

    const loud: string[] = [];
    await solve(model, { verbose: true, onLog: (l) => loud.push(l) });
    expect(loud.length).toBeGreaterThan(3);
    expect(loud.some((l) => /HiGHS|Optimal/i.test(l))).toBe(true);
    expect(loud.every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe.each(backendNames)('edge cases: %s', (backend) => {
  it('a model without variables is solved without the backend', async () => {
    const m = new Model('empty');
    m.minimize(LinExpr.constant(42));
    const r = await solve(m, { backend });
    expect(r.termination).toBe('optimal');
    expect(r.objective).toBe(42);
    expect(r.values()).toHaveLength(0);
  });

  it('a model without objective returns some feasible point with objective 0', async () => {
    const m = new Model('feasibility');
    const x = m.addVar('x', [], { ub: 10 });
    const c = m.addConstraint('atLeast', [], LinExpr.of(x), '>=', 3);
    const r = await solve(m, { backend });
    expect(r.termination).toBe('optimal');
    expect(r.objective).toBe(0);
    expect(r.value(x)).toBeGreaterThanOrEqual(3 - 1e-9);
    expect(r.rowActivity(c)).toBe(r.value(x));
  });

  it('a variable that appears nowhere still gets a value within its bounds', async () => {
    const m = new Model('lonely');
    const x = m.addVar('x', []);
    const lonely = m.addVar('lonely', [], { lb: 2, ub: 5 });
    m.addConstraint('c', [], LinExpr.of(x), '>=', 1);
    m.minimize(LinExpr.of(x));
    const r = await solve(m, { backend });
    expect(r.termination).toBe('optimal');
    expect(r.value(lonely)).toBeGreaterThanOrEqual(2 - 1e-9);
    expect(r.value(lonely)).toBeLessThanOrEqual(5 + 1e-9);
  });
});

describe('solveStandardForm', () => {
  it('solves a hand-written StandardForm and reports arrays by index', async () => {
    // max x0 + x1  s.t.  x0 + 2 x1 <= 4,  3 x0 + x1 <= 6  → (1.6, 1.2), objective 2.8 (+1 constant)
    const sf: StandardForm = {
      sense: 'max',
      objective: new Float64Array([1, 1]),
      objectiveConstant: 1,
      colLower: new Float64Array([0, 0]),
      colUpper: new Float64Array([Infinity, Infinity]),
      integer: new Uint8Array(2),
      colNames: ['a', 'b'],
      rowStart: new Int32Array([0, 2, 4]),
      colIndex: new Int32Array([0, 1, 0, 1]),
      value: new Float64Array([1, 2, 3, 1]),
      rowLower: new Float64Array([-Infinity, -Infinity]),
      rowUpper: new Float64Array([4, 6]),
      rowNames: ['p', 'q'],
    };
    const r = await solveStandardForm(sf, { backend: 'glpk' });
    expect(r.termination).toBe('optimal');
    expect(r.objective).toBeCloseTo(3.8, 9);
    expect(Array.from(r.x!)).toEqual([expect.closeTo(1.6, 9), expect.closeTo(1.2, 9)]);
    expect(Array.from(r.rowActivity!)).toEqual([expect.closeTo(4, 9), expect.closeTo(6, 9)]);
    expect(Array.from(r.rowDual!)).toEqual([expect.closeTo(0.4, 9), expect.closeTo(0.2, 9)]);
  });

  it('turns a backend exception into termination "error" instead of throwing', async () => {
    const { model } = minLp();
    const sf = model.toStandardForm();
    // A NaN cost is rejected by HiGHS's input validation.
    const broken: StandardForm = { ...sf, objective: new Float64Array([NaN, 1]) };
    const r = await solveStandardForm(broken, { backend: 'highs' });
    expect(r.termination).toBe('error');
    expect(r.hasSolution).toBe(false);
    expect(r.rawStatus).toMatch(/^exception: /);
  });
});

describe('evaluating expressions at a solution', () => {
  it('evaluates any expression over the model at the solver point, constant included', async () => {
    // min 2a + 3b  s.t.  a + b ≥ 4,  a ≤ 1  → a = 1, b = 3
    const m = new Model();
    const a = m.addVar('a', [], { ub: 1 });
    const b = m.addVar('b', []);
    m.addConstraint('cover', [], LinExpr.sum([a, b]), '>=', 4);
    m.minimize(LinExpr.weighted([{ coef: 2, v: a }, { coef: 3, v: b }]));
    const r = await solve(m);
    expect(r.evaluate(LinExpr.of(a, 5).plus(LinExpr.of(b, -1)).plus(10))).toBeCloseTo(12, 9);
    expect(r.evaluate(LinExpr.constant(7))).toBe(7);
    const other = new Model();
    for (let i = 0; i < 5; i++) other.addVar('z', [i]);
    expect(() => r.evaluate(LinExpr.of(other.variable('z', [4])!))).toThrow(/not in this result/);
  });

  it('rounds integers, zeroes solver noise and keeps values within their bounds in the rounded solution', () => {
    const m = new Model();
    const n = m.addVar('n', [], { integer: true });
    const x = m.addVar('x', []);
    const y = m.addVar('y', [], { lb: 1, ub: 2 });
    const s = m.addVar('s', [], { lb: -Infinity });
    const sf = m.toStandardForm();
    const point = new Float64Array([2.9999999, -3e-8, 2.0000001, 4e-10]);
    const r = toSolveResult(
      { termination: 'optimal', hasSolution: true, objective: 0, bound: 0, gap: 0, seconds: 0, backend: 'highs', rawStatus: 'test', x: point, rowActivity: new Float64Array(0), rowDual: undefined },
      sf,
    );
    const rounded = r.roundedSolution();
    expect([n, x, y, s].map((v) => rounded.value(v))).toEqual([3, 0, 2, 0]);
    expect(rounded.evaluate(LinExpr.of(n, 2).plus(LinExpr.of(y)).plus(1))).toBe(9);
    // The solver's own point is still there, unrounded.
    expect(r.value(n)).toBe(2.9999999);
    expect(r.evaluate(LinExpr.of(x))).toBe(-3e-8);
  });

  it('refuses to evaluate without a solution', async () => {
    const m = new Model();
    const a = m.addVar('a', [], { ub: 1 });
    m.addConstraint('impossible', [], LinExpr.of(a), '>=', 2);
    const r = await solve(m);
    expect(r.hasSolution).toBe(false);
    expect(() => r.evaluate(LinExpr.of(a))).toThrow(/no solution available/);
    expect(() => r.roundedSolution()).toThrow(/no solution available/);
  });
});

describe('boxBound', () => {
  it('is the least objective inside the column bounds, rows aside', () => {
    const m = new Model();
    const x = m.addVar('x', [], { lb: 1, ub: 4 });
    const y = m.addVar('y', [], { lb: -2, ub: 3 });
    m.addConstraint('c', [], LinExpr.of(x).plus(LinExpr.of(y)), '>=', 6);
    m.minimize(LinExpr.of(x, 2).minus(LinExpr.of(y)).plus(5));
    // 2·1 − 3 + 5 = 4, whatever the rows say.
    expect(boxBound(m.toStandardForm())).toBe(4);
    const free = new Model();
    const z = free.addVar('z', [], { lb: -Infinity, ub: 10 });
    free.minimize(LinExpr.of(z));
    expect(boxBound(free.toStandardForm())).toBe(-Infinity);
  });
});
