/** Instances per window, stacked by GPU type and role: how the pools grow and shrink over the horizon. */
import * as aq from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, hover, windowSpanX } from './theme.js';

/** Mark name: the SVG group of the bars is `mark-rect … instances_marks`. */
export const INSTANCES_CHART = 'instances';

/** `pools` is a poolFrame table. One bar segment per (window, GPU type · role). */
export function instancesChart(pools: aq.ColumnTable): TopLevelSpec {
  const values = pools
    .groupby('window', 'windowStart', 'windowEnd', 'when', 'gpuRole')
    .rollup({ instances: aq.op.sum('instances'), gpus: aq.op.sum('gpus'), pools: aq.op.count() })
    .orderby('window', 'gpuRole')
    .objects();
  const text = hover("datum.when + ' · ' + datum.gpuRole + ': ' + datum.instances + (datum.instances === 1 ? ' instance, ' : ' instances, ') + datum.gpus + ' GPUs in ' + datum.pools + ' pool(s)'");
  return {
    name: INSTANCES_CHART,
    description: 'Instances per window, stacked by GPU type and role',
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    data: { values },
    transform: text.transform,
    // Bars span [start, end) of their window; orient says the bars grow up, not along the time axis.
    mark: { type: 'bar', orient: 'vertical', stroke: 'white', strokeWidth: 0.3 },
    encoding: {
      ...windowSpanX(),
      y: { field: 'instances', type: 'quantitative', stack: 'zero', title: 'instances' },
      color: { field: 'gpuRole', type: 'nominal', title: 'GPU type · role' },
      description: text.description,
    },
  };
}
