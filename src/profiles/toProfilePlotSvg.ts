/**
 * SVG of latency and power against SM clock (vega-lite → vega → SVG, rendered headless in Node).
 * vega and vega-lite are imported on first use: they are large and only `profiles plot` needs them.
 */
import type { CurvePoint } from './profileCurves.js';

export function profilePlotSpec(title: string, points: readonly CurvePoint[]): Record<string, unknown> {
  const panel = (field: 'latency_ms' | 'power_w', label: string, scale: 'log' | 'linear') => ({
    width: 420,
    height: 220,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'clock_mhz', type: 'quantitative', title: 'SM clock (MHz)', scale: { zero: false } },
      y: { field, type: 'quantitative', title: label, scale: { type: scale } },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
      strokeDash: { field: 'phase', type: 'nominal', title: null },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: points.map((p) => ({ series: p.series, phase: p.phase, clock_mhz: p.clockMHz, latency_ms: p.latencyMs, power_w: p.powerW })) },
    vconcat: [panel('latency_ms', 'step latency (ms, log scale)', 'log'), panel('power_w', 'instance power (W)', 'linear')],
    config: { font: 'sans-serif', legend: { labelLimit: 320 } },
  };
}

export async function toProfilePlotSvg(title: string, points: readonly CurvePoint[]): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(profilePlotSpec(title, points) as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
