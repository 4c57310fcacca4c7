/**
 * A vega-lite spec → static SVG, rendered in Node by vega's headless view (no DOM, no canvas), so
 * the report needs no script or library at view time and opens offline.
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { labelAxesByDomain } from '../charts/axisNumberLabels.js';

export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(labelAxesByDomain(compile(spec).spec)), { renderer: 'none' });
  try {
    return addHoverTitles(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Vega writes each data mark's fields into its aria-label; a <title> child makes browsers show the
 * same text on hover, which static SVG otherwise lacks. Only self-closed mark items are touched.
 */
function addHoverTitles(svg: string): string {
  return svg.replace(/<(path|line|text|rect|circle) ([^<>]*?aria-label="([^"]*)"[^<>]*?role="graphics-symbol"[^<>]*?)\/>/g, (_all, tag: string, attrs: string, label: string) => `<${tag} ${attrs}><title>${label}</title></${tag}>`);
}
