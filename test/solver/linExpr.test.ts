import { describe, expect, it } from 'vitest';
import { LinExpr, Model, type Var } from '../../src/solver/index.js';

function vars(count: number): Var[] {
  const m = new Model();
  return Array.from({ length: count }, (_, i) => m.addVar('v', [i]));
}

describe('LinExpr', () => {
  const [a, b, c] = vars(3) as [Var, Var, Var];

  it('builds from factories with parallel arrays', () => {
    expect(LinExpr.zero().vars).toEqual([]);
    expect(LinExpr.zero().constant).toBe(0);
    expect(LinExpr.constant(4).constant).toBe(4);
    const e = LinExpr.of(b, 2.5);
    expect(e.vars).toEqual([1]);
    expect(e.coefs).toEqual([2.5]);
    expect(LinExpr.of(a).coefs).toEqual([1]);
  });

  it('sum accepts expressions and variables and adds constants', () => {
    const e = LinExpr.sum([a, LinExpr.of(b, 3).plus(2), c, LinExpr.constant(-1)]);
    expect(e.vars).toEqual([0, 1, 2]);
    expect(e.coefs).toEqual([1, 3, 1]);
    expect(e.constant).toBe(1);
  });

  it('weighted keeps duplicates as separate terms until lowering', () => {
    const e = LinExpr.weighted([{ coef: 2, v: a }, { coef: -1, v: a }, { coef: 4, v: c }]);
    expect(e.vars).toEqual([0, 0, 2]);
    expect(e.coefs).toEqual([2, -1, 4]);
  });

  it('plus / minus / times handle numbers, variables and expressions', () => {
    const e = LinExpr.of(a).plus(b).minus(LinExpr.of(c, 2).plus(3)).plus(10).times(2);
    expect(e.vars).toEqual([0, 1, 2]);
    expect(e.coefs).toEqual([2, 2, -4]);
    expect(e.constant).toBe(14);
    expect(LinExpr.of(a).minus(b).coefs).toEqual([1, -1]);
    expect(LinExpr.of(a).minus(5).constant).toBe(-5);
  });

  it('is immutable even when two expressions extend the same base (buffer fork)', () => {
    const base = LinExpr.of(a).plus(b);
    const left = base.plus(c); // appends in place into base's buffer
    const right = base.minus(c); // must not see left's term: forks
    expect(base.vars).toEqual([0, 1]);
    expect(left.vars).toEqual([0, 1, 2]);
    expect(left.coefs).toEqual([1, 1, 1]);
    expect(right.vars).toEqual([0, 1, 2]);
    expect(right.coefs).toEqual([1, 1, -1]);
    expect(base.termCount).toBe(2);
  });

  it('arrays handed out never change afterwards', () => {
    const e = LinExpr.of(a).plus(b);
    const seen = e.vars;
    const longer = e.plus(c);
    expect(seen).toEqual([0, 1]);
    expect(longer.vars).toEqual([0, 1, 2]);
  });

  it('adding an expression to itself doubles it', () => {
    const e = LinExpr.of(a, 2).plus(1);
    const twice = e.plus(e);
    expect(twice.vars).toEqual([0, 0]);
    expect(twice.coefs).toEqual([2, 2]);
    expect(twice.constant).toBe(2);
    expect(e.termCount).toBe(1);
  });

  // Its speed (linear growth) is measured by `npm run bench solver`, not asserted here.
  it('keeps every term when extended in a loop (100k terms)', () => {
    const many = vars(1000);
    let e = LinExpr.zero();
    for (let i = 0; i < 100_000; i++) e = e.plus(LinExpr.of(many[i % 1000]!, 1 + (i % 7)));
    expect(e.termCount).toBe(100_000);
    expect(e.coefs[99_999]).toBe(1 + (99_999 % 7));
  });

  it('prints readably', () => {
    expect(LinExpr.of(a, 2).minus(b).plus(5).toString()).toBe('2*#0 - #1 + 5');
    expect(LinExpr.zero().toString()).toBe('0');
    expect(LinExpr.of(c, -3).toString((i) => `x${i}`)).toBe('-3*x2');
  });
});
