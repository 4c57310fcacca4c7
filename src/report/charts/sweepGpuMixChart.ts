/**
 * Sweep: which GPU mix wins where. One cell per variant: across, the values of the axis with the most
 * values; down, the combination of the other axes; the colour is the GPU types the plan buys (or why
 * there is no plan), the text its total cost.
 */
import type { TopLevelSpec } from 'vega-lite';
import { categoryScheme, CHART_CONFIG, hover } from './theme.js';

export const SWEEP_GPU_MIX_CHART = 'sweep_gpu_mix';

export interface GpuMixCell {
  readonly id: string;
  /** Value of the across axis. */
  readonly column: string;
  /** The other axes' values. */
  readonly row: string;
  /** GPU types bought, or the status of a variant without a plan. */
  readonly mix: string;
  /** '31.2k' or ''. */
  readonly costText: string;
}

const CELL_PX = 46;
const ROW_PX = 26;

/** `columns` and `rows` give the order of the cells (grid order). */
export function sweepGpuMixChart(acrossAxis: string, cells: readonly GpuMixCell[], columns: readonly string[], rows: readonly string[]): TopLevelSpec {
  const mixes = [...new Set(cells.map((c) => c.mix))].sort();
  const text = hover("datum.id + ': ' + datum.row + (datum.row === '' ? '' : ', ') + datum.column + ' → ' + datum.mix + (datum.costText === '' ? '' : ', ' + datum.costText + ' USD')");
  const x = { field: 'column', type: 'ordinal' as const, title: acrossAxis, sort: [...columns], axis: { labelAngle: -30, labelLimit: 160 } };
  const y = { field: 'row', type: 'ordinal' as const, title: null, sort: [...rows], axis: { labelLimit: 420 } };
  return {
    description: 'GPU mix bought by each variant',
    config: { ...CHART_CONFIG, range: { category: { scheme: categoryScheme(mixes.length) } } },
    data: { values: cells.map((c) => ({ ...c })) },
    transform: text.transform,
    width: Math.max(240, Math.min(900, columns.length * CELL_PX * 2)),
    height: Math.max(ROW_PX, rows.length * ROW_PX),
    layer: [
      {
        name: SWEEP_GPU_MIX_CHART,
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: { x, y, color: { field: 'mix', type: 'nominal', title: 'GPUs bought', sort: mixes }, description: text.description },
      },
      {
        mark: { type: 'text', fontSize: 10, color: 'black' },
        encoding: { x, y, text: { field: 'costText', type: 'nominal' } },
      },
    ],
  };
}
