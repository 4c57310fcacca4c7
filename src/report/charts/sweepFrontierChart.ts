/**
 * Sweep: total cost against energy, one point per planned variant coloured by the GPU mix it buys,
 * with the cost–energy frontier (variants no other beats on both) drawn as a line through them.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlannedPoint } from '../../sweep/analysis.js';
import { sweepScatterChart } from './sweepScatter.js';

export const SWEEP_FRONTIER_CHART = 'sweep_frontier';

/** Undefined when no variant has a plan. */
export function sweepFrontierChart(points: readonly PlannedPoint[], front: readonly PlannedPoint[]): TopLevelSpec | undefined {
  if (points.length === 0) return undefined;
  return sweepScatterChart({
    name: SWEEP_FRONTIER_CHART,
    description: 'Cost against energy per variant, with the cost–energy frontier',
    points,
    line: front,
    x: { field: 'energyKWh', title: 'energy over the horizon (kWh, facility)' },
    y: { field: 'costUsd', title: 'total cost over the horizon (USD)' },
    pointHover: "datum.id + ' (' + datum.label + '): ' + format(datum.costUsd, ',.0f') + ' USD, ' + format(datum.energyKWh, ',.0f') + ' kWh, ' + datum.gpuMix",
    lineHover: "'frontier: ' + datum.id + ' · ' + format(datum.costUsd, ',.0f') + ' USD, ' + format(datum.energyKWh, ',.0f') + ' kWh'",
    dashed: true,
    statusShape: true,
    height: 320,
  });
}
