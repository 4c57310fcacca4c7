/** What a thread is and which build it loaded: a cheap task for tests and warm-ups. */
import { isMainThread, threadId } from 'node:worker_threads';
import { taskRef } from './task.js';

export interface ProbeResult {
  readonly threadId: number;
  readonly isMainThread: boolean;
  /** 'src' when the TypeScript sources were loaded (tsx, vitest), 'dist' for the compiled package. */
  readonly build: 'src' | 'dist';
  readonly echo: unknown;
}

export async function probe(input: { readonly echo?: unknown }): Promise<ProbeResult> {
  return { threadId, isMainThread, build: import.meta.url.endsWith('.ts') ? 'src' : 'dist', echo: input.echo };
}

export const PROBE = taskRef<{ readonly echo?: unknown }, ProbeResult>(new URL('./probe.js', import.meta.url), 'probe');
