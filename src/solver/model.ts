/**
 * Solver-agnostic model builder: named variable and constraint families, an objective, and a lowering
 * to the neutral StandardForm. Formulation code only ever sees this API, never a backend's dialect.
 */
import { assertValidFamily, FamilyTracker, memberName, type FamilyRange, type IndexKey } from './families.js';
import { LinExpr } from './linExpr.js';
import { lowerToStandardForm, type StandardForm } from './standardForm.js';

export { LinExpr } from './linExpr.js';
export type { FamilyRange, IndexKey } from './families.js';

export interface Var {
  readonly index: number;
  readonly name: string;
}

export interface VarOptions {
  lb?: number;
  ub?: number;
  integer?: boolean;
}

export type Sense = '<=' | '>=' | '=';

export interface ConstraintRef {
  readonly index: number;
  readonly name: string;
}

export class Model {
  readonly name: string;

  private readonly varsByName = new Map<string, Var>();
  private readonly colLower: number[] = [];
  private readonly colUpper: number[] = [];
  private readonly colInteger: boolean[] = [];
  private readonly colNames: string[] = [];
  private readonly varFamilies = new FamilyTracker();

  private readonly rowIndexByName = new Map<string, number>();
  private readonly rowExprs: LinExpr[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly rowNames: string[] = [];
  private readonly rowFamilies = new FamilyTracker();

  private objectiveSense: 'min' | 'max' = 'min';
  private objectiveExpr: LinExpr = LinExpr.zero();
  // Lowering is the expensive step, so it runs once and is shared by every backend until the model changes.
  private lowered: StandardForm | undefined;

  constructor(name = 'model') {
    this.name = name;
  }

  get numVars(): number {
    return this.colNames.length;
  }

  get numConstraints(): number {
    return this.rowNames.length;
  }

  addVar(family: string, index: IndexKey, opts: VarOptions = {}): Var {
    assertValidFamily('variable', family);
    const name = memberName(family, index);
    if (this.varsByName.has(name)) throw new Error(`duplicate variable name '${name}' in model '${this.name}'`);
    const lb = opts.lb ?? 0;
    const ub = opts.ub ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(lb) || Number.isNaN(ub) || lb > ub || lb === Number.POSITIVE_INFINITY || ub === Number.NEGATIVE_INFINITY) {
      throw new RangeError(`variable '${name}': invalid bounds [${lb}, ${ub}]`);
    }
    const v: Var = Object.freeze({ index: this.colNames.length, name });
    this.varsByName.set(name, v);
    this.colLower.push(lb);
    this.colUpper.push(ub);
    this.colInteger.push(opts.integer === true);
    this.colNames.push(name);
    this.varFamilies.record(family, v.index);
    this.lowered = undefined;
    return v;
  }

  /**
   * lhs `sense` rhs, written as the math reads (Σ x/cap ≤ u·n is `addConstraint(…, load, '<=', LinExpr.of(n, u))`).
   * A number on the right is the row's bound as given; with an expression there the row is lhs − rhs
   * against 0. Either way the constants are moved to the right-hand side.
   */
  addConstraint(family: string, index: IndexKey, lhs: LinExpr, sense: Sense, rhs: LinExpr | number): ConstraintRef {
    const [row, rhsValue] = typeof rhs === 'number' ? [lhs, rhs] : [lhs.minus(rhs), 0];
    if (!Number.isFinite(rhsValue) || !Number.isFinite(row.constant)) {
      throw new RangeError(`constraint '${memberName(family, index)}': rhs must be finite, got ${typeof rhs === 'number' ? rhs : `an expression with constant ${-row.constant}`}`);
    }
    const bound = rhsValue - row.constant;
    switch (sense) {
      case '<=':
        return this.pushRow(family, index, row, Number.NEGATIVE_INFINITY, bound);
      case '>=':
        return this.pushRow(family, index, row, bound, Number.POSITIVE_INFINITY);
      case '=':
        return this.pushRow(family, index, row, bound, bound);
      default:
        throw new TypeError(`constraint '${memberName(family, index)}': unknown sense '${String(sense)}'`);
    }
  }

  /**
   * lower <= lhs <= upper as ONE row (a ranged row); either side may be infinite. Not in the original
   * API sketch: without it a two-sided limit costs two rows and two duals.
   */
  addRangeConstraint(family: string, index: IndexKey, lhs: LinExpr, lower: number, upper: number): ConstraintRef {
    const name = memberName(family, index);
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower > upper || lower === Number.POSITIVE_INFINITY || upper === Number.NEGATIVE_INFINITY) {
      throw new RangeError(`constraint '${name}': invalid range [${lower}, ${upper}]`);
    }
    return this.pushRow(family, index, lhs, lower - lhs.constant, upper - lhs.constant);
  }

  minimize(expr: LinExpr): void {
    this.setObjective('min', expr);
  }

  maximize(expr: LinExpr): void {
    this.setObjective('max', expr);
  }

  get sense(): 'min' | 'max' {
    return this.objectiveSense;
  }

  variable(family: string, index: IndexKey): Var | undefined {
    return this.varsByName.get(memberName(family, index));
  }

  constraint(family: string, index: IndexKey): ConstraintRef | undefined {
    const name = memberName(family, index);
    const i = this.rowIndexByName.get(name);
    return i === undefined ? undefined : { index: i, name };
  }

  /**
   * A start for this model from a solution of another model over the same names (a restricted or
   * relaxed variant): each variable takes the value of its namesake there, and 0 where it has none.
   */
  startFrom(source: Model, values: ArrayLike<number>): Float64Array {
    const start = new Float64Array(this.colNames.length);
    for (let j = 0; j < source.colNames.length; j++) {
      const v = this.varsByName.get(source.colNames[j] as string);
      if (v) start[v.index] = values[j] ?? 0;
    }
    return start;
  }

  varName(index: number): string {
    return this.colNames[index] ?? `#${index}`;
  }

  constraintName(index: number): string {
    return this.rowNames[index] ?? `#${index}`;
  }

  variableFamilies(): ReadonlyMap<string, FamilyRange> {
    return this.varFamilies.snapshot();
  }

  constraintFamilies(): ReadonlyMap<string, FamilyRange> {
    return this.rowFamilies.snapshot();
  }

  toStandardForm(): StandardForm {
    this.lowered ??= lowerToStandardForm({
      sense: this.objectiveSense,
      objective: this.objectiveExpr,
      colLower: this.colLower,
      colUpper: this.colUpper,
      integer: this.colInteger,
      colNames: this.colNames,
      rowExprs: this.rowExprs,
      rowLower: this.rowLower,
      rowUpper: this.rowUpper,
      rowNames: this.rowNames,
    });
    return this.lowered;
  }

  private setObjective(sense: 'min' | 'max', expr: LinExpr): void {
    this.checkTerms('objective', expr);
    if (!Number.isFinite(expr.constant)) throw new RangeError(`objective constant must be finite, got ${expr.constant}`);
    this.objectiveSense = sense;
    this.objectiveExpr = expr;
    this.lowered = undefined;
  }

  private pushRow(family: string, index: IndexKey, lhs: LinExpr, lower: number, upper: number): ConstraintRef {
    assertValidFamily('constraint', family);
    const name = memberName(family, index);
    if (this.rowIndexByName.has(name)) throw new Error(`duplicate constraint name '${name}' in model '${this.name}'`);
    this.checkTerms(`constraint '${name}'`, lhs);
    const i = this.rowNames.length;
    this.rowIndexByName.set(name, i);
    this.rowExprs.push(lhs);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    this.rowNames.push(name);
    this.rowFamilies.record(family, i);
    this.lowered = undefined;
    return Object.freeze({ index: i, name });
  }

  /** Catch formulation bugs where they happen (NaN data, foreign variables), not deep inside a solver. */
  private checkTerms(what: string, e: LinExpr): void {
    const { vars, coefs, length } = LinExpr.unsafeTerms(e);
    const n = this.colNames.length;
    for (let t = 0; t < length; t++) {
      const j = vars[t] as number;
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new RangeError(`${what}: variable index ${j} does not belong to model '${this.name}'`);
      const c = coefs[t] as number;
      if (!Number.isFinite(c)) throw new RangeError(`${what}: coefficient of '${this.colNames[j]}' is ${c}`);
    }
  }
}
