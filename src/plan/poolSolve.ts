/**
 * MILP solves on the process's worker pool (src/parallel), so that independent window solves run on
 * every core while this thread builds the next models. The model is lowered here and only its
 * standard form (plain arrays) crosses to the worker; the result comes back as arrays and is wrapped
 * here, so a solve in a worker returns the same values as the same solve in this thread.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { runTask } from '../parallel/pool.js';
import { taskRef } from '../parallel/task.js';
import { solveStandardForm, toSolveResult, type Model, type SolveOptions, type SolveResult, type StandardForm, type StandardFormSolution } from '../solver/index.js';

/** A solve of a model: in this thread (the solver's `solve`) or on the pool (`solveOnPool`). */
export type SolveFn = (model: Model, options: SolveOptions) => Promise<SolveResult>;

export interface StandardFormTask {
  readonly sf: StandardForm;
  /** Without onLog/verbose/onBounds: functions do not cross threads, and a worker's log would interleave. */
  readonly options: Omit<SolveOptions, 'onLog' | 'verbose' | 'onBounds'>;
  /** Where the worker posts the search's [incumbent, bound] as it goes, when the caller listens (onBounds). */
  readonly bounds?: MessagePort;
}

const SOLVE_TASK = taskRef<StandardFormTask, StandardFormSolution>(new URL('./poolSolve.js', import.meta.url), 'solveStandardFormTask');

/** The task a worker runs. */
export async function solveStandardFormTask(task: StandardFormTask): Promise<StandardFormSolution> {
  const port = task.bounds;
  try {
    return await solveStandardForm(task.sf, { ...task.options, ...(port ? { onBounds: (incumbent: number | undefined, bound: number) => port.postMessage([incumbent, bound]) } : {}) });
  } finally {
    port?.close();
  }
}

/** Solve on the pool (inline when this thread is itself a worker: pools do not nest). */
export const solveOnPool: SolveFn = async (model, options) => {
  const sf = model.toStandardForm();
  const { onLog: _log, verbose: _verbose, onBounds, ...rest } = options;
  if (!onBounds) return toSolveResult(await runTask(SOLVE_TASK, { sf, options: rest }), sf);
  // The search's progress comes back over a port of its own, for the caller's progress reports.
  const channel = new MessageChannel();
  channel.port1.on('message', ([incumbent, bound]: [number | undefined, number]) => onBounds(incumbent, bound));
  try {
    return toSolveResult(await runTask(SOLVE_TASK, { sf, options: rest, bounds: channel.port2 }, { transferList: [channel.port2] }), sf);
  } finally {
    channel.port1.close();
  }
};
