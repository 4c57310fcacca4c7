/**
 * What makes the report's charts read at a glance, checked on the rendered SVG: axis ticks in one
 * format per axis (no '0k', no '5,000' beside '35k', no '1,980.000000'), a power budget far above
 * the fleet written on the chart instead of flattening it, and latency drawn as one heat-map cell per (window, class, metric).
 */
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { baselineChart } from '../../src/report/charts/baselineChart.js';
import { latencyChart } from '../../src/report/charts/latencyChart.js';
import { sloAttainmentChart } from '../../src/report/charts/sloAttainmentChart.js';
import { powerChart } from '../../src/report/charts/powerChart.js';
import { CHART_CONFIG } from '../../src/report/charts/theme.js';
import { renderChartSvg } from '../../src/report/html/renderChartSvg.js';
import type { ReplayClassWindow, ReplayWindows } from '../../src/report/replayWindows.js';
import { numberFormatOf } from '../helpers/layoutProbe.js';

/** The tick labels vega drew, one list per axis. */
async function axes(spec: TopLevelSpec): Promise<string[][]> {
  const svg = await renderChartSvg(spec);
  return [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map((g) => [...(g[1] ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1] ?? ''));
}

/** Every tick label vega drew. */
async function axisLabels(spec: TopLevelSpec): Promise<string[]> {
  return (await axes(spec)).flat();
}

const bars = (values: number[], zero = true): TopLevelSpec => ({
  config: CHART_CONFIG,
  width: 200,
  height: 150,
  data: { values: values.map((v, i) => ({ k: `w${i}`, v })) },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative', scale: { zero } } },
});

describe('axis tick labels', () => {
  it('reads 0, 500, 1,000 below 10,000 and one SI prefix per axis above — never 0k or 0.5k', async () => {
    const small = await axisLabels(bars([0, 9_000]));
    expect(small).toContain('0');
    expect(small).toContain('8,000');
    expect(small.filter((l) => /k$/.test(l))).toEqual([]);
    const large = await axisLabels(bars([0, 250_000]));
    expect(large).toContain('0');
    expect(large).toContain('50k');
    expect(large).toContain('100k');
    expect(large.filter((l) => /^0\.?\d*k$/.test(l))).toEqual([]);
    expect(await axisLabels(bars([0, 9_000_000]))).toContain('2M');
  });

  it('gives every label of one axis the same format, each facet panel from its own domain', async () => {
    // The SinglePool baseline chart once read '5,000' and '35k' on one cost axis.
    const totals = { totalCostUsd: 32_000, energyKWh: 3_000, operationalCarbonKg: 1_000, embodiedCarbonKg: 40, gpus: 280 };
    const chart = baselineChart({ totals: totals as never, baseline: { totals: { ...totals, totalCostUsd: 34_500 } } as never });
    if (!chart) throw new Error('no baseline chart');
    const numeric = (await axes(chart)).filter((labels) => labels.some((l) => numberFormatOf(l) !== undefined));
    expect(numeric).toHaveLength(4);
    for (const labels of numeric) {
      expect(labels).toContain('0');
      expect(new Set(labels.map(numberFormatOf).filter((p) => p !== undefined)).size).toBe(1);
      expect(labels.every((l) => l.length <= 12)).toBe(true);
    }
    const [cost, energy] = numeric;
    expect(cost).toContain('5k');
    expect(cost).toContain('35k');
    expect(energy).toContain('1,000');
  });

  it('prints a one-value axis (every pool at 1,980 MHz) as an integer', async () => {
    const labels = await axisLabels({ ...bars([1980, 1980], false), mark: 'point' } as TopLevelSpec);
    expect(labels).toContain('1,980');
    expect(labels.filter((l) => l.includes('.'))).toEqual([]);
  });
});

const windows = [0, 1, 2].map((w) => ({ window: w, windowStart: new Date(Date.UTC(2024, 4, 13, w)).toISOString(), meanPowerKW: 20, predictedPeakKW: 22.4 }));

describe('power chart', () => {
  const labelled = async (provisionedKW: number) => renderChartSvg(powerChart({ windows: windows as never, totals: { provisionedKW, nameplateKW: 30, peakPowerKW: 22.4 } as never }, 1));

  it('draws a budget close to the fleet as a rule within the scale', async () => {
    const svg = await labelled(40);
    expect(svg).toMatch(/<title>provisioned: 40\.0 kW<\/title>/);
    expect(svg).not.toContain('off the scale');
  });

  it('writes a budget far above the fleet on the chart and scales the axis to the fleet', async () => {
    const svg = await labelled(400);
    expect(svg).toContain('provisioned budget 400 kW: off the scale');
    expect(svg).not.toMatch(/<title>provisioned: /);
    const ticks = (await axisLabels(powerChart({ windows: windows as never, totals: { provisionedKW: 400, nameplateKW: 30, peakPowerKW: 22.4 } as never }, 1))).map((l) => Number(l.replace(/,/g, ''))).filter(Number.isFinite);
    expect(Math.max(...ticks)).toBeLessThan(60);
  });
});

describe('latency chart', () => {
  const cell = (window: number, classId: string, ttft: number, tbt: number): ReplayClassWindow => ({
    window, windowStart: windows[window]?.windowStart ?? '', classId, requests: 100, completed: 100, sloAttainment: 1, meetsSlo: 'yes',
    ttftTargetMs: 400, ttftPercentile: 99, tbtPercentile: 99, ttftP50Ms: 100, ttftP99Ms: ttft * 400, tbtTargetMs: 100, tbtP50Ms: 30, tbtP99Ms: tbt * 100, ttftOverTargetAtSlo: ttft, tbtOverTargetAtSlo: tbt,
  });
  const replay: ReplayWindows = {
    totals: [],
    classes: [cell(0, 'conversation/SS', 0.5, 0.3), cell(1, 'conversation/SS', 1.2, Number.NaN), cell(0, 'coding/LL', 0.9, 0.4)],
  };

  it('draws one cell per (window, class, metric) with a known latency, rows named by bin', async () => {
    const svg = await renderChartSvg(latencyChart(replay, 1));
    // Hover titles: 2 TTFT cells and 1 TBT cell of conversation/SS (its TBT in window 1 is unknown), 2 of coding/LL.
    expect(svg.match(/<title>[^<]*· TTFT:/g)).toHaveLength(3);
    expect(svg.match(/<title>[^<]*· mean TBT:/g)).toHaveLength(2);
    expect(svg).toContain('×1.20');
    const labels = await axisLabels(latencyChart(replay, 1));
    expect(labels).toContain('SS');
    expect(labels).toContain('LL');
    expect(labels.filter((l) => l.includes('/'))).toEqual([]);
  });
});

/**
 * A week's replay (168 hourly windows × 18 classes, week.yaml's shape) drawn as small multiples per
 * (metric, service): every cell drawn, short day-of-week ticks rather than 168 labels, and a chart
 * no wider than the report's column. Rendered to SVG without a browser, so it stays cheap in CI.
 */
describe('a week of replay cells', () => {
  const bins = ['SS', 'SM', 'SL', 'MS', 'MM', 'ML', 'LS', 'LM', 'LL'];
  const classIds = ['conversation', 'coding'].flatMap((s) => bins.map((b) => `${s}/${b}`));
  const week: ReplayClassWindow[] = Array.from({ length: 168 }, (_, w) => classIds.map((classId, c) => {
    const ttft = 0.4 + ((w * 7 + c * 3) % 11) / 10;
    return {
      window: w, windowStart: new Date(Date.UTC(2024, 4, 13, w)).toISOString(), classId, requests: 1000, completed: 1000, sloAttainment: 0.99, meetsSlo: 'yes',
      ttftTargetMs: 400, ttftPercentile: 99, tbtPercentile: 99, ttftP50Ms: 100, ttftP99Ms: ttft * 400, tbtTargetMs: 100, tbtP50Ms: 30, tbtP99Ms: 50, ttftOverTargetAtSlo: ttft, tbtOverTargetAtSlo: 0.5,
    };
  })).flat();
  const replay: ReplayWindows = { totals: [], classes: week };

  it.each([
    // TTFT and mean TBT, each one panel per service.
    ['latency', () => latencyChart(replay, 1), 168 * 18 * 2],
    ['SLO attainment', () => sloAttainmentChart(replay, 1), 168 * 18],
  ] as const)('%s: one cell per (window, class), day ticks of at most 12 characters, within 1,232 px', async (_name, chart, cells) => {
    const svg = await renderChartSvg(chart());
    // vega draws each facet panel's cells as paths in one `<g class="mark-rect role-mark …">`.
    const drawn = [...svg.matchAll(/<g class="mark-rect role-mark [^"]*"[^>]*>(.*?)<\/g>/gs)].reduce((n, g) => n + (g[1]?.match(/<path/g)?.length ?? 0), 0);
    expect(drawn).toBe(cells);
    expect(Number(/<svg[^>]*width="([\d.]+)"/.exec(svg)?.[1])).toBeLessThanOrEqual(1232);
    const labels = await axisLabels(chart());
    expect(labels.filter((l) => l.length > 12)).toEqual([]);
    const timeTicks = labels.filter((l) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d$/.test(l));
    expect(timeTicks.length).toBeGreaterThan(3);
    expect(timeTicks.length).toBeLessThanOrEqual(16);
  });
});
