// Worker entry when llmcap runs from its TypeScript sources (vitest, `node --import tsx`, the bench):
// loader hooks of the main thread do not reach worker threads on Node 20, so register tsx here, then
// load the real entry. The compiled package (dist/) starts workers on dist/parallel/worker.js directly
// and never loads this file (tsx is a devDependency).
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import(new URL('./worker.ts', import.meta.url).href);
export default runTask;
