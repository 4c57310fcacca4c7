/**
 * report.html of a plan: key figures, the fleet, pools and clocks over the horizon, power against the
 * budget, cost/energy/carbon per window, the SinglePool baseline and, when the plan was replayed, SLO
 * attainment and latency per class and window. Pure: the page as a string (rendering SVG is async).
 */
import type { SloTargetsMs } from '../../capacity/index.js';
import type { Plan } from '../../plan/index.js';
import type { Scenario } from '../../scenario/index.js';
import type { ReplayWindows } from '../replayWindows.js';
import { plural } from '../../core/plural.js';
import { LLMCAP_VERSION } from '../version.js';
import { classesSection, windowsSection } from './detailSections.js';
import { fmt } from './formatNumber.js';
import { headlineSection } from './headlineSection.js';
import { baselineSection, billingSection, costSection, overviewSection, poolsSection, powerSection, procurementSection } from './planSections.js';
import { replaySection } from './replaySection.js';
import { toReportHtml, type ReportSection } from './toReportHtml.js';

export interface PlanReportExtras {
  /** A replay of this plan: adds SLO attainment and latency, and replayed power. */
  readonly replay?: ReplayWindows;
  /** Why a replay found beside the plan was not shown (e.g. it was made from another plan). */
  readonly replayIgnored?: string;
  /** The capacity table's SLO targets in ms, for the classes table. */
  readonly sloTargets?: ReadonlyMap<string, SloTargetsMs>;
}

export function toPlanReportHtml(plan: Plan, scenario: Scenario, extras: PlanReportExtras = {}): Promise<string> {
  const h = scenario.horizon;
  const windowText = h.windowHours >= 1 ? `${fmt(h.windowHours, h.windowHours % 1 === 0 ? 0 : 2)} h` : `${fmt(h.windowHours * 60)} min`;
  return toReportHtml({
    title: `llmcap plan: ${plan.scenario}`,
    subtitles: [
      ...(scenario.description ? [scenario.description.split('\n')[0] ?? ''] : []),
      `${plural(h.windows.length, 'window')} of ${windowText} from ${h.startIso.replace('T', ' ').replace(/:00(\.000)?Z$/, '')} UTC; ${plural(scenario.classes.length, 'request class', 'request classes')} in ${plural(scenario.services.length, 'service')}; objective: ${scenario.objective.name}.`,
    ],
    sections: [
      headlineSection(plan, scenario, extras.replay),
      overviewSection(plan, scenario),
      procurementSection(plan),
      ...[billingSection(plan, scenario)].filter((s): s is ReportSection => s !== undefined),
      poolsSection(plan, scenario),
      powerSection(plan, scenario, extras.replay),
      costSection(plan, scenario),
      baselineSection(plan),
      replaySection(extras.replay, h.windowHours, extras.replayIgnored),
      classesSection(scenario, extras.sloTargets),
      windowsSection(plan),
    ],
    footer: `Made by llmcap ${LLMCAP_VERSION} from \`${scenario.file}\`. Latency and power: ${plan.profileSource}. The same figures are in plan.csv, procurement.csv and summary.json beside this file.`,
  });
}
