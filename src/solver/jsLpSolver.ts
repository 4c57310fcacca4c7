/**
 * javascript-lp-solver backend: a pure-JS dense-tableau simplex with branch-and-cut. Only suitable for
 * small models; here it is an independent cross-check for the WASM solvers.
 *
 * Its JSON model is column-wise (variable → {row: coef}), has no column bounds (non-negative unless
 * `unrestricted`), and reports only `feasible` / `bounded` flags. So bounds become rows with reserved
 * names, and every returned point is re-checked against the StandardForm before we call it a solution.
 */
import { createRequire } from 'node:module';
import type { Backend, BackendOutcome, BackendRunOptions, Termination } from './backend.js';
import { isPrimalFeasible } from './feasibility.js';
import { once } from './lazyModule.js';
import { hasIntegers, numCols, numRows, type StandardForm } from './standardForm.js';

interface JslBound {
  min?: number;
  max?: number;
  equal?: number;
}

interface JslModel {
  optimize: string;
  opType: 'min' | 'max';
  constraints: Record<string, JslBound>;
  variables: Record<string, Record<string, number>>;
  ints: Record<string, 1>;
  unrestricted: Record<string, 1>;
  options: { tolerance: number; timeout?: number };
}

interface JslResult {
  feasible: boolean;
  bounded?: boolean;
  isIntegral?: boolean;
  result: number;
  [name: string]: number | boolean | undefined;
}

interface JslSolver {
  Solve(model: JslModel): JslResult;
}

// The package is CommonJS and its typings disagree with its ESM build, so load the CJS build directly.
const loadJsl = once(async (): Promise<JslSolver> => createRequire(import.meta.url)('javascript-lp-solver') as JslSolver);

/** Objective attribute and bound-row names; rows are r<i>, so none of these can collide. */
const OBJECTIVE = 'obj';

function rowBound(lo: number, up: number): JslBound | undefined {
  const hasLo = Number.isFinite(lo);
  const hasUp = Number.isFinite(up);
  if (hasLo && hasUp) return lo === up ? { equal: lo } : { min: lo, max: up };
  if (hasLo) return { min: lo };
  if (hasUp) return { max: up };
  return undefined; // a free row constrains nothing
}

function toJslModel(sf: StandardForm, options: BackendRunOptions): JslModel {
  const n = numCols(sf);
  const constraints: Record<string, JslBound> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  for (let j = 0; j < n; j++) {
    const name = `x${j}`;
    const coefs: Record<string, number> = {};
    const c = sf.objective[j] as number;
    if (c !== 0) coefs[OBJECTIVE] = c;
    const lo = sf.colLower[j] as number;
    const up = sf.colUpper[j] as number;
    // jsl variables are >= 0 by default: a negative (or no) lower bound needs `unrestricted`, and any
    // other bound becomes a row of its own (x >= 0 itself is implied, so lb 0 adds no row).
    if (lo < 0) unrestricted[name] = 1;
    const bound = rowBound(lo === 0 ? Number.NEGATIVE_INFINITY : lo, up);
    if (bound !== undefined) {
      constraints[`b${j}`] = bound;
      coefs[`b${j}`] = 1;
    }
    if (sf.integer[j] === 1) ints[name] = 1;
    variables[name] = coefs;
  }
  for (let i = 0; i < numRows(sf); i++) {
    const bound = rowBound(sf.rowLower[i] as number, sf.rowUpper[i] as number);
    if (bound === undefined) continue;
    const row = `r${i}`;
    constraints[row] = bound;
    for (let k = sf.rowStart[i] as number, end = sf.rowStart[i + 1] as number; k < end; k++) {
      (variables[`x${sf.colIndex[k] as number}`] as Record<string, number>)[row] = sf.value[k] as number;
    }
  }
  return {
    optimize: OBJECTIVE,
    opType: sf.sense,
    constraints,
    variables,
    ints,
    unrestricted,
    // jsl stops when the incumbent is within `tolerance` of the root relaxation: a valid relative gap.
    options: { tolerance: options.mipRelGap, ...(Number.isFinite(options.timeLimitSec) ? { timeout: options.timeLimitSec * 1000 } : {}) },
  };
}

/** jsl's flags → termination, before the point itself is checked. */
function verdictOf(r: JslResult, isMip: boolean, timedOut: boolean): Termination | 'candidate' {
  if (!r.feasible) return timedOut ? 'time_limit' : 'infeasible';
  // An unbounded relaxation proves only "unbounded or infeasible" for a MIP.
  if (r.bounded === false) return isMip ? 'infeasible_or_unbounded' : 'unbounded';
  return 'candidate';
}

export const jslBackend: Backend = {
  name: 'jsl',
  // Its timeout only interrupts branch-and-cut, never a simplex run.
  capabilities: Object.freeze({ integers: true, duals: false, timeLimit: true, mipGap: true, dualBound: false, mipControl: false }),
  async solve(sf: StandardForm, options: BackendRunOptions): Promise<BackendOutcome> {
    const jsl = await loadJsl();
    const isMip = hasIntegers(sf);
    const started = performance.now();
    const r = jsl.Solve(toJslModel(sf, options));
    // jsl does not say why branch-and-cut stopped; having used the whole budget is the only hint.
    const timedOut = isMip && Number.isFinite(options.timeLimitSec) && performance.now() - started >= options.timeLimitSec * 1000;
    const rawStatus = `feasible=${String(r.feasible)} bounded=${String(r.bounded)}${isMip ? ` isIntegral=${String(r.isIntegral === true)}` : ''}${timedOut ? ' (time budget used up)' : ''}`;

    const verdict = verdictOf(r, isMip, timedOut);
    if (verdict !== 'candidate') return { termination: verdict, rawStatus };
    const x = new Float64Array(numCols(sf));
    for (let j = 0; j < x.length; j++) {
      const v = r[`x${j}`];
      x[j] = typeof v === 'number' ? v : 0; // jsl omits zero-valued variables
    }
    if (!isPrimalFeasible(sf, x, 1e-6)) {
      // e.g. a timeout before any integral incumbent leaves the last fractional relaxation behind.
      return { termination: timedOut ? 'time_limit' : 'error', rawStatus: `${rawStatus}; returned point violates the model` };
    }
    return { termination: timedOut ? 'time_limit' : 'optimal', rawStatus, x };
  },
};
