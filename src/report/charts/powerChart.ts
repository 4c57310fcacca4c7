/**
 * Predicted power per window against the provisioned budget and the fleet's nameplate (POLCA's
 * oversubscription: the budget may sit below nameplate because inference rarely draws it). With a
 * replay, its measured mean and peak are drawn too. The scale fits the fleet: a budget far above it
 * (a 24 kW fleet under 400 kW) would flatten every line, so it is written on the chart instead.
 */
import * as aq from 'arquero';
import { op } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import type { Plan } from '../../plan/index.js';
import type { ReplayWindows } from '../replayWindows.js';
import { CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, hover, timeX, windowEndIso } from './theme.js';

export const POWER_CHART = 'power';
export const POWER_LIMITS = 'power_limits';
export const POWER_OFF_SCALE = 'power_off_scale';

/** A budget above this multiple of the fleet's highest line is written, not drawn. */
const OFF_SCALE_RATIO = 1.5;

const SERIES_STYLE: readonly { readonly name: string; readonly colour: string; readonly dash?: number[] }[] = [
  { name: 'predicted mean', colour: '#4c78a8', dash: [1, 0] },
  { name: 'predicted peak', colour: '#f58518', dash: [1, 0] },
  { name: 'replayed mean', colour: '#54a24b', dash: [5, 3] },
  { name: 'replayed peak (1-s)', colour: '#b279a2', dash: [5, 3] },
  { name: 'provisioned', colour: '#e45756' },
  { name: 'nameplate of the fleet', colour: '#9d755d' },
];

interface PowerPoint {
  readonly windowStart: string;
  readonly series: string;
  readonly kW: number;
}

/** Wide per-window figures → one row per (window, series), plus a closing step at the horizon's end. */
function stepSeries(wide: readonly Record<string, string | number>[], columns: Readonly<Record<string, string>>, windowHours: number): PowerPoint[] {
  const long = aq
    .from(wide as Record<string, unknown>[])
    .fold(Object.keys(columns), { as: ['key', 'kW'] })
    .derive({ series: aq.escape((d: { key: string }) => columns[d.key] ?? d.key) })
    .filter((d: { kW: number }) => op.is_finite(d.kW))
    .select('windowStart', 'series', 'kW')
    .objects() as PowerPoint[];
  const last = new Map<string, PowerPoint>();
  for (const p of long) last.set(p.series, p);
  const closing = [...last.values()].map((p) => ({ ...p, windowStart: windowEndIso(p.windowStart, windowHours) }));
  return [...long, ...closing];
}

const formatKW = (kW: number) => kW.toLocaleString('en-US', { maximumFractionDigits: kW >= 100 ? 0 : 1 });

export function powerChart(plan: Pick<Plan, 'windows' | 'totals'>, windowHours: number, replay?: ReplayWindows): TopLevelSpec {
  const planned = stepSeries(
    plan.windows.map((w) => ({ windowStart: w.windowStart, mean: w.meanPowerKW, peak: w.predictedPeakKW })),
    { mean: 'predicted mean', peak: 'predicted peak' },
    windowHours,
  );
  const replayed = replay
    ? stepSeries(replay.totals.map((w) => ({ windowStart: w.windowStart, mean: w.meanKW, peak: w.peakKW })), { mean: 'replayed mean', peak: 'replayed peak (1-s)' }, windowHours)
    : [];
  const budgetKW = plan.totals.provisionedKW;
  const hasBudget = Number.isFinite(budgetKW) && budgetKW > 0;
  const fleetTopKW = Math.max(plan.totals.nameplateKW, ...[...planned, ...replayed].map((p) => p.kW));
  const offScale = hasBudget && budgetKW > OFF_SCALE_RATIO * fleetTopKW;
  const limits = [
    ...(hasBudget && !offScale ? [{ limit: 'provisioned', kW: budgetKW }] : []),
    { limit: 'nameplate of the fleet', kW: plan.totals.nameplateKW },
  ];
  // Legend entries only for what is drawn: the replay's lines and the budget may be absent.
  const drawn = new Set<string>([...planned, ...replayed].map((p) => p.series).concat(limits.map((l) => l.limit)));
  const colours = SERIES_STYLE.filter((s) => drawn.has(s.name)).map((s) => [s.name, s.colour] as const);
  const dashes = SERIES_STYLE.filter((s) => drawn.has(s.name) && s.dash).map((s) => [s.name, s.dash ?? []] as const);
  const limitText = hover("datum.limit + ': ' + format(datum.kW, ',.1f') + ' kW'");
  return {
    description: 'Power per window vs provisioned power and nameplate',
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    layer: [
      {
        name: POWER_CHART,
        data: { values: [...planned, ...replayed] },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.8 },
        encoding: {
          x: timeX('windowStart', 'window (UTC)'),
          y: { field: 'kW', type: 'quantitative', title: 'IT power (kW)' },
          color: { field: 'series', type: 'nominal', title: 'power', scale: { domain: colours.map((c) => c[0]), range: colours.map((c) => c[1]) } },
          strokeDash: { field: 'series', type: 'nominal', legend: null, scale: { domain: dashes.map((d) => d[0]), range: dashes.map((d) => d[1]) } },
        },
      },
      {
        name: POWER_LIMITS,
        data: { values: limits },
        transform: limitText.transform,
        mark: { type: 'rule', strokeWidth: 1.5, strokeDash: [2, 2] },
        encoding: {
          y: { field: 'kW', type: 'quantitative' },
          color: { field: 'limit', type: 'nominal' },
          description: limitText.description,
        },
      },
      // Each limit named at the right end of its line: the budget under it, the nameplate above it,
      // so the two stay apart when they are close (week.yaml: 300 and 306 kW).
      ...limits.map((l) => ({
        data: { values: [{ ...l, text: `${l.limit === 'provisioned' ? 'budget' : 'nameplate'} ${formatKW(l.kW)} kW` }] },
        mark: { type: 'text' as const, align: 'right' as const, baseline: l.limit === 'provisioned' ? ('top' as const) : ('bottom' as const), dx: -4, dy: l.limit === 'provisioned' ? 3 : -3, fontSize: 11, color: SERIES_STYLE.find((s) => s.name === l.limit)?.colour ?? '#555' },
        encoding: { text: { field: 'text', type: 'nominal' as const }, x: { value: CHART_WIDTH_PX }, y: { field: 'kW', type: 'quantitative' as const } },
      })),
      ...(offScale
        ? [{
          name: POWER_OFF_SCALE,
          data: { values: [{ text: `provisioned budget ${formatKW(budgetKW)} kW: off the scale, ${formatKW(budgetKW - plan.totals.peakPowerKW)} kW above the predicted peak ↑` }] },
          // Top left: the limits' own labels sit at the right end of their lines.
          mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, dy: 4, fontSize: 11, color: '#e45756' },
          encoding: { text: { field: 'text', type: 'nominal' as const }, x: { value: 0 }, y: { value: 0 } },
        }]
        : []),
    ],
  };
}
