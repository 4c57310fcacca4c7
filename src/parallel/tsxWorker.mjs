// Worker entry when llmcap runs from its TypeScript sources (vitest, `node --import tsx`, the bench):
// loader hooks of the main thread do not reach worker threads on Node 20, so register tsx here, then
// load the real entry. The compiled package (dist/) starts workers on dist/parallel/worker.js directly
// and never loads this file (tsx is a devDependency).
//
// No top-level await, here or in worker.ts: terminating a worker thread while its entry module is still
// evaluating asynchronously (a top-level await pending) aborts the whole process on Node 20 (V8 fatal
// "Check failed: (location_) != nullptr" in SourceTextModule::ExecuteAsyncModule, seen in CI when a
// test aborted a task on a worker that was still starting). The real entry starts loading now, and the
// first task awaits it.
import { register } from 'tsx/esm/api';

register();
const entry = import(new URL('./worker.ts', import.meta.url).href);
// A failed load is the first task's to report, not an unhandled rejection of the thread.
entry.catch(() => {});

export default async function runTask(message) {
  const { default: run } = await entry;
  return run(message);
}
