/**
 * Replayed latency percentiles per class and window: p50 (dashed) and p99 (solid) of TTFT and of each
 * request's mean time between tokens, on log scales since classes differ by orders of magnitude.
 */
import * as aq from 'arquero';
import { op } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import type { ReplayWindows } from '../replayWindows.js';
import { CHART_CONFIG, CHART_WIDTH_PX, categoryScheme, horizonMs, timeX, whenLabel, windowEndIso } from './theme.js';

export const LATENCY_CHART = 'latency';

const SERIES = {
  ttftP50Ms: { metric: 'TTFT (ms)', percentile: 'p50' },
  ttftP99Ms: { metric: 'TTFT (ms)', percentile: 'p99' },
  tbtP50Ms: { metric: 'mean TBT (ms)', percentile: 'p50' },
  tbtP99Ms: { metric: 'mean TBT (ms)', percentile: 'p99' },
} as const;

/** One row per (window, class, metric, percentile) with a positive latency; steps mid-window. */
export function latencyPoints(replay: ReplayWindows, windowHours: number): aq.ColumnTable {
  const series = SERIES as Readonly<Record<string, { metric: string; percentile: string }>>;
  return aq
    .from(replay.classes.map((c) => ({ window: c.window, windowStart: c.windowStart, windowMid: windowEndIso(c.windowStart, windowHours / 2), when: whenLabel(c.windowStart, c.window), classId: c.classId, ttftP50Ms: c.ttftP50Ms, ttftP99Ms: c.ttftP99Ms, tbtP50Ms: c.tbtP50Ms, tbtP99Ms: c.tbtP99Ms })))
    .fold(Object.keys(SERIES), { as: ['key', 'ms'] })
    .filter((d: { ms: number }) => op.is_finite(d.ms) && d.ms > 0)
    .derive({
      metric: aq.escape((d: { key: string }) => series[d.key]?.metric ?? d.key),
      percentile: aq.escape((d: { key: string }) => series[d.key]?.percentile ?? d.key),
    })
    .select('window', 'windowStart', 'windowMid', 'when', 'classId', 'metric', 'percentile', 'ms')
    .orderby('metric', 'classId', 'percentile', 'window');
}

export function latencyChart(replay: ReplayWindows, windowHours: number): TopLevelSpec {
  const points = latencyPoints(replay, windowHours);
  const classCount = new Set(points.array('classId') as string[]).size;
  return {
    description: 'Replayed p50 and p99 TTFT and mean TBT per class and window',
    config: CHART_CONFIG,
    data: { values: points.objects() },
    facet: { row: { field: 'metric', type: 'nominal', title: null, header: { labelAngle: 0, labelAnchor: 'start', labelOrient: 'top' } } },
    resolve: { scale: { y: 'independent' } },
    spacing: 12,
    spec: {
      name: LATENCY_CHART,
      width: CHART_WIDTH_PX,
      height: 180,
      mark: { type: 'line', strokeWidth: 1.3, point: false },
      encoding: {
        x: timeX('windowMid', 'window (UTC)', horizonMs(points.array('windowStart') as string[], windowHours)),
        y: { field: 'ms', type: 'quantitative', title: null, scale: { type: 'log' } },
        color: { field: 'classId', type: 'nominal', title: 'class', scale: { scheme: categoryScheme(classCount) }, legend: { orient: 'bottom', columns: 4, labelLimit: 0 } },
        strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile', scale: { domain: ['p50', 'p99'], range: [[4, 3], [1, 0]] } },
        detail: { field: 'percentile' },
      },
    },
  };
}
