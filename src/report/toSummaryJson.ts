/** summary.json: the solve, totals, procurement and per-window figures, for machines and reports. */
import type { CapacityTable } from '../capacity/index.js';
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';

export const LLMCAP_VERSION = '0.1.0';

export function planSummary(plan: Plan, scenario: Scenario, capacity: CapacityTable): Record<string, unknown> {
  return {
    llmcap: LLMCAP_VERSION,
    scenario: { name: scenario.name, file: scenario.file, windows: scenario.horizon.windows.length, windowHours: scenario.horizon.windowHours },
    objective: { name: scenario.objective.name, weights: scenario.objective.weights },
    solve: plan.solve,
    totals: plan.totals,
    procurement: plan.procurement,
    baseline: plan.baseline ?? null,
    profileSource: plan.profileSource,
    poolSources: plan.poolSources,
    profileClamps: plan.profileClamps ?? [],
    classes: scenario.classes.map((c) => {
      const slo = capacity.sloTargets.get(c.id);
      return { id: c.id, model: c.model, share: c.share, inputMean: c.input.mean, outputMean: c.output.mean, ttftTargetMs: slo?.ttftMs, ttftPercentile: slo?.ttftPercentile, tbtTargetMs: slo?.tbtMs, tbtPercentile: slo?.tbtPercentile };
    }),
    windows: plan.windows,
  };
}

export function toSummaryJson(plan: Plan, scenario: Scenario, capacity: CapacityTable): string {
  return `${JSON.stringify(planSummary(plan, scenario, capacity), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
