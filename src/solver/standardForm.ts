/**
 * The neutral lowered form every backend consumes (cf. linopy's MatrixAccessor):
 *   min/max  objective·x + objectiveConstant
 *   s.t.     rowLower <= A x <= rowUpper   (A in CSR, columns sorted, duplicates merged)
 *            colLower <= x <= colUpper, x[j] integer where integer[j] = 1
 * Infinite bounds are ±Infinity. Names are for people only; backends use generated names.
 */
import { LinExpr } from './linExpr.js';

export interface StandardForm {
  readonly sense: 'min' | 'max';
  readonly objective: Float64Array;
  readonly objectiveConstant: number;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly integer: Uint8Array;
  readonly colNames: readonly string[];
  readonly rowStart: Int32Array;
  readonly colIndex: Int32Array;
  readonly value: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly rowNames: readonly string[];
}

/** What the builder hands to `lowerToStandardForm`; bounds already have constants moved. */
export interface LoweringInput {
  readonly sense: 'min' | 'max';
  readonly objective: LinExpr;
  readonly colLower: readonly number[];
  readonly colUpper: readonly number[];
  readonly integer: readonly boolean[];
  readonly colNames: readonly string[];
  readonly rowExprs: readonly LinExpr[];
  readonly rowLower: readonly number[];
  readonly rowUpper: readonly number[];
  readonly rowNames: readonly string[];
}

export function numCols(sf: StandardForm): number {
  return sf.colLower.length;
}

export function numRows(sf: StandardForm): number {
  return sf.rowLower.length;
}

export function hasIntegers(sf: StandardForm): boolean {
  return sf.integer.includes(1);
}

/**
 * Builds the CSR matrix in O(nnz + Σ k log k) (k = distinct columns of a row): duplicates are merged
 * through a dense accumulator indexed by column, each row's columns are sorted for determinism, and
 * coefficients that cancel to exactly 0 are dropped.
 */
export function lowerToStandardForm(input: LoweringInput): StandardForm {
  const n = input.colLower.length;
  const m = input.rowExprs.length;

  const objective = new Float64Array(n);
  const obj = LinExpr.unsafeTerms(input.objective);
  for (let t = 0; t < obj.length; t++) objective[obj.vars[t] as number]! += obj.coefs[t] as number;

  let capacity = 0;
  for (const e of input.rowExprs) capacity += e.termCount;
  const colIndex = new Int32Array(capacity);
  const value = new Float64Array(capacity);
  const rowStart = new Int32Array(m + 1);

  // lastRowOf[j] = last row that touched column j (+1 so the zero fill means "never").
  const lastRowOf = new Int32Array(n);
  const acc = new Float64Array(n);
  let nnz = 0;
  for (let i = 0; i < m; i++) {
    const terms = LinExpr.unsafeTerms(input.rowExprs[i] as LinExpr);
    const start = nnz;
    for (let t = 0; t < terms.length; t++) {
      const j = terms.vars[t] as number;
      const c = terms.coefs[t] as number;
      if (lastRowOf[j] !== i + 1) {
        lastRowOf[j] = i + 1;
        acc[j] = c;
        colIndex[nnz++] = j;
      } else {
        acc[j]! += c;
      }
    }
    colIndex.subarray(start, nnz).sort();
    let write = start;
    for (let k = start; k < nnz; k++) {
      const j = colIndex[k] as number;
      const c = acc[j] as number;
      if (c === 0) continue;
      colIndex[write] = j;
      value[write] = c;
      write++;
    }
    nnz = write;
    rowStart[i + 1] = nnz;
  }

  return Object.freeze({
    sense: input.sense,
    objective,
    objectiveConstant: input.objective.constant,
    colLower: Float64Array.from(input.colLower),
    colUpper: Float64Array.from(input.colUpper),
    integer: Uint8Array.from(input.integer, (b) => (b ? 1 : 0)),
    colNames: input.colNames.slice(),
    rowStart,
    colIndex: nnz === capacity ? colIndex : colIndex.slice(0, nnz),
    value: nnz === capacity ? value : value.slice(0, nnz),
    rowLower: Float64Array.from(input.rowLower),
    rowUpper: Float64Array.from(input.rowUpper),
    rowNames: input.rowNames.slice(),
  });
}

/** A x for a column vector x. */
export function computeRowActivities(sf: StandardForm, x: ArrayLike<number>): Float64Array {
  const m = numRows(sf);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = sf.rowStart[i] as number, end = sf.rowStart[i + 1] as number; k < end; k++) {
      s += (sf.value[k] as number) * (x[sf.colIndex[k] as number] as number);
    }
    out[i] = s;
  }
  return out;
}

/**
 * The least objective any point inside the column bounds can have, rows aside (−Infinity when a
 * column with a cost is unbounded on its cheap side; +Infinity for a maximisation's most). A valid
 * bound with no solve: a model whose costs are all non-negative on non-negative columns is bounded
 * by its constant.
 */
export function boxBound(sf: StandardForm): number {
  const sign = sf.sense === 'max' ? -1 : 1;
  let s = sign * sf.objectiveConstant;
  for (let j = 0; j < sf.objective.length; j++) {
    const c = sign * (sf.objective[j] as number);
    if (c === 0) continue;
    s += c > 0 ? c * (sf.colLower[j] as number) : c * (sf.colUpper[j] as number);
  }
  return sign * (Number.isNaN(s) ? -Infinity : s);
}

/** objective·x + objectiveConstant. */
export function computeObjective(sf: StandardForm, x: ArrayLike<number>): number {
  let s = sf.objectiveConstant;
  for (let j = 0; j < sf.objective.length; j++) {
    const c = sf.objective[j] as number;
    if (c !== 0) s += c * (x[j] as number);
  }
  return s;
}
