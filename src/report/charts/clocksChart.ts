/**
 * SM clock of every pool in every window: one panel per GPU type · role, in it one short horizontal
 * tick per (window, pool) at the pool's clock, coloured by TP degree — so each pool reads as a step
 * line even over a week of hourly windows. Low night-time clocks are where energy is saved.
 */
import type * as aq from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_WIDTH_PX, categoryScheme, hover, horizonMs, timeX } from './theme.js';

export const CLOCKS_CHART = 'clocks';

const PANEL_HEIGHT_PX = 80;

/** `pools` is a poolFrame table. Ticks sit mid-window and span most of it. */
export function clocksChart(pools: aq.ColumnTable, windowHours: number): TopLevelSpec {
  const starts = pools.array('windowStart') as string[];
  const domain = horizonMs(starts, windowHours);
  const windows = domain ? Math.max(1, Math.round((domain[1] - domain[0]) / (windowHours * 3_600_000))) : 1;
  const models = new Set(pools.array('model') as string[]).size;
  const tps = [...new Set(pools.array('tp') as number[])].sort((a, b) => a - b).map((tp) => `TP${tp}`);
  const values = pools.objects().map((r) => {
    const row = r as { window: number; windowMid: string; when: string; model: string; gpuRole: string; pool: string; tp: number; clockMHz: number; instances: number; utilization: number };
    return {
      window: row.window,
      windowMid: row.windowMid,
      when: row.when,
      // One model is the common case: then the panel needs no model name.
      panel: models > 1 ? `${row.model} · ${row.gpuRole}` : row.gpuRole,
      pool: row.pool,
      tp: `TP${row.tp}`,
      clockMHz: row.clockMHz,
      instances: row.instances,
      utilization: row.utilization,
    };
  });
  const text = hover("datum.when + ' · ' + datum.pool + ': ' + datum.clockMHz + ' MHz, ' + datum.instances + (datum.instances === 1 ? ' instance at ' : ' instances at ') + format(datum.utilization, '.0%') + ' utilization'");
  return {
    description: 'SM clock per pool and window',
    config: CHART_CONFIG,
    data: { values },
    transform: text.transform,
    facet: { row: { field: 'panel', type: 'nominal', title: null, header: { labelAngle: 0, labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 'bold' } } },
    spacing: 6,
    spec: {
      name: CLOCKS_CHART,
      width: CHART_WIDTH_PX,
      height: PANEL_HEIGHT_PX,
      mark: { type: 'tick', orient: 'horizontal', thickness: 3, size: Math.max(2, (CHART_WIDTH_PX / windows) * 0.9), opacity: 0.9 },
      encoding: {
        x: timeX('windowMid', 'window (UTC)', domain),
        y: { field: 'clockMHz', type: 'quantitative', title: 'MHz', scale: { zero: false, padding: 6 }, axis: { tickCount: 3, tickMinStep: 1, format: 'd' } },
        color: { field: 'tp', type: 'nominal', title: 'TP degree', sort: tps, scale: { scheme: categoryScheme(tps.length) } },
        description: text.description,
      },
    },
  };
}
