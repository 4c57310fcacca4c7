/**
 * Everything a plan and its replay write to an output directory, in one atomic step: plan.arrow,
 * plan.csv, procurement.csv, summary.json and report.html for a plan; windows.csv, replay.json and
 * requests.arrow (already streamed to a temporary file) for a replay. With both, report.html shows the
 * replay as windows.csv records it, read from the text written beside it; with a plan alone, it shows
 * a replay of the same plan left in the directory, if any.
 */
import { join } from 'node:path';
import type { CapacityTable } from '../capacity/index.js';
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import type { ReplayReport } from '../sim/index.js';
import { fromWindowsCsv } from './fromWindowsCsv.js';
import { loadReplayWindows, WINDOWS_CSV, type LoadedReplay } from './loadReplayWindows.js';
import { planReportHtml, REPORT_HTML } from './planReportFile.js';
import { toPlanArrow } from './toPlanArrow.js';
import { toPlanCsv } from './toPlanCsv.js';
import { toProcurementCsv } from './toProcurementCsv.js';
import { toReplayJson } from './toReplayJson.js';
import type { RequestsArrowFile } from './toRequestsArrow.js';
import { toSummaryJson } from './toSummaryJson.js';
import { toWindowsCsv } from './toWindowsCsv.js';
import { writeFilesAtomically, type OutputFile } from './writeAtomic.js';

export interface PlanOutput {
  readonly plan: Plan;
  readonly scenario: Scenario;
  readonly capacity: CapacityTable;
}

export interface ReplayOutput {
  readonly report: ReplayReport;
  /** The replayed plan's file, as replay.json names it. */
  readonly planPath: string;
  readonly scenarioFile: string;
  /** requests.arrow, streamed by the replay; committed with the other files (or aborted if they fail). */
  readonly requests?: RequestsArrowFile;
}

/** The replay's files, as replay.json and the command's summary list them. */
export function replayOutputNames(replay: Pick<ReplayOutput, 'requests'>): string[] {
  return [...(replay.requests ? ['requests.arrow'] : []), WINDOWS_CSV, 'replay.json'];
}

export async function writePlanOutputs(outDir: string, outputs: { readonly plan?: PlanOutput; readonly replay?: ReplayOutput }): Promise<void> {
  const { plan, replay } = outputs;
  const files: OutputFile[] = [];
  let windowsCsv: string | undefined;
  if (replay) {
    windowsCsv = toWindowsCsv(replay.report);
    files.push(
      { path: join(outDir, WINDOWS_CSV), data: windowsCsv },
      { path: join(outDir, 'replay.json'), data: toReplayJson(replay.report, { plan: replay.planPath, scenarioFile: replay.scenarioFile, outputs: replayOutputNames(replay) }) },
    );
  }
  if (plan) {
    const loaded = windowsCsv !== undefined ? replayOf(windowsCsv) : await loadReplayWindows(outDir, plan.plan);
    files.unshift(
      { path: join(outDir, 'plan.arrow'), data: toPlanArrow(plan.plan) },
      { path: join(outDir, 'plan.csv'), data: toPlanCsv(plan.plan) },
      { path: join(outDir, 'procurement.csv'), data: toProcurementCsv(plan.plan) },
      { path: join(outDir, 'summary.json'), data: toSummaryJson(plan.plan, plan.scenario, plan.capacity) },
      { path: join(outDir, REPORT_HTML), data: await planReportHtml(plan.plan, plan.scenario, plan.capacity, loaded) },
    );
  }
  try {
    await writeFilesAtomically(files);
  } catch (err) {
    await replay?.requests?.abort();
    throw err;
  }
  await replay?.requests?.commit();
}

function replayOf(windowsCsv: string): LoadedReplay {
  const read = fromWindowsCsv(windowsCsv);
  if (!read.ok) throw new Error(`windows.csv as written does not read back: ${read.reason}`);
  return { kind: 'replay', replay: read.replay, file: WINDOWS_CSV };
}
