/** A worker thread that runs replayPlan on the inputs it is sent (as the repair loop will). */
import { parentPort } from 'node:worker_threads';
import { replayPlan } from '../../src/sim/index.js';

parentPort?.on('message', async ({ plan, scenario, options }) => {
  try {
    parentPort?.postMessage({ report: await replayPlan(plan, scenario, options) });
  } catch (err) {
    parentPort?.postMessage({ error: String(err) });
  }
});
