/**
 * Cost, energy and carbon per window, one panel each with its own scale. Cost is every row's cost in
 * the window (the fleet's rental or amortized capex share, plus energy), so the bars add up to the
 * plan's total cost; energy is facility energy (× PUE); carbon is operational.
 */
import * as aq from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import type { Plan } from '../../plan/index.js';
import { CHART_CONFIG, CHART_WIDTH_PX, hover, whenLabel, windowEndIso, windowSpanX } from './theme.js';

export const COST_ENERGY_CARBON_CHART = 'cost_energy_carbon';

export const PER_WINDOW_METRICS = { costUsd: 'cost (USD)', energyKWh: 'energy (kWh)', carbonKg: 'carbon (kg CO2e)' } as const;

export function costEnergyCarbonChart(plan: Pick<Plan, 'rows' | 'windows'>, windowHours: number): TopLevelSpec {
  // Columns given explicitly: a plan without rows (no demand) still has a 'window' column to join on.
  const costs = aq
    .table({ window: plan.rows.map((r) => r.window), costUsd: plan.rows.map((r) => r.costUsd) })
    .groupby('window')
    .rollup({ costUsd: aq.op.sum('costUsd') });
  const labels = PER_WINDOW_METRICS as Readonly<Record<string, string>>;
  const values = aq
    .from(plan.windows.map((w) => ({ window: w.window, windowStart: w.windowStart, windowEnd: windowEndIso(w.windowStart, windowHours), when: whenLabel(w.windowStart, w.window), energyKWh: w.energyKWh, carbonKg: w.carbonKg })))
    .join_left(costs, 'window')
    .fold(Object.keys(PER_WINDOW_METRICS), { as: ['key', 'value'] })
    .derive({ metric: aq.escape((d: { key: string }) => labels[d.key] ?? d.key) })
    .select('window', 'windowStart', 'windowEnd', 'when', 'metric', 'value')
    .orderby('window')
    .objects();
  const text = hover("datum.when + ' · ' + datum.metric + ': ' + format(datum.value, ',.2f')");
  return {
    description: 'Cost, energy and carbon per window',
    config: CHART_CONFIG,
    data: { values },
    transform: text.transform,
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: Object.values(PER_WINDOW_METRICS), header: { labelAngle: 0, labelAnchor: 'start', labelOrient: 'top' } } },
    resolve: { scale: { y: 'independent' } },
    spacing: 12,
    spec: {
      name: COST_ENERGY_CARBON_CHART,
      width: CHART_WIDTH_PX,
      height: 110,
      mark: { type: 'bar', orient: 'vertical', stroke: 'white', strokeWidth: 0.3 },
      encoding: {
        ...windowSpanX(),
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'metric', type: 'nominal', legend: null, scale: { domain: Object.values(PER_WINDOW_METRICS), range: ['#4c78a8', '#f58518', '#54a24b'] } },
        description: text.description,
      },
    },
  };
}
