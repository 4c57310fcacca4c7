/**
 * Vitest setup file (runs in every test worker, before each test file): a worker that dies must say
 * why. CI once failed with vitest's bare "Worker exited unexpectedly" and one test file missing from
 * the report, every other file passing; vitest 4 prints neither the exit code nor the file in flight.
 *
 * - process.exit throws inside tests. Vitest patches it so only for the first file a shared worker
 *   runs (isolate: false) and restores the real one afterwards: a call from the code under test in a
 *   later file would end the worker silently.
 * - When the worker process exits with a non-zero code (an uncaught fatal error, a stray exit), the
 *   file it was running, its heap and its resident memory go to stderr. A death by signal (the OOM
 *   killer's SIGKILL, a native crash) leaves no line: its absence says that much. Vitest itself stops
 *   its workers with SIGTERM, so signals are not watched here.
 */
import { writeSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';

interface GuardState {
  file: string;
}

const KEY = Symbol.for('llmcap.test.workerGuard');
const holder = globalThis as typeof globalThis & { [KEY]?: GuardState };

function describeWorker(state: GuardState): string {
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const memory = process.memoryUsage();
  return `test worker ${process.pid} (running ${state.file || 'no file yet'}; heap ${mb(memory.heapUsed)} MB, rss ${mb(memory.rss)} MB)`;
}

if (holder[KEY] === undefined) {
  const state: GuardState = { file: '' };
  holder[KEY] = state;
  process.on('exit', (code) => {
    if (code !== 0) writeSync(2, `\n[workerGuard] ${describeWorker(state)} exits with code ${code}\n`);
  });
}

const guard = holder[KEY];

beforeAll(() => {
  guard.file = expect.getState().testPath ?? '';
  process.exit = ((code?: number | string | null) => {
    throw new Error(`process.exit(${code ?? ''}) called inside a test: it would end the test worker (test/setup/workerGuard.ts)`);
  }) as typeof process.exit;
});
