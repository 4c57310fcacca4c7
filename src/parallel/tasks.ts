/**
 * The tasks the worker pool runs, by name. Each loads its module on first use, in whichever thread
 * runs it. Inputs and outputs are plain data (structured clone), never class instances or functions.
 * Issue 18's replays in the planning loop are meant to be added here, to run in the same pool.
 */
import { isMainThread, threadId } from 'node:worker_threads';

export interface ProbeInput {
  readonly echo?: unknown;
  /** Also probe the pool from inside this task: shows that a task started in a worker runs inline. */
  readonly nested?: boolean;
}

export interface ProbeResult {
  readonly threadId: number;
  readonly isMainThread: boolean;
  /** 'src' when the TypeScript sources were loaded (tsx, vitest), 'dist' for the compiled package. */
  readonly build: 'src' | 'dist';
  readonly echo: unknown;
  readonly nested?: ProbeResult;
}

/** What a thread is and which build it loaded: a cheap task for tests and warm-ups. */
async function probe(input: ProbeInput): Promise<ProbeResult> {
  const nested = input.nested ? await (await import('./pool.js')).runTask('probe', { echo: input.echo }) : undefined;
  return { threadId, isMainThread, build: import.meta.url.endsWith('.ts') ? 'src' : 'dist', echo: input.echo, ...(nested ? { nested } : {}) };
}

export const TASKS = {
  probe: async () => probe,
  planVariant: async () => (await import('../sweep/planVariant.js')).planVariant,
} as const;

export type TaskName = keyof typeof TASKS;
type Handler<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;
export type TaskInput<N extends TaskName> = Parameters<Handler<N>>[0];
export type TaskOutput<N extends TaskName> = Awaited<ReturnType<Handler<N>>>;

/** Load every task's modules (and what they read once per thread) in the background. */
export function warmUp(): void {
  void TASKS.planVariant().then(async () => (await import('../sweep/planVariant.js')).warmUpPlanning()).catch(() => {
    // A failure here will be reported by the task that needs the module.
  });
}

/** Run a task in this thread. */
export async function runHere<N extends TaskName>(name: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
  const handler = (await TASKS[name]()) as (input: TaskInput<N>) => Promise<TaskOutput<N>>;
  return handler(input);
}
