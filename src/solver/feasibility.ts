/**
 * Independent check of a primal point against the StandardForm. Used to vet solvers that cannot say
 * why they stopped (javascript-lp-solver after a timeout) and by tests to check every backend's answer.
 */
import { computeRowActivities, numCols, numRows, type StandardForm } from './standardForm.js';

export interface Violation {
  /** Largest bound violation of a row, scaled by max(1, |bound|). */
  readonly row: number;
  readonly rowIndex: number;
  /** Largest column bound violation, scaled the same way. */
  readonly bound: number;
  readonly colIndex: number;
  /** Largest distance of an integer column from the nearest integer. */
  readonly integrality: number;
}

function scaledExcess(value: number, lo: number, hi: number): number {
  if (value < lo) return (lo - value) / Math.max(1, Math.abs(lo));
  if (value > hi) return (value - hi) / Math.max(1, Math.abs(hi));
  return 0;
}

export function measureViolation(sf: StandardForm, x: ArrayLike<number>): Violation {
  const activity = computeRowActivities(sf, x);
  let row = 0;
  let rowIndex = -1;
  for (let i = 0; i < numRows(sf); i++) {
    const v = scaledExcess(activity[i] as number, sf.rowLower[i] as number, sf.rowUpper[i] as number);
    if (v > row || Number.isNaN(v)) {
      row = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
      rowIndex = i;
    }
  }
  let bound = 0;
  let colIndex = -1;
  let integrality = 0;
  for (let j = 0; j < numCols(sf); j++) {
    const xj = x[j] as number;
    const v = Number.isFinite(xj) ? scaledExcess(xj, sf.colLower[j] as number, sf.colUpper[j] as number) : Number.POSITIVE_INFINITY;
    if (v > bound) {
      bound = v;
      colIndex = j;
    }
    if (sf.integer[j] === 1) integrality = Math.max(integrality, Math.abs(xj - Math.round(xj)));
  }
  return { row, rowIndex, bound, colIndex, integrality };
}

export function isPrimalFeasible(sf: StandardForm, x: ArrayLike<number>, tol = 1e-6): boolean {
  const v = measureViolation(sf, x);
  return v.row <= tol && v.bound <= tol && v.integrality <= tol;
}
