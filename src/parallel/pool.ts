/**
 * ONE worker-thread pool per process (piscina), shared by every parallel job: sweep variants now, the
 * replays of issue 18 later. A task is any exported function named by its module's URL (task.ts), so
 * this folder depends on none of its callers. Pools must not nest — on a 2-core machine two pools of two threads each
 * oversubscribe the cores — so a task started from inside a worker runs inline in that worker.
 *
 * Workers load the same build as the process: the compiled dist/ under `npx llmcap`, the TypeScript
 * sources under vitest or `node --import tsx` (through tsxWorker.mjs, which registers tsx in the
 * worker).
 */
import { availableParallelism } from 'node:os';
import { isMainThread, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runHere, type TaskRef } from './task.js';
import type { TaskMessage, WorkerSetup } from './worker.js';

/** The worker entry of the build this module belongs to. */
export function workerEntry(): string {
  return import.meta.url.endsWith('.ts') ? new URL('./tsxWorker.mjs', import.meta.url).href : new URL('./worker.js', import.meta.url).href;
}

/** Every core, unless told otherwise. */
export function defaultThreads(): number {
  return availableParallelism();
}

let pool: Piscina<TaskMessage, unknown> | undefined;
/** The setup the pool's workers started with (JSON), to tell whether a caller asks for another. */
let poolSetup = '';

export interface PoolOptions {
  /** Tasks (without input) every worker runs once as it starts, before its first task: e.g. load a planner and its tables. */
  readonly preload?: readonly TaskRef<undefined, unknown>[];
}

/**
 * Start the process's pool with `threads` workers now. A pool of another size or setup is closed
 * first, after its running tasks finish.
 */
export async function usePoolThreads(threads: number, options: PoolOptions = {}): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`a pool needs a whole number of threads ≥ 1, got ${threads}`);
  const setup = setupOf(options);
  if (pool?.maxThreads === threads && JSON.stringify(setup) === poolSetup) return;
  await closePool();
  pool = createPool(threads, threads, setup);
}

const setupOf = (options: PoolOptions): WorkerSetup => ({ preload: (options.preload ?? []).map(({ module, name }) => ({ module, name })) });

function createPool(threads: number, startNow: number, setup: WorkerSetup): Piscina<TaskMessage, unknown> {
  poolSetup = JSON.stringify(setup);
  // Workers stay until the pool is closed: a sweep's tasks reuse loaded modules and memoized
  // capacity rows. atomics 'disabled': tasks are async and may leave timers behind.
  return new Piscina<TaskMessage, unknown>({ filename: workerEntry(), minThreads: startNow, maxThreads: threads, idleTimeout: Number.POSITIVE_INFINITY, atomics: 'disabled', workerData: setup });
}

/** Threads of the process's pool (0 before it is sized or started). */
export function poolThreads(): number {
  return pool?.maxThreads ?? 0;
}

export interface RunOptions {
  /** Aborting stops the task: its worker is terminated (piscina) and the promise rejects. */
  readonly signal?: AbortSignal;
  /** Objects moved to the worker rather than copied (a MessagePort the task reports on). */
  readonly transferList?: readonly MessagePort[];
}

/** Run a task in the pool, or inline when already inside a worker (no nested pools). */
export async function runTask<I, O>(task: TaskRef<I, O>, input: I, options: RunOptions = {}): Promise<O> {
  if (!isMainThread) return runHere(task, input);
  pool ??= createPool(defaultThreads(), 0, setupOf({}));
  const message: TaskMessage = { module: task.module, name: task.name, input };
  return (await pool.run(message, { ...(options.signal ? { signal: options.signal } : {}), ...(options.transferList ? { transferList: [...options.transferList] as never } : {}) })) as O;
}

/** Stop the workers (waiting for running tasks unless `force`); the next task starts a new pool. */
export async function closePool(options: { readonly force?: boolean } = {}): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p) await (options.force ? p.destroy() : p.close());
}
