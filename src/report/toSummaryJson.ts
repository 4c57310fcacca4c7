/** summary.json: the solve, totals, procurement and per-window figures, for machines and reports. */
import type { CapacityTable } from '../capacity/index.js';
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import type { PlanProvenance } from './planProvenance.js';
import { unitFigures } from './unitFigures.js';
import { LLMCAP_VERSION } from './version.js';

export { LLMCAP_VERSION };

/** Provenance as summary.json records it: the plan's, plus plan.arrow's content hash. */
export type SummaryProvenance = PlanProvenance & { readonly planArrowSha256: string };

/** Every key is described in summaryFields.ts (SUMMARY_FIELDS), from which the docs' table is made. */
export function planSummary(plan: Plan, scenario: Scenario, capacity: CapacityTable, provenance?: SummaryProvenance) {
  return {
    llmcap: LLMCAP_VERSION,
    ...(provenance ? { provenance } : {}),
    scenario: { name: scenario.name, file: scenario.file, windows: scenario.horizon.windows.length, windowHours: scenario.horizon.windowHours },
    objective: { name: scenario.objective.name, weights: scenario.objective.weights },
    solve: plan.solve,
    totals: plan.totals,
    unitFigures: unitFigures(plan, scenario),
    procurement: plan.procurement,
    baseline: plan.baseline ?? null,
    repair: plan.repair ?? null,
    profileSource: plan.profileSource,
    poolSources: plan.poolSources,
    profileClamps: plan.profileClamps ?? [],
    classes: scenario.classes.map((c) => {
      const slo = capacity.sloTargets.get(c.id);
      const e2e = slo?.e2eTargets?.[slo.e2eTargets.length - 1];
      return {
        id: c.id, model: c.model, share: c.share, inputMean: c.input.mean, outputMean: c.output.mean, ttftTargetMs: slo?.ttftMs, ttftPercentile: slo?.ttftPercentile, tbtTargetMs: slo?.tbtMs, tbtPercentile: slo?.tbtPercentile,
        // Only for classes that set them (other summaries keep their fields).
        ...(slo?.itlMs !== undefined ? { itlTargetMs: slo.itlMs, itlPercentile: slo.itlPercentile } : {}),
        ...(e2e ? { e2eTargetMs: e2e.ms, e2ePercentile: e2e.percentile } : {}),
        ...(c.slo.scope ? { sloScope: c.slo.scope } : {}),
      };
    }),
    windows: plan.windows,
  };
}

export function toSummaryJson(plan: Plan, scenario: Scenario, capacity: CapacityTable, provenance?: SummaryProvenance): string {
  return `${JSON.stringify(planSummary(plan, scenario, capacity, provenance), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
