/** compare's report.html: the designs' chart, the compare table, and why a design has no plan. */
import { COMPARE_COLUMNS, type DesignResult } from '../../compare/index.js';
import { compareChart, COMPARE_CHART } from '../charts/compareChart.js';
import { toReportHtml, type ReportBlock } from './toReportHtml.js';

export async function toCompareReportHtml(scenarioName: string, mode: string, results: readonly DesignResult[]): Promise<string> {
  const chart = compareChart(results);
  const columns = COMPARE_COLUMNS.filter((c) => c.name !== 'note' && c.name !== 'mode');
  const blocks: ReportBlock[] = [
    ...(chart ? [{ kind: 'chart' as const, name: COMPARE_CHART, title: 'Designs side by side', spec: chart }] : []),
    {
      kind: 'table',
      title: 'Compare table (compare.csv)',
      table: {
        columns: columns.map((c) => ({ label: c.unit ? `${c.name} (${c.unit})` : c.name, numeric: c.type !== 'string' })),
        rows: results.map((r) => columns.map((c) => {
          const v = c.value(r);
          return typeof v === 'number' ? (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : '—') : v;
        })),
      },
    },
    ...results.filter((r) => r.error).map((r) => ({ kind: 'note' as const, tone: 'warning' as const, text: `${r.design.name}: no plan — ${r.error}` })),
  ];
  return toReportHtml({
    title: `llmcap compare — ${scenarioName}`,
    subtitles: [`mode ${mode}; ${results.length} designs; every number from the planner and, for SLO attainment, the replay at the peak window`],
    sections: [{ id: 'designs', title: 'Designs', blocks }],
  });
}
