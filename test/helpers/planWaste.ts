/** What an operator would call waste in a plan: pools with an instance they do not need. */
import type { Plan, PlanRow } from '../../src/plan/index.js';

/**
 * Pool rows that could drop one instance and still stay within maxUtilization (a zero-load instance
 * is one of them), in windows whose summary names no GPUs held for a later ramp.
 */
export function droppableInstances(plan: Plan, maxUtilization: number): PlanRow[] {
  const heldForRamp = new Set(plan.windows.filter((w) => (w.heldForRampGpus ?? 0) > 0).map((w) => w.window));
  return plan.rows.filter((r) => r.role !== 'idle' && !heldForRamp.has(r.window) && r.utilization * r.instances <= maxUtilization * (r.instances - 1) + 1e-9);
}

/** Active GPUs of the lightest and heaviest windows. */
export function activeGpuRange(plan: Plan): { min: number; max: number } {
  const gpus = plan.windows.map((w) => w.activeGpus);
  return { min: Math.min(...gpus), max: Math.max(...gpus) };
}
