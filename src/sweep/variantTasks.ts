/** The sweep's tasks for the worker pool, named without loading the planner in this thread. */
import { taskRef } from '../parallel/task.js';
import type { CapacityPartTask, VariantOutcome, VariantTask } from './planVariant.js';
import type { CapacityRows } from './planAdapter.js';

export const PLAN_VARIANT = taskRef<VariantTask, VariantOutcome>(new URL('./planVariant.js', import.meta.url), 'planVariant');
/** Run by each worker as it starts: the planner's modules and the built-in profile tables. */
export const WARM_UP_PLANNING = taskRef<undefined, void>(new URL('./planVariant.js', import.meta.url), 'warmUpPlanning');
/** One thread's share of the first variant's capacity table, computed before the variants. */
export const PLAN_CAPACITY_PART = taskRef<CapacityPartTask, CapacityRows>(new URL('./planVariant.js', import.meta.url), 'planCapacityPart');
