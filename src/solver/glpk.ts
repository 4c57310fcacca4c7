/**
 * GLPK (glpk.js, WASM) backend. glpk.js takes a JSON problem with named columns/rows, so the
 * StandardForm is re-expressed with generated names x0..xN / r0..rM (never user names).
 *
 * glpk.js quirks this file works around:
 * - It discards glp_simplex / glp_intopt return codes, so a MIP stopped by the time limit and one
 *   stopped by the gap tolerance both say GLP_FEAS. We tell them apart with the clock.
 * - With presolve on, an infeasible or unbounded LP comes back as GLP_UNDEF, so an undecided answer is
 *   re-solved without presolve (the simplex then proves GLP_NOFEAS / GLP_UNBND). MIPs need presolve:
 *   glpk.js runs glp_intopt without first solving the relaxation.
 * - Its log goes straight to stdout (console.log bound at load time) and cannot be redirected.
 */
import type { GLPK, LP, Options, Result } from 'glpk.js/node';
import type { Backend, BackendOutcome, BackendRunOptions, Termination } from './backend.js';
import { once } from './lazyModule.js';
import { hasIntegers, numCols, numRows, type StandardForm } from './standardForm.js';

const loadGlpk = once(async (): Promise<GLPK> => (await import('glpk.js/node')).default());

/** What a glpk.js solution status means before we look at the clock. */
type Verdict = Termination | 'stopped_early' | 'stopped_with_incumbent' | 'undecided';

/** glp_get_status after glp_simplex. GLP_FEAS / GLP_INFEAS: simplex stopped before the end. */
const LP_TABLE: Readonly<Record<number, Verdict>> = { 1: 'undecided', 2: 'stopped_with_incumbent', 3: 'stopped_early', 4: 'infeasible', 5: 'optimal', 6: 'unbounded' };
/** glp_mip_status after glp_intopt. GLP_FEAS: the search stopped with an incumbent (gap or time). */
const MIP_TABLE: Readonly<Record<number, Verdict>> = { 1: 'undecided', 2: 'stopped_with_incumbent', 4: 'infeasible', 5: 'optimal' };
const STATUS_NAMES: Readonly<Record<number, string>> = { 1: 'GLP_UNDEF', 2: 'GLP_FEAS', 3: 'GLP_INFEAS', 4: 'GLP_NOFEAS', 5: 'GLP_OPT', 6: 'GLP_UNBND' };

const MAX_TMLIM_SEC = 2_000_000;

const statusName = (code: number): string => STATUS_NAMES[code] ?? `status ${code}`;

function boundsOf(glpk: GLPK, lo: number, up: number): { type: number; lb: number; ub: number } {
  const hasLo = Number.isFinite(lo);
  const hasUp = Number.isFinite(up);
  if (hasLo && hasUp) return { type: lo === up ? glpk.GLP_FX : glpk.GLP_DB, lb: lo, ub: up };
  if (hasLo) return { type: glpk.GLP_LO, lb: lo, ub: 0 };
  if (hasUp) return { type: glpk.GLP_UP, lb: 0, ub: up };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

function toGlpkProblem(glpk: GLPK, sf: StandardForm, integers: boolean): LP {
  const n = numCols(sf);
  const colName = Array.from({ length: n }, (_, j) => `x${j}`);
  const objectiveVars: { name: string; coef: number }[] = [];
  const bounds: NonNullable<LP['bounds']> = [];
  const generals: string[] = [];
  for (let j = 0; j < n; j++) {
    const name = colName[j] as string;
    const c = sf.objective[j] as number;
    if (c !== 0) objectiveVars.push({ name, coef: c });
    // Every column gets an explicit bound entry: it is also what makes glpk.js create the column.
    bounds.push({ name, ...boundsOf(glpk, sf.colLower[j] as number, sf.colUpper[j] as number) });
    if (integers && sf.integer[j] === 1) generals.push(name);
  }
  const subjectTo: LP['subjectTo'] = [];
  for (let i = 0; i < numRows(sf); i++) {
    const vars: { name: string; coef: number }[] = [];
    for (let k = sf.rowStart[i] as number, end = sf.rowStart[i + 1] as number; k < end; k++) {
      vars.push({ name: colName[sf.colIndex[k] as number] as string, coef: sf.value[k] as number });
    }
    subjectTo.push({ name: `r${i}`, vars, bnds: boundsOf(glpk, sf.rowLower[i] as number, sf.rowUpper[i] as number) });
  }
  return {
    name: 'llmcap',
    objective: { direction: sf.sense === 'max' ? glpk.GLP_MAX : glpk.GLP_MIN, name: 'obj', vars: objectiveVars },
    subjectTo,
    bounds,
    generals,
  };
}

function byGeneratedName(prefix: string, count: number, record: Readonly<Record<string, number>> | undefined): Float64Array {
  const out = new Float64Array(count);
  if (record !== undefined) for (let k = 0; k < count; k++) out[k] = record[`${prefix}${k}`] ?? 0;
  return out;
}

interface Attempt {
  readonly result: Result['result'];
  readonly code: number;
}

export const glpkBackend: Backend = {
  name: 'glpk',
  capabilities: Object.freeze({ integers: true, duals: true, timeLimit: true, mipGap: true, dualBound: false, mipControl: false }),
  async solve(sf: StandardForm, options: BackendRunOptions): Promise<BackendOutcome> {
    const glpk = await loadGlpk();
    const isMip = hasIntegers(sf);
    const limit = options.timeLimitSec;
    let spent = 0;
    const run = (lp: LP, presol: boolean): Attempt => {
      const opts: Options = { msglev: options.verbose ? glpk.GLP_MSG_ON : glpk.GLP_MSG_OFF, presol, mipgap: options.mipRelGap };
      // glpk.js hands tmlim·1000 to a C int: keep it below 2^31 ms.
      if (Number.isFinite(limit)) opts.tmlim = Math.min(MAX_TMLIM_SEC, Math.max(0.001, limit - spent));
      const r = glpk.solve(lp, opts);
      spent += r.time;
      return { result: r.result, code: r.result.status };
    };
    // glpk.js measures with Date; GLPK's own clock may stop a little before our 100%.
    const outOfTime = (): boolean => Number.isFinite(limit) && spent >= 0.95 * limit;

    const problem = toGlpkProblem(glpk, sf, isMip);
    const first = run(problem, true);
    const kind = isMip ? 'intopt' : 'simplex';
    let verdict = (isMip ? MIP_TABLE : LP_TABLE)[first.code] ?? 'error';
    let rawStatus = `${statusName(first.code)} (${kind}, presolve on)`;
    let final = first;

    if (verdict === 'undecided' && !outOfTime()) {
      // Presolve stopped without a verdict: let the plain simplex decide on the (relaxed) problem.
      const second = run(isMip ? toGlpkProblem(glpk, sf, false) : problem, false);
      rawStatus += `; ${isMip ? 'LP relaxation' : 'LP'} without presolve: ${statusName(second.code)}`;
      const relaxed = LP_TABLE[second.code] ?? 'error';
      if (!isMip) {
        verdict = relaxed;
        final = second;
      } else if (relaxed === 'infeasible') {
        verdict = 'infeasible';
      } else if (relaxed === 'unbounded') {
        verdict = 'infeasible_or_unbounded'; // an unbounded relaxation: the MIP is unbounded or infeasible
      }
    }

    let termination: Termination;
    let withPoint = false;
    switch (verdict) {
      case 'stopped_with_incumbent':
        // No limit hit: for a MIP only the gap tolerance stops the search with an incumbent.
        termination = outOfTime() ? 'time_limit' : isMip && options.mipRelGap > 0 ? 'optimal' : 'error';
        rawStatus += termination === 'optimal' ? ' — gap tolerance reached' : termination === 'time_limit' ? ' — time limit reached' : '';
        withPoint = true;
        break;
      case 'stopped_early':
      case 'undecided':
        termination = outOfTime() ? 'time_limit' : 'error';
        break;
      default:
        termination = verdict;
        withPoint = verdict === 'optimal';
    }
    if (!withPoint) return { termination, rawStatus };
    const r = final.result;
    return {
      termination,
      rawStatus,
      x: byGeneratedName('x', numCols(sf), r.vars),
      objective: r.z + sf.objectiveConstant,
      ...(!isMip && termination === 'optimal' ? { rowDual: byGeneratedName('r', numRows(sf), r.dual) } : {}),
    };
  },
};
