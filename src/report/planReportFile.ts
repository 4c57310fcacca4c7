/**
 * report.html for a plan: with the replay just made, or with a replay of the plan left in its output
 * directory by the simulator (windows.csv), so a later `plan` on the same directory shows it too.
 */
import type { CapacityTable } from '../capacity/index.js';
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import { toPlanReportHtml } from './html/index.js';
import { loadReplayWindows, type LoadedReplay } from './loadReplayWindows.js';

export const REPORT_HTML = 'report.html';

export function planReportHtml(plan: Plan, scenario: Scenario, capacity: Pick<CapacityTable, 'sloTargets'> | undefined, loaded: LoadedReplay): Promise<string> {
  return toPlanReportHtml(plan, scenario, {
    ...(capacity ? { sloTargets: capacity.sloTargets } : {}),
    ...(loaded.kind === 'replay' ? { replay: loaded.replay } : {}),
    ...(loaded.kind === 'ignored' ? { replayIgnored: loaded.reason } : {}),
  });
}

/** report.html with whatever replay of this plan sits in `outDir`. */
export async function planReportFor(outDir: string, plan: Plan, scenario: Scenario, capacity?: Pick<CapacityTable, 'sloTargets'>): Promise<string> {
  return planReportHtml(plan, scenario, capacity, await loadReplayWindows(outDir, plan));
}
