/**
 * The repair loop's replay: each distinct window of a plan replayed alone, in parallel on a pool of
 * worker threads (piscina). Each slice is a function of its inputs only, and results are put back in
 * window order, so the outcome is the same whatever the number of threads.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Plan } from '../plan/index.js';
import type { StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { toReplayPlan, type SloFailure } from '../sim/index.js';
import { replayWindow, type WindowReplayInput } from './replayWindow.js';

export interface SliceRunner {
  run(scenario: Scenario, plan: Plan, windows: readonly number[], steps: StepSource): Promise<SloFailure[]>;
  close(): Promise<void>;
}

/** The worker entry of the build this module belongs to: the sources (through tsx) or the compiled files. */
function workerEntry(): string {
  return import.meta.url.endsWith('.ts') ? new URL('./tsxReplayWorker.mjs', import.meta.url).href : new URL('./replayWindow.js', import.meta.url).href;
}

/** Slices on `threads` worker threads (default every core); 1 replays them here, in this thread. */
export function sliceRunner(threads = availableParallelism()): SliceRunner {
  if (threads <= 1) {
    return {
      run: async (scenario, plan, windows, steps) => {
        const replayPlan = toReplayPlan(plan, scenario.horizon.windows.length);
        const out: SloFailure[] = [];
        for (const window of windows) out.push(...(await replayWindow({ scenario, plan: replayPlan, steps, window })));
        return out;
      },
      close: async () => {},
    };
  }
  let pool: Piscina<WindowReplayInput, readonly SloFailure[]> | undefined;
  return {
    run: async (scenario, plan, windows, steps) => {
      pool ??= new Piscina({ filename: workerEntry(), maxThreads: threads, minThreads: Math.min(threads, windows.length), idleTimeout: 60_000, atomics: 'disabled' });
      const replayPlan = toReplayPlan(plan, scenario.horizon.windows.length);
      const p = pool;
      const results = await Promise.all(windows.map((window) => p.run({ scenario, plan: replayPlan, steps, window })));
      return results.flat();
    },
    close: async () => {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
