/**
 * What every report chart shares: one look (fonts, sizes, colours) and one time axis. Windows are
 * drawn as spans from their start to their end, in UTC, so a plan reads the same on every machine.
 */
import type { Config } from 'vega-lite';
import { PLAIN_NUMBER_LABEL } from './axisNumberLabels.js';

/** Plot area width in px; the page scales the SVG down on narrow screens. */
export const CHART_WIDTH_PX = 760;
export const CHART_HEIGHT_PX = 220;

export const CHART_CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
  // Plain labels, which renderChartSvg turns into one format per axis from the axis's domain
  // (axisNumberLabels.ts): '5k' and '35k', never '5,000' beside '35k', no '0k', no '1,980.000000'.
  axisQuantitative: { labelExpr: PLAIN_NUMBER_LABEL },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'right', labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: { scheme: 'tableau10' } },
  // Step lines and bars end exactly at the horizon's edges: no padding or rounding of the time scale.
  scale: { continuousPadding: 0 },
};

/** x encoding of a window span [windowStart, windowEnd) on a UTC time axis. */
export function windowSpanX(title = 'window (UTC)') {
  return {
    x: { field: 'windowStart', type: 'temporal' as const, title, scale: { type: 'utc' as const, nice: false }, axis: { format: '%a %H:%M', labelOverlap: true } },
    x2: { field: 'windowEnd' },
  };
}

/**
 * x encoding of a point in time on the same UTC axis. `domainMs` pins the axis to the horizon, so
 * charts of points mid-window line up with charts of window spans.
 */
export function timeX(field: string, title = 'window (UTC)', domainMs?: readonly [number, number]) {
  return {
    field,
    type: 'temporal' as const,
    title,
    scale: { type: 'utc' as const, nice: false, ...(domainMs ? { domain: [...domainMs] } : {}) },
    axis: { format: '%a %H:%M', labelOverlap: true },
  };
}

/** [first window start, last window end] in ms, for timeX's domain. */
export function horizonMs(windowStarts: readonly string[], windowHours: number): [number, number] | undefined {
  if (windowStarts.length === 0) return undefined;
  const starts = windowStarts.map((s) => Date.parse(s));
  return [Math.min(...starts), Math.max(...starts) + windowHours * 3_600_000];
}

/** Ten pools or fewer get distinct hues; more need the paired light/dark palette. */
export function categoryScheme(categories: number): 'tableau10' | 'tableau20' {
  return categories <= 10 ? 'tableau10' : 'tableau20';
}

/** ISO start of the window after `startIso`, for spans and the last step of step lines. */
export function windowEndIso(startIso: string, windowHours: number): string {
  return new Date(Date.parse(startIso) + windowHours * 3_600_000).toISOString();
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * 'Mon 14:00 (window 14)': a window as hover texts name it. Formatted here, not by vega, whose time
 * formats outside a UTC scale follow the time zone of the machine that renders.
 */
export function whenLabel(startIso: string, window: number): string {
  const t = new Date(startIso);
  const hhmm = t.toISOString().slice(11, 16);
  return `${WEEKDAYS[t.getUTCDay()] ?? ''} ${hhmm} (window ${window})`;
}

/**
 * The hover text of each mark, as a vega expression over its datum. Static SVG has no tooltips, so
 * charts set vega-lite's `description` (written as the mark's aria-label, which renderChartSvg turns
 * into a <title>) instead of `tooltip`.
 */
export function hover(expression: string) {
  return {
    transform: [{ calculate: expression, as: 'hover' }],
    description: { field: 'hover', type: 'nominal' as const },
  };
}

/**
 * 'conversation/SS' → service 'conversation', bin 'SS': heat maps draw one panel per service and a
 * row per bin, so axis labels stay short however long the service's name.
 */
export function serviceAndBin(classId: string): { readonly service: string; readonly bin: string } {
  const slash = classId.indexOf('/');
  return slash < 0 ? { service: classId, bin: classId } : { service: classId.slice(0, slash), bin: classId.slice(slash + 1) };
}
