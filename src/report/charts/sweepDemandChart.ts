/**
 * Sweep: total cost against demand (the variant scenario's mean request rate), one point per planned
 * variant coloured by GPU mix, and the cheapest variant per demand level joined by a line: what growth
 * costs.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlannedPoint } from '../../sweep/analysis.js';
import { categoryScheme, CHART_CONFIG, hover } from './theme.js';

export const SWEEP_DEMAND_CHART = 'sweep_demand';

/** Undefined unless the planned variants span at least two demand levels. */
export function sweepDemandChart(points: readonly PlannedPoint[], cheapest: readonly PlannedPoint[]): TopLevelSpec | undefined {
  if (new Set(points.map((p) => p.meanDemandRps)).size < 2) return undefined;
  const mixes = [...new Set(points.map((p) => p.gpuMix))].sort();
  const pointText = hover("datum.id + ' (' + datum.label + '): ' + format(datum.meanDemandRps, ',.2f') + ' req/s → ' + format(datum.costUsd, ',.0f') + ' USD, ' + datum.gpuMix");
  const lineText = hover("'cheapest at ' + format(datum.meanDemandRps, ',.2f') + ' req/s: ' + datum.id + ', ' + format(datum.costUsd, ',.0f') + ' USD'");
  const x = { field: 'meanDemandRps', type: 'quantitative' as const, title: 'mean demand over the horizon (req/s, all services)', scale: { zero: false } };
  const y = { field: 'costUsd', type: 'quantitative' as const, title: 'total cost over the horizon (USD)', scale: { zero: false } };
  return {
    description: 'Cost against demand per variant, with the cheapest variant per demand level',
    config: { ...CHART_CONFIG, range: { category: { scheme: categoryScheme(mixes.length) } } },
    width: 640,
    height: 300,
    layer: [
      {
        data: { values: cheapest.map((p) => ({ ...p })) },
        transform: lineText.transform,
        mark: { type: 'line', color: '#333', point: { color: '#333', size: 40 } },
        encoding: { x, y, order: { field: 'meanDemandRps', type: 'quantitative' }, description: lineText.description },
      },
      {
        name: SWEEP_DEMAND_CHART,
        data: { values: points.map((p) => ({ ...p })) },
        transform: pointText.transform,
        mark: { type: 'point', filled: true, size: 60, opacity: 0.8 },
        encoding: { x, y, color: { field: 'gpuMix', type: 'nominal', title: 'GPUs bought', sort: mixes }, description: pointText.description },
      },
    ],
  };
}
