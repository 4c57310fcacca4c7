/**
 * Turning a backend's report into the uniform result: derive hasSolution / objective / bound / gap /
 * row activities the same way for every backend, then offer Var-, LinExpr- and ConstraintRef-keyed
 * accessors.
 */
import type { BackendName, BackendOutcome, Termination } from './backend.js';
import { LinExpr } from './linExpr.js';
import type { ConstraintRef, Var } from './model.js';
import { computeObjective, computeRowActivities, hasIntegers, type StandardForm } from './standardForm.js';

export type { Termination } from './backend.js';

/** A solve on the StandardForm level: arrays by column / row index. */
export interface StandardFormSolution {
  readonly termination: Termination;
  /** A primal feasible point was returned (e.g. time_limit with incumbent → true). */
  readonly hasSolution: boolean;
  /** Incl. objective constant; undefined without a solution. */
  readonly objective: number | undefined;
  /** Best proven bound: MILP dual bound, = objective for an optimal LP; undefined if unknown. */
  readonly bound: number | undefined;
  /** |objective - bound| / max(1e-9, |objective|). */
  readonly gap: number | undefined;
  readonly seconds: number;
  readonly backend: BackendName;
  readonly rawStatus: string;
  readonly x: Float64Array | undefined;
  readonly rowActivity: Float64Array | undefined;
  /** ∂objective/∂(row bound); LPs solved to optimality by a backend with duals only. */
  readonly rowDual: Float64Array | undefined;
}

/** Values at one point of a model's columns. */
export interface Solution {
  value(v: Var): number;
  /** Σ coef·value + constant of an expression over the model's variables. */
  evaluate(expr: LinExpr): number;
}

/** Solver values this close to 0 are taken as 0 in the rounded solution (a backend's feasibility noise). */
const ZERO_TOLERANCE = 1e-9;

export interface SolveResult extends Solution {
  readonly termination: Termination;
  readonly hasSolution: boolean;
  readonly objective: number | undefined;
  readonly bound: number | undefined;
  readonly gap: number | undefined;
  readonly seconds: number;
  readonly backend: BackendName;
  readonly rawStatus: string;
  /** Throws if !hasSolution. */
  value(v: Var): number;
  /** The expression at the solver's point; throws if !hasSolution. */
  evaluate(expr: LinExpr): number;
  /**
   * The point a plan reports: integer columns rounded (solvers return 0.9999999 for 1), values
   * within 1e-9 of 0 set to 0, and every value moved into its column's bounds. Throws if !hasSolution.
   */
  roundedSolution(): Solution;
  /** Copy of the rounded point's column values (what roundedSolution reads); throws if !hasSolution. */
  roundedValues(): Float64Array;
  /** Copy of all column values; throws if !hasSolution. */
  values(): Float64Array;
  /** lhs value (without the expression's constant) at the solution; throws if !hasSolution. */
  rowActivity(c: ConstraintRef): number;
  /** ∂objective/∂rhs; undefined unless an LP was solved to optimality by a backend with duals. */
  dual(c: ConstraintRef): number | undefined;
}

/** Terminations after which a returned point is meaningful. */
const POINT_TERMINATIONS: ReadonlySet<Termination> = new Set(['optimal', 'time_limit', 'iteration_limit', 'target_reached']);

export function finalizeOutcome(sf: StandardForm, out: BackendOutcome, backend: BackendName, seconds: number): StandardFormSolution {
  let termination = out.termination;
  let rawStatus = out.rawStatus;
  if (termination === 'optimal' && out.x === undefined) {
    // Never trust "optimal" without a point: report the inconsistency instead.
    termination = 'error';
    rawStatus = `${rawStatus} (claimed optimal but returned no solution)`;
  }
  const hasSolution = out.x !== undefined && POINT_TERMINATIONS.has(termination);
  const x = hasSolution ? out.x : undefined;
  const objective = x === undefined ? undefined : (out.objective ?? computeObjective(sf, x));
  let bound = out.bound;
  if (bound === undefined && termination === 'optimal' && !hasIntegers(sf)) bound = objective;
  const gap = objective !== undefined && bound !== undefined ? Math.abs(objective - bound) / Math.max(1e-9, Math.abs(objective)) : undefined;
  return Object.freeze({
    termination,
    hasSolution,
    objective,
    bound,
    gap,
    seconds,
    backend,
    rawStatus,
    x,
    rowActivity: x === undefined ? undefined : computeRowActivities(sf, x),
    rowDual: termination === 'optimal' && !hasIntegers(sf) ? out.rowDual : undefined,
  });
}

export function toSolveResult(s: StandardFormSolution, sf: StandardForm): SolveResult {
  const need = (what: string): Float64Array => {
    if (s.x === undefined) throw new Error(`${what}: no solution available (termination '${s.termination}', ${s.backend}: ${s.rawStatus})`);
    return s.x;
  };
  let roundedX: Float64Array | undefined;
  let rounded: Solution | undefined;
  const roundedAt = () => (roundedX ??= roundedPoint(sf, need('roundedSolution()')));
  return Object.freeze({
    termination: s.termination,
    hasSolution: s.hasSolution,
    objective: s.objective,
    bound: s.bound,
    gap: s.gap,
    seconds: s.seconds,
    backend: s.backend,
    rawStatus: s.rawStatus,
    value(v: Var): number {
      return solutionAt(need(`value(${v.name})`)).value(v);
    },
    evaluate(expr: LinExpr): number {
      return evaluateAt(expr, need('evaluate()'));
    },
    roundedSolution(): Solution {
      rounded ??= solutionAt(roundedAt());
      return rounded;
    },
    roundedValues(): Float64Array {
      return roundedAt().slice();
    },
    values(): Float64Array {
      return need('values()').slice();
    },
    rowActivity(c: ConstraintRef): number {
      need(`rowActivity(${c.name})`);
      const a = s.rowActivity?.[c.index];
      if (a === undefined) throw new RangeError(`rowActivity(${c.name}): row index ${c.index} is not in this result`);
      return a;
    },
    dual(c: ConstraintRef): number | undefined {
      return s.rowDual?.[c.index];
    },
  });
}

/** The solution at a point given by its column values (a plan's point adjusted after the solve). */
export function solutionAt(x: Float64Array): Solution {
  return {
    value(v: Var): number {
      const val = x[v.index];
      if (val === undefined) throw new RangeError(`value(${v.name}): variable index ${v.index} is not in this result`);
      return val;
    },
    evaluate(expr: LinExpr): number {
      return evaluateAt(expr, x);
    },
  };
}

function evaluateAt(expr: LinExpr, x: Float64Array): number {
  const { vars, coefs, length } = LinExpr.unsafeTerms(expr);
  let sum = expr.constant;
  for (let t = 0; t < length; t++) {
    const j = vars[t] as number;
    const v = x[j];
    if (v === undefined) throw new RangeError(`evaluate(): variable index ${j} is not in this result`);
    sum += (coefs[t] as number) * v;
  }
  return sum;
}

function roundedPoint(sf: StandardForm, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const v = x[j] as number;
    const snapped = sf.integer[j] === 1 ? Math.round(v) : Math.abs(v) < ZERO_TOLERANCE ? 0 : v;
    out[j] = Math.min(sf.colUpper[j] as number, Math.max(sf.colLower[j] as number, snapped));
  }
  return out;
}
