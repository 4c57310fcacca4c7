/**
 * Sweep: sensitivity of the total cost to each axis (a tornado). Per axis a bar from the cheapest to
 * the dearest mean cost over its values (means over the other axes), widest first, with a point per
 * value; the label is the spread as a share of the mean cost of all planned variants.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AxisSensitivity } from '../../sweep/analysis.js';
import { CHART_CONFIG, hover } from './theme.js';

export const SWEEP_SENSITIVITY_CHART = 'sweep_sensitivity';

/** Undefined when no axis has two values with planned variants. */
export function sweepSensitivityChart(axes: readonly AxisSensitivity[]): TopLevelSpec | undefined {
  if (axes.length === 0) return undefined;
  const order = axes.map((a) => a.axis);
  const bars = axes.map((a) => ({ axis: a.axis, low: a.lowCostUsd, high: a.highCostUsd, swing: `${(a.swing * 100).toFixed(1)} %` }));
  const levels = axes.flatMap((a) => a.levels.map((l) => ({ axis: a.axis, value: l.value, meanCostUsd: l.meanCostUsd, variants: l.variants })));
  const barText = hover("datum.axis + ': mean cost from ' + format(datum.low, ',.0f') + ' to ' + format(datum.high, ',.0f') + ' USD (' + datum.swing + ')'");
  const levelText = hover("datum.axis + ' = ' + datum.value + ': mean cost ' + format(datum.meanCostUsd, ',.0f') + ' USD over ' + datum.variants + ' variant(s)'");
  const y = { field: 'axis', type: 'nominal' as const, title: null, sort: order, axis: { labelLimit: 320 } };
  return {
    description: 'Sensitivity of the total cost to each axis',
    config: CHART_CONFIG,
    width: 560,
    height: Math.max(40, axes.length * 34),
    layer: [
      {
        name: SWEEP_SENSITIVITY_CHART,
        data: { values: bars },
        transform: barText.transform,
        mark: { type: 'bar', color: '#9ecae9', height: 18 },
        encoding: {
          y,
          x: { field: 'low', type: 'quantitative', title: 'mean total cost at each value of the axis (USD)', scale: { zero: false } },
          x2: { field: 'high' },
          description: barText.description,
        },
      },
      {
        data: { values: bars },
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 11 },
        encoding: { y, x: { field: 'high', type: 'quantitative' }, text: { field: 'swing', type: 'nominal' } },
      },
      {
        data: { values: levels },
        transform: levelText.transform,
        mark: { type: 'tick', color: '#1f4e79', thickness: 2, size: 20 },
        encoding: { y, x: { field: 'meanCostUsd', type: 'quantitative' }, description: levelText.description },
      },
    ],
  };
}
