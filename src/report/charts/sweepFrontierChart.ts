/**
 * Sweep: total cost against energy, one point per planned variant coloured by the GPU mix it buys,
 * with the cost–energy frontier (variants no other beats on both) drawn as a line through them.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlannedPoint } from '../../sweep/analysis.js';
import { categoryScheme, CHART_CONFIG, hover } from './theme.js';

export const SWEEP_FRONTIER_CHART = 'sweep_frontier';

/** Undefined when no variant has a plan. */
export function sweepFrontierChart(points: readonly PlannedPoint[], front: readonly PlannedPoint[]): TopLevelSpec | undefined {
  if (points.length === 0) return undefined;
  const mixes = [...new Set(points.map((p) => p.gpuMix))].sort();
  const pointText = hover("datum.id + ' (' + datum.label + '): ' + format(datum.costUsd, ',.0f') + ' USD, ' + format(datum.energyKWh, ',.0f') + ' kWh, ' + datum.gpuMix");
  const frontText = hover("'frontier: ' + datum.id + ' · ' + format(datum.costUsd, ',.0f') + ' USD, ' + format(datum.energyKWh, ',.0f') + ' kWh'");
  const x = { field: 'energyKWh', type: 'quantitative' as const, title: 'energy over the horizon (kWh, facility)', scale: { zero: false } };
  const y = { field: 'costUsd', type: 'quantitative' as const, title: 'total cost over the horizon (USD)', scale: { zero: false } };
  return {
    description: 'Cost against energy per variant, with the cost–energy frontier',
    config: { ...CHART_CONFIG, range: { category: { scheme: categoryScheme(mixes.length) } } },
    width: 640,
    height: 320,
    layer: [
      {
        data: { values: front.map((p) => ({ ...p })) },
        transform: frontText.transform,
        mark: { type: 'line', color: '#333', strokeDash: [4, 3], point: { filled: false, color: '#333', size: 90 } },
        encoding: { x, y, order: { field: 'energyKWh', type: 'quantitative' }, description: frontText.description },
      },
      {
        name: SWEEP_FRONTIER_CHART,
        data: { values: points.map((p) => ({ ...p })) },
        transform: pointText.transform,
        mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: { field: 'gpuMix', type: 'nominal', title: 'GPUs bought', sort: mixes },
          shape: { field: 'status', type: 'nominal', title: 'status', scale: { domain: ['ok', 'limit'], range: ['circle', 'triangle-up'] } },
          description: pointText.description,
        },
      },
    ],
  };
}
