/**
 * Entry points: lower the model once, validate options, dispatch to a backend through the registry,
 * and normalise what comes back.
 */
import type { BackendOutcome, BackendRunOptions, SolveOptions } from './backend.js';
import type { Model } from './model.js';
import { getBackend } from './registry.js';
import { finalizeOutcome, toSolveResult, type SolveResult, type StandardFormSolution } from './result.js';
import { numCols, numRows, type StandardForm } from './standardForm.js';

export const DEFAULT_MIP_REL_GAP = 1e-4;

function resolveOptions(options: SolveOptions): BackendRunOptions {
  const timeLimitSec = options.timeLimitSec ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(timeLimitSec) || timeLimitSec <= 0) throw new RangeError(`timeLimitSec must be > 0, got ${timeLimitSec}`);
  const mipRelGap = options.mipRelGap ?? DEFAULT_MIP_REL_GAP;
  if (!Number.isFinite(mipRelGap) || mipRelGap < 0) throw new RangeError(`mipRelGap must be a finite number >= 0, got ${mipRelGap}`);
  const verbose = options.verbose === true;
  const log = verbose ? (options.onLog ?? ((line: string) => void process.stderr.write(`${line}\n`))) : undefined;
  for (const key of ['stopAtBound', 'stopAtObjective'] as const) {
    if (options[key] !== undefined && Number.isNaN(options[key])) throw new RangeError(`${key} must be a number, got NaN`);
  }
  if (options.nodeLimit !== undefined && !(Number.isInteger(options.nodeLimit) && options.nodeLimit > 0)) throw new RangeError(`nodeLimit must be a positive integer, got ${options.nodeLimit}`);
  return { timeLimitSec, mipRelGap, verbose, log, stopAtBound: options.stopAtBound, stopAtObjective: options.stopAtObjective, nodeLimit: options.nodeLimit, start: options.start, focus: options.focus, onBounds: options.onBounds };
}

/** A model without columns needs no solver: its rows are constants (0) and either hold or not. */
function solveWithoutColumns(sf: StandardForm): BackendOutcome {
  for (let i = 0; i < numRows(sf); i++) {
    if ((sf.rowLower[i] as number) > 0 || (sf.rowUpper[i] as number) < 0) {
      return { termination: 'infeasible', rawStatus: `no columns; row ${sf.rowNames[i] ?? i} cannot hold` };
    }
  }
  return { termination: 'optimal', rawStatus: 'no columns', x: new Float64Array(0) };
}

export async function solveStandardForm(sf: StandardForm, options: SolveOptions = {}): Promise<StandardFormSolution> {
  const name = options.backend ?? 'highs';
  const backend = getBackend(name);
  const run = resolveOptions(options);
  if (run.start instanceof Float64Array && run.start.length !== numCols(sf)) throw new RangeError(`start has ${run.start.length} values for ${numCols(sf)} columns`);
  if (run.start !== undefined && !(run.start instanceof Float64Array)) {
    for (const j of run.start.keys()) if (!Number.isInteger(j) || j < 0 || j >= numCols(sf)) throw new RangeError(`start names column ${j}; the model has ${numCols(sf)}`);
  }
  const started = performance.now();
  // A WASM solve never yields, and awaiting settled promises runs no event-loop turn: without this, a
  // Ctrl-C (handled by the CLI entry) or a progress timer waits for the whole plan, not one solve.
  await new Promise<void>((resolve) => setImmediate(resolve));
  let outcome: BackendOutcome;
  if (numCols(sf) === 0) {
    outcome = solveWithoutColumns(sf);
  } else {
    try {
      outcome = await backend.solve(sf, run);
    } catch (err) {
      // A solver crash is a result the caller must handle, not an exception from deep inside WASM.
      outcome = { termination: 'error', rawStatus: `exception: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const solution = finalizeOutcome(sf, outcome, name, (performance.now() - started) / 1000);
  options.onLog?.(
    `[${name}] ${solution.termination} in ${solution.seconds.toFixed(3)}s` +
      ` (${numCols(sf)} cols, ${numRows(sf)} rows, ${sf.colIndex.length} nnz)` +
      `${solution.objective === undefined ? '' : ` objective ${solution.objective}`}` +
      `${solution.gap === undefined ? '' : ` gap ${solution.gap.toExponential(2)}`} — ${solution.rawStatus}`,
  );
  return solution;
}

export async function solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
  const sf = model.toStandardForm();
  return toSolveResult(await solveStandardForm(sf, options), sf);
}
