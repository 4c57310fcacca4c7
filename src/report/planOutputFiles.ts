/** The files of a plan in its output directory: plan.arrow, plan.csv, procurement.csv, summary.json, report.html. */
import { join } from 'node:path';
import type { CapacityTable } from '../capacity/index.js';
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import type { LoadedReplay } from './loadReplayWindows.js';
import { planReportHtml, REPORT_HTML } from './planReportFile.js';
import { planProvenance, sha256 } from './planProvenance.js';
import { toPlanArrow } from './toPlanArrow.js';
import { toPlanCsv } from './toPlanCsv.js';
import { toProcurementCsv } from './toProcurementCsv.js';
import { toSummaryJson } from './toSummaryJson.js';
import type { OutputFile } from './writeAtomic.js';

export interface PlanOutput {
  readonly plan: Plan;
  readonly scenario: Scenario;
  readonly capacity: CapacityTable;
}

/** With `replay`, the replay report.html shows (or why one beside the plan is not shown). */
export async function planOutputFiles(outDir: string, { plan, scenario, capacity }: PlanOutput, replay: LoadedReplay): Promise<OutputFile[]> {
  const provenance = planProvenance(scenario);
  const planArrow = toPlanArrow(plan, provenance);
  return [
    { path: join(outDir, 'plan.arrow'), data: planArrow },
    { path: join(outDir, 'plan.csv'), data: toPlanCsv(plan) },
    { path: join(outDir, 'procurement.csv'), data: toProcurementCsv(plan) },
    // summary.json records plan.arrow's hash: a reader finds a damaged or swapped plan before decoding it.
    { path: join(outDir, 'summary.json'), data: toSummaryJson(plan, scenario, capacity, { ...provenance, planArrowSha256: sha256(planArrow) }) },
    { path: join(outDir, REPORT_HTML), data: await planReportHtml(plan, scenario, capacity, replay) },
  ];
}
