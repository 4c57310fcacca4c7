/** The shared worker pool, from the TypeScript sources (as under vitest and `node --import tsx`). */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, poolThreads, runTask, usePoolThreads, workerEntry } from '../../src/parallel/pool.js';

afterAll(() => closePool());

describe('worker pool (sources)', () => {
  it('runs tasks in worker threads that load the TypeScript sources through tsx', async () => {
    await usePoolThreads(2);
    expect(poolThreads()).toBe(2);
    expect(workerEntry()).toMatch(/src\/parallel\/tsxWorker\.mjs$/);
    const results = await Promise.all([1, 2, 3, 4].map((echo) => runTask('probe', { echo })));
    expect(results.map((r) => r.echo)).toEqual([1, 2, 3, 4]);
    for (const r of results) expect(r).toMatchObject({ isMainThread: false, build: 'src' });
    // Two threads at most, never the main thread (threadId 0).
    const threads = new Set(results.map((r) => r.threadId));
    expect(threads.size).toBeGreaterThanOrEqual(1);
    expect(threads.size).toBeLessThanOrEqual(2);
    expect(threads.has(0)).toBe(false);
  });

  it('does not nest pools: a task started inside a worker runs in that worker', async () => {
    const r = await runTask('probe', { echo: 'outer', nested: true });
    expect(r.isMainThread).toBe(false);
    expect(r.nested).toMatchObject({ threadId: r.threadId, isMainThread: false, echo: 'outer' });
  });

  it('stops a task when its signal aborts, and the pool keeps working', async () => {
    const controller = new AbortController();
    const pending = runTask('probe', { echo: 'late' }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect((await runTask('probe', { echo: 'after' })).echo).toBe('after');
  });

  it('resizes between jobs', async () => {
    await usePoolThreads(1);
    expect(poolThreads()).toBe(1);
    const results = await Promise.all([1, 2, 3].map((echo) => runTask('probe', { echo })));
    expect(new Set(results.map((r) => r.threadId)).size).toBe(1);
    await expect(usePoolThreads(0)).rejects.toThrow(RangeError);
  });
});
