/**
 * One bar per design for each compared figure (cost per million tokens, throughput, energy, peak
 * power, carbon, GPUs), side by side so a planner sees the trade-offs at a glance.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DesignResult } from '../../compare/index.js';
import { CHART_CONFIG, categoryScheme, hover } from './theme.js';

export const COMPARE_CHART = 'compare';

const METRICS: readonly { readonly label: string; readonly value: (r: DesignResult) => number | undefined }[] = [
  { label: 'USD per 1M tokens', value: (r) => r.costPerMillionTokensUsd },
  { label: 'peak req/s served', value: (r) => r.peakThroughputRps },
  { label: 'energy (kWh)', value: (r) => r.plan?.totals.energyKWh },
  { label: 'peak power (kW)', value: (r) => r.plan?.totals.peakPowerKW },
  { label: 'carbon (kg CO2e)', value: (r) => (r.plan ? r.plan.totals.operationalCarbonKg + r.plan.totals.embodiedCarbonKg : undefined) },
  { label: 'GPUs', value: (r) => r.plan?.totals.gpus },
];

/** Undefined when no design has a plan. */
export function compareChart(results: readonly DesignResult[]): TopLevelSpec | undefined {
  const planned = results.filter((r) => r.plan);
  if (planned.length === 0) return undefined;
  const values = METRICS.flatMap((m) =>
    planned.flatMap((r) => {
      const v = m.value(r);
      return v !== undefined && Number.isFinite(v) ? [{ metric: m.label, design: r.design.name, value: v }] : [];
    }),
  );
  const text = hover("datum.design + ' · ' + datum.metric + ': ' + format(datum.value, ',.2f')");
  return {
    description: 'Designs compared on cost, throughput, energy, power, carbon and GPUs',
    config: CHART_CONFIG,
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: METRICS.map((m) => m.label) } },
    resolve: { scale: { y: 'independent' } },
    spacing: 14,
    spec: {
      width: 120,
      height: 180,
      layer: [
        {
          name: COMPARE_CHART,
          transform: text.transform,
          mark: { type: 'bar' },
          encoding: {
            // Design names are long: the legend names the colours, the axis stays bare.
            x: { field: 'design', type: 'nominal', title: null, sort: planned.map((r) => r.design.name), axis: { labels: false, ticks: false } },
            y: { field: 'value', type: 'quantitative', title: null },
            color: { field: 'design', type: 'nominal', title: 'design', sort: planned.map((r) => r.design.name), scale: { scheme: categoryScheme(planned.length) }, legend: { orient: 'bottom', columns: 5, labelLimit: 0 } },
            description: text.description,
          },
        },
      ],
    },
  };
}
