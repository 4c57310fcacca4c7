/**
 * Sweep: total cost against demand (the variant scenario's mean request rate), one point per planned
 * variant coloured by GPU mix, and the cheapest variant per demand level joined by a line: what growth
 * costs.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlannedPoint } from '../../sweep/analysis.js';
import { sweepScatterChart } from './sweepScatter.js';

export const SWEEP_DEMAND_CHART = 'sweep_demand';

/** Undefined unless the planned variants span at least two demand levels. */
export function sweepDemandChart(points: readonly PlannedPoint[], cheapest: readonly PlannedPoint[]): TopLevelSpec | undefined {
  if (new Set(points.map((p) => p.meanDemandRps)).size < 2) return undefined;
  return sweepScatterChart({
    name: SWEEP_DEMAND_CHART,
    description: 'Cost against demand per variant, with the cheapest variant per demand level',
    points,
    line: cheapest,
    x: { field: 'meanDemandRps', title: 'mean demand over the horizon (req/s, all services)' },
    y: { field: 'costUsd', title: 'total cost over the horizon (USD)' },
    pointHover: "datum.id + ' (' + datum.label + '): ' + format(datum.meanDemandRps, ',.2f') + ' req/s → ' + format(datum.costUsd, ',.0f') + ' USD, ' + datum.gpuMix",
    lineHover: "'cheapest at ' + format(datum.meanDemandRps, ',.2f') + ' req/s: ' + datum.id + ', ' + format(datum.costUsd, ',.0f') + ' USD'",
    height: 300,
  });
}
