/**
 * The repair loop's replay: each distinct window of a plan replayed alone, in parallel on the
 * process's one worker pool (src/parallel, shared with `sweep`; inside a worker the slices run
 * inline, so pools never nest). Each slice is a function of its inputs only, and results are put
 * back in window order, so the outcome is the same whatever the number of threads.
 */
import { closePool, poolThreads, runTask, usePoolThreads } from '../parallel/pool.js';
import { taskRef } from '../parallel/task.js';
import type { Plan } from '../plan/index.js';
import type { StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { toReplayPlan } from '../sim/index.js';
import { replayWindow, type WindowReplayInput, type WindowSlice } from './replayWindow.js';

const REPLAY_WINDOW = taskRef<WindowReplayInput, WindowSlice>(new URL('./replayWindow.js', import.meta.url), 'replayWindow');

export interface SliceRunner {
  /** The slices' verdicts, in the order of `windows`. */
  run(scenario: Scenario, plan: Plan, windows: readonly number[], steps: StepSource): Promise<WindowSlice[]>;
  close(): Promise<void>;
}

/**
 * Slices on `threads` worker threads of the process's pool (default: the pool as it is, or every
 * core); 1 replays them here, in this thread. A pool this runner started is closed by close().
 */
export function sliceRunner(threads?: number): SliceRunner {
  if (threads !== undefined && threads <= 1) {
    return {
      run: async (scenario, plan, windows, steps) => {
        const replayPlan = toReplayPlan(plan, scenario.horizon.windows.length);
        const out: WindowSlice[] = [];
        for (const window of windows) out.push(await replayWindow({ scenario, plan: replayPlan, steps, window }));
        return out;
      },
      close: async () => {},
    };
  }
  let started = false;
  return {
    run: async (scenario, plan, windows, steps) => {
      if (threads !== undefined && poolThreads() !== threads) {
        await usePoolThreads(threads);
        started = true;
      } else if (poolThreads() === 0) {
        started = true;
      }
      const replayPlan = toReplayPlan(plan, scenario.horizon.windows.length);
      return Promise.all(windows.map((window) => runTask(REPLAY_WINDOW, { scenario, plan: replayPlan, steps, window })));
    },
    close: async () => {
      if (started) await closePool();
      started = false;
    },
  };
}
