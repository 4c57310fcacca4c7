/**
 * report.html for a plan in its output directory: picks up a replay of the plan left there by the
 * simulator (windows.csv), so `plan --validate` and a later `plan` on the same directory show it.
 */
import type { CapacityTable } from '../capacity/index.js';
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import { toPlanReportHtml } from './html/index.js';
import { loadReplayWindows } from './loadReplayWindows.js';

export const REPORT_HTML = 'report.html';

export async function planReportFor(outDir: string, plan: Plan, scenario: Scenario, capacity?: Pick<CapacityTable, 'sloTargets'>): Promise<string> {
  const loaded = await loadReplayWindows(outDir, plan);
  return toPlanReportHtml(plan, scenario, {
    ...(capacity ? { sloTargets: capacity.sloTargets } : {}),
    ...(loaded.kind === 'replay' ? { replay: loaded.replay } : {}),
    ...(loaded.kind === 'ignored' ? { replayIgnored: loaded.reason } : {}),
  });
}
