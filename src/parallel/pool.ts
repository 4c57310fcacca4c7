/**
 * ONE worker-thread pool per process (piscina), shared by every parallel job: sweep variants now, the
 * replays of issue 18 later. Pools must not nest — on a 2-core machine two pools of two threads each
 * oversubscribe the cores — so a task started from inside a worker runs inline in that worker.
 *
 * Workers load the same build as the process: the compiled dist/ under `npx llmcap`, the TypeScript
 * sources under vitest or `node --import tsx` (through tsxWorker.mjs, which registers tsx in the
 * worker).
 */
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runHere, type TaskInput, type TaskName, type TaskOutput } from './tasks.js';
import type { TaskMessage } from './worker.js';

/** The worker entry of the build this module belongs to. */
export function workerEntry(): string {
  return import.meta.url.endsWith('.ts') ? new URL('./tsxWorker.mjs', import.meta.url).href : new URL('./worker.js', import.meta.url).href;
}

/** Every core, unless told otherwise. */
export function defaultThreads(): number {
  return availableParallelism();
}

let pool: Piscina<TaskMessage, unknown> | undefined;

/**
 * Start the process's pool with `threads` workers now, so they load their modules while the caller
 * prepares the work. A pool of another size is closed first, after its running tasks finish.
 */
export async function usePoolThreads(threads: number): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`a pool needs a whole number of threads ≥ 1, got ${threads}`);
  if (pool?.maxThreads === threads) return;
  await closePool();
  pool = createPool(threads, threads);
}

function createPool(threads: number, startNow: number): Piscina<TaskMessage, unknown> {
  // Workers stay until the pool is closed: a sweep's tasks reuse loaded modules and memoized
  // capacity rows. atomics 'disabled': tasks are async and may leave timers behind.
  return new Piscina<TaskMessage, unknown>({ filename: workerEntry(), minThreads: startNow, maxThreads: threads, idleTimeout: Number.POSITIVE_INFINITY, atomics: 'disabled' });
}

/** Threads of the process's pool (0 before it is sized or started). */
export function poolThreads(): number {
  return pool?.maxThreads ?? 0;
}

export interface RunOptions {
  /** Aborting stops the task: its worker is terminated (piscina) and the promise rejects. */
  readonly signal?: AbortSignal;
}

/** Run a task in the pool, or inline when already inside a worker (no nested pools). */
export async function runTask<N extends TaskName>(name: N, input: TaskInput<N>, options: RunOptions = {}): Promise<TaskOutput<N>> {
  if (!isMainThread) return runHere(name, input);
  pool ??= createPool(defaultThreads(), 0);
  return (await pool.run({ name, input }, options.signal ? { signal: options.signal } : {})) as TaskOutput<N>;
}

/** Stop the workers (waiting for running tasks unless `force`); the next task starts a new pool. */
export async function closePool(options: { readonly force?: boolean } = {}): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p) await (options.force ? p.destroy() : p.close());
}
