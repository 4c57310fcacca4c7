/** The pool's worker entry: piscina calls the default export once per task. */
import { workerData } from 'node:worker_threads';
import { runHere } from './task.js';

export interface TaskMessage {
  readonly module: string;
  readonly name: string;
  readonly input: unknown;
}

/** What the pool's creator asks every worker to run once, as soon as it starts. */
export interface WorkerSetup {
  readonly preload: readonly { readonly module: string; readonly name: string }[];
}

// Load modules (and what they read once per thread) as the worker starts, before its first task:
// workers start when the pool is sized, so this overlaps the caller's own preparation. A failure here
// is left to the task that needs the module to report. Awaited by the first task, not at the top level:
// a worker terminated while its entry module still evaluates a top-level await aborts the whole
// process on Node 20 (tsxWorker.mjs).
const setup = workerData as WorkerSetup | undefined;
const preloaded = Promise.all((setup?.preload ?? []).map((task) => runHere(task, undefined).catch(() => undefined)));

export default async function runTask(message: TaskMessage): Promise<unknown> {
  await preloaded;
  return runHere(message, message.input);
}
