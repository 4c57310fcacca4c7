/**
 * A plan's capacity table computed on every core before the MILP: each worker of the process's pool
 * (src/parallel) computes every n-th candidate config's rows, and the rows are put in the cache the
 * planner reads. The table is the largest single step of planning a week (most of it in the prompt
 * queue's TTFT model), and its rows are independent values, so the plan is the same bytes as when
 * one thread computes them all.
 */
import { capacityRowsShare, type CapacityCache, type CapacityRows } from '../capacity/index.js';
import { defaultThreads, runTask } from '../parallel/pool.js';
import { taskRef } from '../parallel/task.js';
import { StepModels, type StepModel, type StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';

export interface CapacityShareTask {
  readonly scenario: Scenario;
  readonly steps: StepSource;
  readonly part: number;
  readonly parts: number;
}

const CAPACITY_SHARE = taskRef<CapacityShareTask, CapacityRows>(new URL('./parallelCapacity.js', import.meta.url), 'capacityShare');

// Profile tables are read once per worker, for every share it computes.
const workerStepModels = new StepModels();

/** One worker's share of the table: the rows of every `parts`-th config from `part`. */
export async function capacityShare(task: CapacityShareTask): Promise<CapacityRows> {
  return capacityRowsShare(task.scenario, await workerStepModels.get(task.steps), task.part, task.parts);
}

/**
 * Fill `cache` with the scenario's capacity rows, computed in `threads` shares on the pool (nothing
 * with one thread: the planner computes them as it goes). `stepModel` is the model `source` loaded in
 * this thread, the one the planner will read the cache with.
 */
export async function capacityInParallel(scenario: Scenario, source: StepSource, stepModel: StepModel, cache: CapacityCache, threads = defaultThreads()): Promise<void> {
  if (threads < 2) return;
  const shares = await Promise.all(Array.from({ length: threads }, (_, part) => runTask(CAPACITY_SHARE, { scenario, steps: source, part, parts: threads })));
  for (const rows of shares) cache.add(stepModel, rows);
}
