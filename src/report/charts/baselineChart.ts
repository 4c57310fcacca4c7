/**
 * The optimized plan next to DynamoLLM's SinglePool design (every instance TP8, maximum clock, mixed,
 * on one GPU type) for the same demand and SLOs: what pooling, sharding, clocks and the phase split save.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Plan, PlanTotals } from '../../plan/index.js';
import { CHART_CONFIG, hover } from './theme.js';

export const BASELINE_CHART = 'baseline';

const METRICS: readonly { readonly label: string; readonly value: (t: PlanTotals) => number }[] = [
  { label: 'total cost (USD)', value: (t) => t.totalCostUsd },
  { label: 'energy (kWh)', value: (t) => t.energyKWh },
  { label: 'carbon (kg CO2e)', value: (t) => t.operationalCarbonKg + t.embodiedCarbonKg },
  { label: 'GPUs', value: (t) => t.gpus },
];

/** Undefined when there is no baseline plan to compare with (not asked for, or it failed). */
export function baselineChart(plan: Pick<Plan, 'totals' | 'baseline'>): TopLevelSpec | undefined {
  const baseline = plan.baseline?.totals;
  if (!baseline) return undefined;
  const designs = [
    { design: 'this plan', totals: plan.totals },
    { design: 'SinglePool', totals: baseline },
  ];
  const values = METRICS.flatMap((m) => designs.map((d) => ({ metric: m.label, design: d.design, value: m.value(d.totals) })));
  const text = hover("datum.design + ' · ' + datum.metric + ': ' + format(datum.value, ',.0f')");
  return {
    description: 'This plan vs the SinglePool baseline',
    config: CHART_CONFIG,
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: METRICS.map((m) => m.label) } },
    resolve: { scale: { y: 'independent' } },
    spacing: 18,
    spec: {
      width: 130,
      height: 170,
      layer: [
        {
          name: BASELINE_CHART,
          transform: text.transform,
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'design', type: 'nominal', title: null, sort: designs.map((d) => d.design), axis: { labelAngle: 0 } },
            y: { field: 'value', type: 'quantitative', title: null },
            color: { field: 'design', type: 'nominal', legend: null, scale: { domain: designs.map((d) => d.design), range: ['#4c78a8', '#bab0ac'] } },
            description: text.description,
          },
        },
        {
          mark: { type: 'text', dy: -6, fontSize: 11 },
          encoding: {
            x: { field: 'design', type: 'nominal', sort: designs.map((d) => d.design) },
            y: { field: 'value', type: 'quantitative' },
            text: { field: 'value', type: 'quantitative', format: ',.0f' },
          },
        },
      ],
    },
  };
}
