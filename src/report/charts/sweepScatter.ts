/**
 * What the sweep's scatter charts share: one point per planned variant, coloured by the GPU mix it
 * buys, under a line through some of them (the frontier, the cheapest per demand level).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlannedPoint } from '../../sweep/analysis.js';
import { categoryScheme, CHART_CONFIG, hover } from './theme.js';

export interface SweepScatter {
  readonly name: string;
  readonly description: string;
  readonly points: readonly PlannedPoint[];
  readonly line: readonly PlannedPoint[];
  readonly x: { readonly field: keyof PlannedPoint; readonly title: string };
  readonly y: { readonly field: keyof PlannedPoint; readonly title: string };
  /** Vega expressions over a datum: the hover text of a point and of a line vertex. */
  readonly pointHover: string;
  readonly lineHover: string;
  readonly dashed?: boolean;
  /** Mark variants a solver limit stopped with another shape. */
  readonly statusShape?: boolean;
  readonly height: number;
}

export function sweepScatterChart(c: SweepScatter): TopLevelSpec {
  const mixes = [...new Set(c.points.map((p) => p.gpuMix))].sort();
  const pointText = hover(c.pointHover);
  const lineText = hover(c.lineHover);
  const x = { field: c.x.field, type: 'quantitative' as const, title: c.x.title, scale: { zero: false } };
  const y = { field: c.y.field, type: 'quantitative' as const, title: c.y.title, scale: { zero: false } };
  return {
    description: c.description,
    config: { ...CHART_CONFIG, range: { category: { scheme: categoryScheme(mixes.length) } } },
    width: 640,
    height: c.height,
    layer: [
      {
        data: { values: c.line.map((p) => ({ ...p })) },
        transform: lineText.transform,
        mark: { type: 'line', color: '#333', ...(c.dashed ? { strokeDash: [4, 3], point: { filled: false, color: '#333', size: 90 } } : { point: { color: '#333', size: 40 } }) },
        encoding: { x, y, order: { field: c.x.field, type: 'quantitative' }, description: lineText.description },
      },
      {
        name: c.name,
        data: { values: c.points.map((p) => ({ ...p })) },
        transform: pointText.transform,
        mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: { field: 'gpuMix', type: 'nominal', title: 'GPUs bought', sort: mixes },
          ...(c.statusShape ? { shape: { field: 'status', type: 'nominal', title: 'status', scale: { domain: ['ok', 'limit'], range: ['circle', 'triangle-up'] } } } : {}),
          description: pointText.description,
        },
      },
    ],
  };
}
