/**
 * compare's report.html: the designs' chart, the compare table, and why a design has no plan. The
 * table is compare.csv turned on its side — a row per figure, a column per design — so nine designs
 * and eighteen figures fit the page instead of scrolling off it.
 */
import { COMPARE_COLUMNS, type CompareColumn, type DesignResult } from '../../compare/index.js';
import { compareChart, COMPARE_CHART } from '../charts/compareChart.js';
import { horizonLabelOf, perHorizon } from '../unitFigures.js';
import { fmt, pct } from './formatNumber.js';
import type { HtmlCell } from './htmlTable.js';
import { toReportHtml, type ReportBlock } from './toReportHtml.js';

/** Left out of the table: the design heads the columns, the mode is in the subtitle, notes follow. */
const NOT_IN_TABLE = new Set(['design', 'mode', 'note']);

/** `horizonHours`: the scenario's planned horizon, which the totals (cost, energy, carbon) cover. */
export async function toCompareReportHtml(scenarioName: string, mode: string, results: readonly DesignResult[], horizonHours: number): Promise<string> {
  const per = perHorizon(horizonLabelOf(horizonHours));
  const chart = compareChart(results);
  const figures = COMPARE_COLUMNS.filter((c) => !NOT_IN_TABLE.has(c.name));
  const blocks: ReportBlock[] = [
    ...(chart ? [{ kind: 'chart' as const, name: COMPARE_CHART, title: 'Designs side by side', spec: chart }] : []),
    {
      kind: 'table',
      title: 'Compare table (compare.csv, one row per design there)',
      table: {
        wrap: true,
        columns: [{ label: 'figure' }, ...results.map((r) => ({ label: r.design.name, numeric: true }))],
        rows: figures.map((c) => [figureLabel(c, per), ...results.map((r) => cellText(c, c.value(r)))]),
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

function figureLabel(c: CompareColumn, per: string): string {
  if (!c.unit || c.unit === 'share') return c.label;
  return `${c.label} (${c.unit}${c.overHorizon ? ` ${per}` : ''})`;
}

function cellText(c: CompareColumn, v: number | string): HtmlCell {
  // compare.csv's 'H100-80GB:80 A100-80GB:2504' reads as '80 × H100-80GB, 2,504 × A100-80GB'. A
  // GPU name stays on one line and the count keeps its '×' (a no-break space): a narrow cell wraps
  // after a comma or before a name, never inside a name.
  if (c.name === 'gpus_by_type' && typeof v === 'string') {
    const entries = v.split(' ').filter(Boolean).map((t) => /^(.*):(\d+)$/.exec(t) ?? [t, t, '']);
    if (entries.length === 0) return '—';
    return {
      parts: entries.flatMap(([, gpu = '', count = ''], i) => [
        ...(i > 0 ? [{ text: ', ' }] : []),
        ...(count ? [{ text: `${fmt(Number(count))}\u00a0× ` }] : []),
        { text: gpu, nowrap: true },
      ]),
    };
  }
  if (typeof v === 'string') return v === '' ? '—' : v;
  if (!Number.isFinite(v)) return '—';
  return c.unit === 'share' ? pct(v, c.digits ?? 2) : fmt(v, c.digits ?? 0);
}
