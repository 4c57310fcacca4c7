import { describe, expect, it } from 'vitest';
import { computeObjective, computeRowActivities, LinExpr, Model } from '../../src/solver/index.js';

describe('Model: variables', () => {
  it('names members family[index] and looks them up', () => {
    const m = new Model('t');
    const v = m.addVar('n', ['w3', 'H100-80GB/tp8/1980/mixed']);
    const s = m.addVar('total', []);
    expect(v.name).toBe('n[w3,H100-80GB/tp8/1980/mixed]');
    expect(v.index).toBe(0);
    expect(s.name).toBe('total');
    expect(m.variable('n', ['w3', 'H100-80GB/tp8/1980/mixed'])).toBe(v);
    expect(m.variable('n', ['w4', 'x'])).toBeUndefined();
    expect(m.numVars).toBe(2);
  });

  it('throws on a duplicate name, also across number/string spellings of the same key', () => {
    const m = new Model('dup');
    m.addVar('x', [1, 'a']);
    expect(() => m.addVar('x', [1, 'a'])).toThrow(/duplicate variable name 'x\[1,a\]'/);
    expect(() => m.addVar('x', ['1', 'a'])).toThrow(/duplicate/);
  });

  it('applies default bounds and rejects invalid ones', () => {
    const m = new Model();
    m.addVar('a', []);
    m.addVar('b', [], { lb: -Infinity, ub: 3, integer: true });
    const sf = m.toStandardForm();
    expect(Array.from(sf.colLower)).toEqual([0, -Infinity]);
    expect(Array.from(sf.colUpper)).toEqual([Infinity, 3]);
    expect(Array.from(sf.integer)).toEqual([0, 1]);
    expect(() => m.addVar('c', [], { lb: 2, ub: 1 })).toThrow(/invalid bounds/);
    expect(() => m.addVar('d', [], { lb: NaN })).toThrow(/invalid bounds/);
    expect(() => m.addVar('', [])).toThrow(/non-empty/);
  });
});

describe('Model: constraints and families', () => {
  it('reports contiguous row and column ranges per family', () => {
    const m = new Model();
    const xs = [0, 1, 2].map((i) => m.addVar('x', [i]));
    m.addVar('y', []);
    for (let i = 0; i < 3; i++) m.addConstraint('cap', [i], LinExpr.of(xs[i]!), '<=', 1);
    m.addConstraint('link', [], LinExpr.sum(xs), '>=', 1);
    expect(m.numConstraints).toBe(4);
    expect(m.constraintFamilies()).toEqual(
      new Map([
        ['cap', { first: 0, count: 3, contiguous: true }],
        ['link', { first: 3, count: 1, contiguous: true }],
      ]),
    );
    expect(m.variableFamilies().get('x')).toEqual({ first: 0, count: 3, contiguous: true });
    expect(m.variableFamilies().get('y')).toEqual({ first: 3, count: 1, contiguous: true });
  });

  it('flags interleaved families as non-contiguous', () => {
    const m = new Model();
    const x = m.addVar('x', []);
    m.addConstraint('a', [0], LinExpr.of(x), '<=', 1);
    m.addConstraint('b', [0], LinExpr.of(x), '<=', 1);
    m.addConstraint('a', [1], LinExpr.of(x), '<=', 1);
    expect(m.constraintFamilies().get('a')).toEqual({ first: 0, count: 2, contiguous: false });
  });

  it('throws on duplicate constraint names, non-finite rhs, NaN coefficients and foreign variables', () => {
    const m = new Model('m');
    const x = m.addVar('x', []);
    const other = new Model('other');
    other.addVar('p', []);
    const foreign = other.addVar('q', []); // index 1 does not exist in m
    m.addConstraint('c', [1], LinExpr.of(x), '<=', 1);
    expect(() => m.addConstraint('c', [1], LinExpr.of(x), '<=', 2)).toThrow(/duplicate constraint name 'c\[1\]'/);
    expect(() => m.addConstraint('d', [], LinExpr.of(x), '<=', Infinity)).toThrow(/rhs must be finite/);
    expect(() => m.addConstraint('e', [], LinExpr.of(x, NaN), '<=', 1)).toThrow(/coefficient of 'x' is NaN/);
    expect(() => m.addConstraint('f', [], LinExpr.of(foreign), '<=', 1)).toThrow(/does not belong/);
    expect(() => m.addRangeConstraint('g', [], LinExpr.of(x), 3, 2)).toThrow(/invalid range/);
    expect(m.numConstraints).toBe(1);
    expect(m.constraint('c', [1])).toEqual({ index: 0, name: 'c[1]' });
  });
});

describe('Model: expressions on both sides', () => {
  it('moves the right-hand expression to the left and both constants to the bound', () => {
    const m = new Model();
    const x = m.addVar('x', []);
    const y = m.addVar('y', []);
    const n = m.addVar('n', [], { integer: true });
    // x/4 + y/2 ≤ 0.9·n  → x/4 + y/2 − 0.9n ≤ 0
    m.addConstraint('capacity', [], LinExpr.weighted([{ coef: 0.25, v: x }, { coef: 0.5, v: y }]), '<=', LinExpr.of(n, 0.9));
    // x + 3 ≥ 2y + 5  → x − 2y ≥ 2
    m.addConstraint('link', [], LinExpr.of(x).plus(3), '>=', LinExpr.of(y, 2).plus(5));
    // x = 7 (a number on the right is the bound as given)
    m.addConstraint('fix', [], LinExpr.of(x), '=', 7);
    const sf = m.toStandardForm();
    expect(Array.from(sf.rowStart)).toEqual([0, 3, 5, 6]);
    expect(Array.from(sf.colIndex)).toEqual([0, 1, 2, 0, 1, 0]);
    expect(Array.from(sf.value)).toEqual([0.25, 0.5, -0.9, 1, -2, 1]);
    expect(Array.from(sf.rowLower)).toEqual([-Infinity, 2, 7]);
    expect(Array.from(sf.rowUpper)).toEqual([0, Infinity, 7]);
  });

  it('writes the same row as the one-sided form lhs − rhs against 0', () => {
    const build = (twoSided: boolean) => {
      const m = new Model();
      const a = m.addVar('a', []);
      const b = m.addVar('b', []);
      const lhs = LinExpr.of(a, 3).plus(1);
      const rhs = LinExpr.of(b, 2).minus(4);
      if (twoSided) m.addConstraint('r', [], lhs, '<=', rhs);
      else m.addConstraint('r', [], lhs.minus(rhs), '<=', 0);
      return m.toStandardForm();
    };
    expect(build(true)).toEqual(build(false));
  });

  it('rejects a right-hand expression with a non-finite constant', () => {
    const m = new Model();
    const x = m.addVar('x', []);
    expect(() => m.addConstraint('r', [], LinExpr.of(x), '<=', LinExpr.constant(Infinity))).toThrow(/rhs must be finite/);
  });
});

describe('Model.toStandardForm', () => {
  function build() {
    const m = new Model();
    const a = m.addVar('a', []);
    const b = m.addVar('b', [], { ub: 4 });
    const c = m.addVar('c', [], { lb: -Infinity });
    // Row 0: c + 2a - a + 3 + b  <= 10   → duplicate a merged to 1, constant 3 moved: a + b + c <= 7
    m.addConstraint('r', [0], LinExpr.of(c).plus(LinExpr.of(a, 2)).minus(a).plus(3).plus(b), '<=', 10);
    // Row 1: b - b + 2c - 1 = 4  → b cancels and is dropped, constant moved: 2c = 5
    m.addConstraint('r', [1], LinExpr.of(b).minus(b).plus(LinExpr.of(c, 2)).minus(1), '=', 4);
    // Row 2: a >= -2 with constant 0.5 on the left  → a >= -2.5
    m.addConstraint('r', [2], LinExpr.of(a).plus(0.5), '>=', -2);
    // Row 3: ranged 1 <= a + b + 1 <= 6  → 0 <= a + b <= 5
    m.addRangeConstraint('s', [], LinExpr.sum([a, b]).plus(1), 1, 6);
    m.maximize(LinExpr.weighted([{ coef: 1, v: a }, { coef: 2, v: b }, { coef: 3, v: a }]).plus(7));
    return { m, a, b, c };
  }

  it('produces sorted, merged CSR with constants moved to the bounds', () => {
    const sf = build().m.toStandardForm();
    expect(sf.sense).toBe('max');
    expect(Array.from(sf.rowStart)).toEqual([0, 3, 4, 5, 7]);
    expect(Array.from(sf.colIndex)).toEqual([0, 1, 2, 2, 0, 0, 1]);
    expect(Array.from(sf.value)).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect(Array.from(sf.rowLower)).toEqual([-Infinity, 5, -2.5, 0]);
    expect(Array.from(sf.rowUpper)).toEqual([7, 5, Infinity, 5]);
    expect(sf.rowNames).toEqual(['r[0]', 'r[1]', 'r[2]', 's']);
    expect(sf.colNames).toEqual(['a', 'b', 'c']);
  });

  it('merges duplicate objective terms and keeps the objective constant', () => {
    const sf = build().m.toStandardForm();
    expect(Array.from(sf.objective)).toEqual([4, 2, 0]);
    expect(sf.objectiveConstant).toBe(7);
    expect(computeObjective(sf, [1, 1, 0])).toBe(13);
    expect(Array.from(computeRowActivities(sf, [1, 2, 3]))).toEqual([6, 6, 1, 3]);
  });

  it('lowers once and re-lowers after a change', () => {
    const { m, a } = build();
    const first = m.toStandardForm();
    expect(m.toStandardForm()).toBe(first);
    m.addConstraint('late', [], LinExpr.of(a), '<=', 1);
    const second = m.toStandardForm();
    expect(second).not.toBe(first);
    expect(second.rowLower.length).toBe(5);
    expect(first.rowLower.length).toBe(4); // earlier snapshots are not mutated
  });

  it('a model without objective is a feasibility problem (min 0)', () => {
    const m = new Model();
    m.addVar('x', []);
    const sf = m.toStandardForm();
    expect(sf.sense).toBe('min');
    expect(Array.from(sf.objective)).toEqual([0]);
  });

  it('lowers a 50k x 50k model, merging duplicate terms', () => {
    const m = new Model('big');
    const n = 50_000;
    const xs = Array.from({ length: n }, (_, i) => m.addVar('x', [i]));
    for (let i = 0; i < n; i++) {
      const e = LinExpr.weighted([
        { coef: 1, v: xs[i]! },
        { coef: 2, v: xs[(i * 7919) % n]! },
        { coef: -1, v: xs[i]! },
        { coef: 3, v: xs[(i + 1) % n]! },
      ]);
      m.addConstraint('row', [i], e, '<=', 1);
    }
    const sf = m.toStandardForm();
    // x_i cancels except where (7919 i) mod n == i (i = 0) — row 0 keeps only 2·x0 and 3·x1.
    expect(sf.rowStart[1]).toBe(2);
    expect(sf.colIndex.length).toBe(2 * n);
  });
});
