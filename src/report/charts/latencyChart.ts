/**
 * Replayed latency against its target per class and window, as heat maps: a panel per metric (TTFT,
 * and the per-request mean time between tokens) and service, a row per length bin, each cell
 * coloured by the latency at the class's SLO percentile over its target (1 = on target). Eighteen
 * classes read as rows in four small panels, not as eighteen overlapping lines against an
 * eighteen-colour legend.
 */
import * as aq from 'arquero';
import { op } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import type { ReplayWindows } from '../replayWindows.js';
import { binsPerService, ROW_PX } from './sloAttainmentChart.js';
import { CHART_CONFIG, CHART_WIDTH_PX, hover, serviceAndBin, whenLabel, windowEndIso, windowSpanX } from './theme.js';

export const LATENCY_CHART = 'latency';

const METRICS = [
  { label: 'TTFT', ratio: 'ttftOverTargetAtSlo', target: 'ttftTargetMs' },
  { label: 'mean TBT', ratio: 'tbtOverTargetAtSlo', target: 'tbtTargetMs' },
] as const;

/** Below half its target a cell is plain blue; at 1.5× and above, plain red. */
const RATIO_DOMAIN = [0.5, 1, 1.5];
const RATIO_COLOURS = ['#4575b4', '#f7f7c8', '#d73027'];

const COLUMNS = ['window', 'windowStart', 'windowEnd', 'when', 'classId', 'service', 'bin', 'panel', 'metric', 'ratio', 'targetMs'] as const;

/** One row per (window, class, metric) whose latency at the SLO percentile is known. */
export function latencyCells(replay: ReplayWindows, windowHours: number): aq.ColumnTable {
  const rows = replay.classes.flatMap((c) => {
    const { service, bin } = serviceAndBin(c.classId);
    return METRICS.map((m) => ({
      window: c.window,
      windowStart: c.windowStart,
      windowEnd: windowEndIso(c.windowStart, windowHours),
      when: whenLabel(c.windowStart, c.window),
      classId: c.classId,
      service,
      bin,
      panel: `${m.label} · ${service}`,
      metric: m.label,
      ratio: c[m.ratio],
      targetMs: c[m.target],
    }));
  });
  const table = rows.length > 0 ? aq.from(rows) : aq.table(Object.fromEntries(COLUMNS.map((c) => [c, []])));
  return table
    .filter((d: { ratio: number; targetMs: number }) => op.is_finite(d.ratio) && op.is_finite(d.targetMs))
    .orderby('panel', 'bin', 'window');
}

export function latencyChart(replay: ReplayWindows, windowHours: number): TopLevelSpec {
  const cells = latencyCells(replay, windowHours);
  // TTFT panels first, then TBT; services in name order within each.
  const panels = [...new Set(cells.array('panel') as string[])].sort((a, b) => METRICS.findIndex((m) => a.startsWith(`${m.label} ·`)) - METRICS.findIndex((m) => b.startsWith(`${m.label} ·`)) || a.localeCompare(b));
  const text = hover("datum.when + ' · ' + datum.classId + ' · ' + datum.metric + ': ' + format(datum.ratio * datum.targetMs, ',.0f') + ' ms at the SLO percentile, target ' + format(datum.targetMs, ',.0f') + ' ms (×' + format(datum.ratio, '.2f') + ')'");
  return {
    description: 'Replayed latency at the SLO percentile over its target, per class and window',
    config: CHART_CONFIG,
    data: { values: cells.objects() },
    transform: text.transform,
    facet: { row: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelAngle: 0, labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 'bold' } } },
    resolve: { scale: { y: 'independent' } },
    spacing: 8,
    spec: {
      name: LATENCY_CHART,
      width: CHART_WIDTH_PX,
      height: ROW_PX * Math.max(1, ...binsPerService(cells)),
      mark: { type: 'rect' },
      encoding: {
        ...windowSpanX(),
        y: { field: 'bin', type: 'nominal', title: null },
        color: { field: 'ratio', type: 'quantitative', title: ['latency ÷', 'target'], scale: { domain: RATIO_DOMAIN, range: RATIO_COLOURS, clamp: true }, legend: { format: '.1f', values: [0.5, 0.75, 1, 1.25, 1.5] } },
        description: text.description,
      },
    },
  };
}
