/**
 * Test models whose optima are worked out by hand (see each comment), plus seeded random generators.
 * Shared by the conformance suite and the cross-backend agreement tests.
 */
import { LinExpr, Model, type ConstraintRef, type Var } from '../../src/solver/index.js';

/** One tolerance for every backend and every comparison: relative to max(1, |expected|). */
export const TOL = 1e-6;

export function near(actual: number | undefined, expected: number, tol = TOL): boolean {
  return actual !== undefined && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/** Deterministic PRNG (mulberry32) so "random" models are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * min 2x + 3y + 5   s.t.  c1: x + y >= 4,  c2: x + 3y >= 6,  x, y >= 0.
 * Vertices (6,0)→12, (3,1)→9, (0,4)→12, so x=3, y=1, objective 9+5 = 14. Both rows bind and the
 * basis is nondegenerate: duals solve u1+u2 = 2, u1+3u2 = 3 → u1 = 1.5, u2 = 0.5 (∂obj/∂rhs).
 */
export function minLp(): { model: Model; x: Var; y: Var; c1: ConstraintRef; c2: ConstraintRef } {
  const model = new Model('minLp');
  const x = model.addVar('x', []);
  const y = model.addVar('y', []);
  const c1 = model.addConstraint('c1', [], LinExpr.sum([x, y]), '>=', 4);
  const c2 = model.addConstraint('c2', [], LinExpr.of(x).plus(LinExpr.of(y, 3)), '>=', 6);
  model.minimize(LinExpr.weighted([{ coef: 2, v: x }, { coef: 3, v: y }]).plus(5));
  return { model, x, y, c1, c2 };
}

/**
 * max 3x + 2y   s.t.  c1: x + y <= 4,  c2: x + 3y <= 6,  x, y >= 0.
 * Vertices (4,0)→12, (3,1)→11, (0,2)→4: x=4, y=0, objective 12. Only c1 binds: raising its rhs by one
 * moves x to 5, so dual(c1) = 3; c2 is slack (4 < 6), dual 0.
 */
export function maxLp(): { model: Model; x: Var; y: Var; c1: ConstraintRef; c2: ConstraintRef } {
  const model = new Model('maxLp');
  const x = model.addVar('x', []);
  const y = model.addVar('y', []);
  const c1 = model.addConstraint('c1', [], LinExpr.sum([x, y]), '<=', 4);
  const c2 = model.addConstraint('c2', [], LinExpr.of(x).plus(LinExpr.of(y, 3)), '<=', 6);
  model.maximize(LinExpr.weighted([{ coef: 3, v: x }, { coef: 2, v: y }]));
  return { model, x, y, c1, c2 };
}

/**
 * 0/1 knapsack: values 12, 10, 8; weights 5, 4, 3; capacity 8.
 * Integer: {1,3} weighs 8 and is worth 20; {2,3} = 18; every other feasible subset is worth less,
 * so the optimum is (1,0,1) → 20. LP relaxation fills by value/weight (8/3 > 10/4 > 12/5): items 3
 * and 2 (weight 7) plus 1/5 of item 1 → 8 + 10 + 2.4 = 20.4, which differs from the integer optimum.
 */
export function knapsack(integer: boolean): { model: Model; items: Var[]; capacity: ConstraintRef } {
  const model = new Model('knapsack');
  const values = [12, 10, 8];
  const weights = [5, 4, 3];
  const items = values.map((_, i) => model.addVar('take', [i], { ub: 1, integer }));
  const capacity = model.addConstraint('cap', [], LinExpr.weighted(items.map((v, i) => ({ coef: weights[i] as number, v }))), '<=', 8);
  model.maximize(LinExpr.weighted(items.map((v, i) => ({ coef: values[i] as number, v }))));
  return { model, items, capacity };
}

/**
 * Equality + ranged row, with the equality written with its constant on the left:
 *   min cx·x + cy·y + 3z   s.t.  e: x + y + z - 10 = 0,  r: 2 <= x - y <= 4,  z >= 1, x, y >= 0.
 * From e and a binding side s of r: x = (10 - z + s)/2, y = (10 - z - s)/2.
 * - cx=1, cy=2 (upper side binds, s = 4): cost = 13 + 1.5z → z = 1, x = 6.5, y = 2.5, objective 14.5.
 * - cx=2, cy=1 (lower side binds, s = 2): cost = 16 + 1.5z → z = 1, x = 5.5, y = 3.5, objective 17.5.
 */
export function equalityAndRange(preferX: boolean): { model: Model; x: Var; y: Var; z: Var; e: ConstraintRef; r: ConstraintRef } {
  const model = new Model('eqRange');
  const x = model.addVar('x', []);
  const y = model.addVar('y', []);
  const z = model.addVar('z', [], { lb: 1 });
  const e = model.addConstraint('e', [], LinExpr.sum([x, y, z]).minus(10), '=', 0);
  const r = model.addRangeConstraint('r', [], LinExpr.of(x).minus(y), 2, 4);
  const [cx, cy] = preferX ? [1, 2] : [2, 1];
  model.minimize(LinExpr.weighted([{ coef: cx, v: x }, { coef: cy, v: y }, { coef: 3, v: z }]));
  return { model, x, y, z, e, r };
}

/**
 * Free variables: min y  s.t.  y - x >= -3,  y + x >= 1,  x and y free.
 * y >= max(x - 3, 1 - x), smallest where x - 3 = 1 - x: x = 2, y = -1 (both negative-capable).
 */
export function freeVars(): { model: Model; x: Var; y: Var } {
  const model = new Model('free');
  const x = model.addVar('x', [], { lb: -Infinity });
  const y = model.addVar('y', [], { lb: -Infinity });
  model.addConstraint('a', [], LinExpr.of(y).minus(x), '>=', -3);
  model.addConstraint('b', [], LinExpr.of(y).plus(x), '>=', 1);
  model.minimize(LinExpr.of(y));
  return { model, x, y };
}

/**
 * Upper bounds, a fixed variable and a negative lower bound, maximised:
 *   max 3x + y + 2z - f - w   s.t.  x + y + z + f <= 8,  x <= 2, y <= 3, z <= 1.5, f = 2.5 (fixed),
 *                                 w in [-5, 10] (integer).
 * f is fixed, so x + y + z <= 5.5. Fill by objective coefficient: x = 2 (3 each), z = 1.5 (2 each),
 * then y = 2 (1 each, its ub 3 does not bind). w wants to be as small as possible: -5.
 * Objective 6 + 2 + 3 - 2.5 + 5 = 13.5.
 */
export function boundedMax(): { model: Model; x: Var; y: Var; z: Var; f: Var; w: Var } {
  const model = new Model('bounds');
  const x = model.addVar('x', [], { ub: 2 });
  const y = model.addVar('y', [], { ub: 3 });
  const z = model.addVar('z', [], { ub: 1.5 });
  const f = model.addVar('f', [], { lb: 2.5, ub: 2.5 });
  const w = model.addVar('w', [], { lb: -5, ub: 10, integer: true });
  model.addConstraint('sum', [], LinExpr.sum([x, y, z, f]), '<=', 8);
  model.maximize(LinExpr.weighted([{ coef: 3, v: x }, { coef: 1, v: y }, { coef: 2, v: z }, { coef: -1, v: f }, { coef: -1, v: w }]));
  return { model, x, y, z, f, w };
}

/** x + y <= 1 and x + y >= 2: no point satisfies both. */
export function infeasibleLp(): Model {
  const model = new Model('infeasible');
  const x = model.addVar('x', []);
  const y = model.addVar('y', []);
  model.addConstraint('atMost', [], LinExpr.sum([x, y]), '<=', 1);
  model.addConstraint('atLeast', [], LinExpr.sum([x, y]), '>=', 2);
  model.minimize(LinExpr.sum([x, y]));
  return model;
}

/** 2a + 2b = 3 with a, b integer: the LP relaxation is feasible (a = 1.5), no integer point is. */
export function integerInfeasible(): Model {
  const model = new Model('intInfeasible');
  const a = model.addVar('a', [], { ub: 10, integer: true });
  const b = model.addVar('b', [], { ub: 10, integer: true });
  model.addConstraint('odd', [], LinExpr.weighted([{ coef: 2, v: a }, { coef: 2, v: b }]), '=', 3);
  model.maximize(LinExpr.sum([a, b]));
  return model;
}

/** max x + y  s.t.  x - y <= 1: (t+1, t) is feasible for every t, so the objective is unbounded. */
export function unboundedModel(integer: boolean): Model {
  const model = new Model('unbounded');
  const x = model.addVar('x', [], { integer });
  const y = model.addVar('y', [], { integer });
  model.addConstraint('gap', [], LinExpr.of(x).minus(y), '<=', 1);
  model.maximize(LinExpr.sum([x, y]));
  return model;
}

/**
 * A mixed problem with seeded random data: `ints` general integers in [0, 6], `conts` continuous
 * columns in [0, 20], `rows` `<=` rows with positive coefficients (so x = 0 is feasible and the region
 * is bounded), one `>=` covering row and one equality tying two continuous columns. Maximise random
 * profits.
 */
export function randomMilp(seed: number, size: { ints: number; conts: number; rows: number } = { ints: 10, conts: 6, rows: 8 }): Model {
  const rnd = seededRandom(seed);
  const model = new Model(`random${seed}`);
  const ints = Array.from({ length: size.ints }, (_, j) => model.addVar('n', [j], { ub: 6, integer: true }));
  const conts = Array.from({ length: size.conts }, (_, j) => model.addVar('x', [j], { ub: 20 }));
  const all = [...ints, ...conts];
  for (let i = 0; i < size.rows; i++) {
    const pairs = all.filter(() => rnd() < 0.6).map((v) => ({ coef: 1 + Math.round(rnd() * 90) / 10, v }));
    model.addConstraint('cap', [i], LinExpr.weighted(pairs), '<=', 20 + Math.round(rnd() * 40));
  }
  model.addConstraint('cover', [], LinExpr.sum(ints.slice(0, 4)), '>=', 3);
  model.addConstraint('tie', [], LinExpr.of(conts[0] as Var).minus(LinExpr.of(conts[1] as Var, 2)), '=', 0);
  model.maximize(LinExpr.weighted(all.map((v) => ({ coef: 1 + Math.round(rnd() * 100) / 10, v }))));
  return model;
}

/**
 * Multi-dimensional 0/1 knapsack with correlated weights and profits and half of each resource
 * available: tiny to state, far beyond a fraction of a second of branch-and-bound for any backend here.
 */
export function hardKnapsack(seed: number, items = 150, dims = 10): Model {
  const rnd = seededRandom(seed);
  const model = new Model('mkp');
  const take = Array.from({ length: items }, (_, j) => model.addVar('take', [j], { ub: 1, integer: true }));
  const weights = Array.from({ length: dims }, () => take.map(() => 10 + Math.floor(rnd() * 90)));
  weights.forEach((row, i) => {
    const capacity = row.reduce((s, w) => s + w, 0) / 2;
    model.addConstraint('resource', [i], LinExpr.weighted(take.map((v, j) => ({ coef: row[j] as number, v }))), '<=', capacity);
  });
  const profit = take.map((_, j) => weights.reduce((s, row) => s + (row[j] as number), 0) / dims + Math.floor(rnd() * 20));
  model.maximize(LinExpr.weighted(take.map((v, j) => ({ coef: profit[j] as number, v }))));
  return model;
}
