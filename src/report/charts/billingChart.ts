/**
 * Servers per window by how they are paid for (docs/billing.md): the fleet's committed servers
 * (owned, bought, reserved) in service, and the servers rented on demand on top, stacked, so the
 * reserved base and the burst above it read at a glance.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Plan } from '../../plan/index.js';
import { CHART_CONFIG, CHART_WIDTH_PX, CHART_HEIGHT_PX, hover, whenLabel, windowEndIso, windowSpanX } from './theme.js';

export const BILLING_CHART = 'billing';

export const BILLING_SERIES = { committedServers: 'owned, bought or reserved (in service)', onDemandServers: 'rented on demand' } as const;

export function billingChart(plan: Pick<Plan, 'windows'>, windowHours: number): TopLevelSpec {
  const values = plan.windows.flatMap((w) =>
    (Object.keys(BILLING_SERIES) as (keyof typeof BILLING_SERIES)[]).map((key, order) => ({
      window: w.window,
      windowStart: w.windowStart,
      windowEnd: windowEndIso(w.windowStart, windowHours),
      when: whenLabel(w.windowStart, w.window),
      series: BILLING_SERIES[key],
      order,
      value: w[key] ?? 0,
    })),
  );
  const text = hover("datum.when + ' · ' + datum.series + ': ' + format(datum.value, ',d') + ' servers'");
  return {
    description: 'Servers per window: the committed fleet in service and the servers rented on demand',
    config: CHART_CONFIG,
    data: { values },
    transform: text.transform,
    name: BILLING_CHART,
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    mark: { type: 'bar', orient: 'vertical', stroke: 'white', strokeWidth: 0.3 },
    encoding: {
      ...windowSpanX(),
      y: { field: 'value', type: 'quantitative', stack: 'zero', title: 'servers' },
      order: { field: 'order', type: 'quantitative' },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: Object.values(BILLING_SERIES), range: ['#4c78a8', '#f58518'] }, legend: { orient: 'top' } },
      description: text.description,
    },
  };
}
