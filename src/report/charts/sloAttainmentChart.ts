/**
 * Replayed SLO attainment per class and window (share of requests meeting both the TTFT and the TBT
 * target), as heat maps: a panel per service, a row per length bin; a cross marks a cell whose
 * percentile target was missed. Cells with too few requests to judge a percentile are outlined instead.
 */
import * as aq from 'arquero';
import { op } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import type { ReplayWindows } from '../replayWindows.js';
import { CHART_CONFIG, CHART_WIDTH_PX, horizonMs, hover, serviceAndBin, timeX, whenLabel, windowEndIso, windowSpanX } from './theme.js';

export const SLO_ATTAINMENT_CHART = 'slo_attainment';
export const SLO_MISSES = 'slo_misses';

/** Rows the heat map draws: classes with requests in the window and a finite attainment. */
export function sloCells(replay: ReplayWindows, windowHours: number): aq.ColumnTable {
  return aq
    .from(replay.classes.map((c) => ({ window: c.window, windowStart: c.windowStart, windowEnd: windowEndIso(c.windowStart, windowHours), windowMid: windowEndIso(c.windowStart, windowHours / 2), when: whenLabel(c.windowStart, c.window), classId: c.classId, ...serviceAndBin(c.classId), requests: c.requests, sloAttainment: c.sloAttainment, meetsSlo: c.meetsSlo })))
    .filter((d: { requests: number; sloAttainment: number }) => d.requests > 0 && op.is_finite(d.sloAttainment))
    .orderby('window', 'classId');
}

export const ROW_PX = 14;

/** Panels share one height: that of the service with the most bins. */
export function binsPerService(cells: aq.ColumnTable): number[] {
  const bins = new Map<string, Set<string>>();
  for (const r of cells.objects() as { service: string; bin: string }[]) bins.set(r.service, (bins.get(r.service) ?? new Set()).add(r.bin));
  return [...bins.values()].map((b) => b.size);
}

export function sloAttainmentChart(replay: ReplayWindows, windowHours: number): TopLevelSpec {
  const cells = sloCells(replay, windowHours);
  const text = hover("datum.when + ' · ' + datum.classId + ': ' + format(datum.sloAttainment, '.2%') + ' of ' + datum.requests + ' requests met both targets' + (datum.meetsSlo === 'no' ? '; the SLO percentile was missed significantly' : datum.meetsSlo === 'point-miss' ? '; below the SLO percentile, not significantly' : datum.meetsSlo === 'low-sample' ? '; too few requests to judge' : '')");
  return {
    description: 'Replayed SLO attainment per class and window',
    config: CHART_CONFIG,
    data: { values: cells.objects() },
    transform: text.transform,
    facet: { row: { field: 'service', type: 'nominal', title: null, header: { labelAngle: 0, labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 'bold' } } },
    resolve: { scale: { y: 'independent' } },
    spacing: 8,
    spec: {
      width: CHART_WIDTH_PX,
      height: ROW_PX * Math.max(1, ...binsPerService(cells)),
      layer: [
        {
          name: SLO_ATTAINMENT_CHART,
          mark: { type: 'rect' },
          encoding: {
            ...windowSpanX(),
            y: { field: 'bin', type: 'nominal', title: null },
            color: { field: 'sloAttainment', type: 'quantitative', title: 'attainment', scale: { scheme: 'redyellowgreen', domain: [0.9, 1], clamp: true }, legend: { format: '.0%' } },
            stroke: { condition: [{ test: "datum.meetsSlo === 'low-sample'", value: '#888' }, { test: "datum.meetsSlo === 'point-miss'", value: '#e08000' }], value: null },
            description: text.description,
          },
        },
        {
          name: SLO_MISSES,
          transform: [{ filter: "datum.meetsSlo === 'no'" }],
          mark: { type: 'point', shape: 'cross', filled: true, color: 'black', size: 30 },
          encoding: {
            x: timeX('windowMid', 'window (UTC)', horizonMs(cells.array('windowStart') as string[], windowHours)),
            y: { field: 'bin', type: 'nominal' },
            description: text.description,
          },
        },
      ],
    },
  };
}
