/** The shared worker pool, from the TypeScript sources (as under vitest and `node --import tsx`). */
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, poolThreads, runTask, usePoolThreads, workerEntry } from '../../src/parallel/pool.js';
import { PROBE, type ProbeResult } from '../../src/parallel/probe.js';
import { taskRef } from '../../src/parallel/task.js';

afterAll(() => closePool());

describe('worker pool (sources)', () => {
  it('runs tasks in worker threads that load the TypeScript sources through tsx', async () => {
    await usePoolThreads(2);
    expect(poolThreads()).toBe(2);
    expect(workerEntry()).toMatch(/src\/parallel\/tsxWorker\.mjs$/);
    const results = await Promise.all([1, 2, 3, 4].map((echo) => runTask(PROBE, { echo })));
    expect(results.map((r) => r.echo)).toEqual([1, 2, 3, 4]);
    for (const r of results) expect(r).toMatchObject({ isMainThread: false, build: 'src' });
    // Two threads at most, never the main thread (threadId 0).
    const threads = new Set(results.map((r) => r.threadId));
    expect(threads.size).toBeGreaterThanOrEqual(1);
    expect(threads.size).toBeLessThanOrEqual(2);
    expect(threads.has(0)).toBe(false);
  });

  it('does not nest pools: a task started inside a worker runs in that worker', async () => {
    // A worker thread of its own (as a pool worker is) that loads pool.ts and asks it for a task. In an
    // async function, not at the module's top level: terminating a worker whose module still evaluates a
    // top-level await aborts the process on Node 20 (src/parallel/tsxWorker.mjs).
    const code = [
      '(async () => {',
      `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register();`,
      `const { runTask } = await import(${JSON.stringify(new URL('../../src/parallel/pool.ts', import.meta.url).href)});`,
      `const { PROBE } = await import(${JSON.stringify(new URL('../../src/parallel/probe.ts', import.meta.url).href)});`,
      "const { parentPort, threadId } = await import('node:worker_threads');",
      "parentPort.postMessage({ threadId, probe: await runTask(PROBE, { echo: 'inside' }) });",
      '})();',
    ].join('\n');
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
    const reply = await new Promise<{ threadId: number; probe: ProbeResult }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(reply.probe).toEqual({ threadId: reply.threadId, isMainThread: false, build: 'src', echo: 'inside' });
  });

  it('stops a task when its signal aborts, and the pool keeps working', async () => {
    const controller = new AbortController();
    const pending = runTask(PROBE, { echo: 'late' }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect((await runTask(PROBE, { echo: 'after' })).echo).toBe('after');
  });

  it('runs the preload tasks in every worker as it starts', async () => {
    const here = (name: string) => taskRef<undefined, boolean>(new URL('../helpers/preloadMark.js', import.meta.url), name);
    await usePoolThreads(2, { preload: [here('mark')] });
    expect(await Promise.all([1, 2, 3, 4].map(() => runTask(here('marked'), undefined)))).toEqual([true, true, true, true]);
    await closePool();
    await usePoolThreads(2);
    expect(await runTask(here('marked'), undefined)).toBe(false);
  });

  it('resizes between jobs', async () => {
    await usePoolThreads(1);
    expect(poolThreads()).toBe(1);
    const results = await Promise.all([1, 2, 3].map((echo) => runTask(PROBE, { echo })));
    expect(new Set(results.map((r) => r.threadId)).size).toBe(1);
    await expect(usePoolThreads(0)).rejects.toThrow(RangeError);
  });
});
