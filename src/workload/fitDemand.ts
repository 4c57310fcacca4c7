/**
 * Scenario horizon and demand from a trace. Observed: one window per trace window, each class's
 * rate = its arrivals / the seconds of the window the trace covers. Repeated (`repeatToS`): a longer
 * horizon whose load follows the weekly shape (weeklyShape.ts), scaled so that the shape over the
 * trace's own windows predicts the trace's request count — the Poisson maximum-likelihood level.
 */
import { InputError } from '../core/errors.js';
import type { ScenarioFile } from '../scenario/index.js';
import { addSeconds, formatIso } from './parse/isoTime.js';
import type { ServiceStats, TraceStats } from './traceStats.js';
import { shapeAt, type WeeklyShape } from './weeklyShape.js';

type DemandFile = ScenarioFile['services'][number]['demand'];

/** The schema's limit on windows. */
export const MAX_SCENARIO_WINDOWS = 8784;
const WEEK_S = 7 * 86_400;
const DAY_S = 86_400;

export interface FittedHorizon {
  readonly startIso: string;
  readonly windows: number;
  readonly windowS: number;
}

export function observedHorizon(stats: TraceStats, file: string): FittedHorizon {
  checkWindowCount(stats.windowCount, stats.windowS, file, '--window');
  return { startIso: isoSeconds(formatIso(stats.firstWindowStart)), windows: stats.windowCount, windowS: stats.windowS };
}

/** Per class and window: arrivals / covered seconds, 4 significant digits. */
export function observedDemand(stats: TraceStats, service: ServiceStats): DemandFile {
  const classRps: Record<string, number[]> = {};
  for (const c of service.classes) {
    if (c.input.count === 0) continue; // classes left out of classRps have no demand
    classRps[c.name] = Array.from(c.windowCounts, (n, w) => roundSig(n / coveredOrWindow(stats, w), 4));
  }
  return { classRps };
}

/**
 * A horizon of `repeatToS` starting at the UTC midnight before the trace (at the Monday before it
 * when the horizon is whole weeks, so weekday factors line up with the scenario's windows).
 */
export function repeatedHorizon(stats: TraceStats, repeatToS: number, file: string): FittedHorizon {
  const windows = repeatToS / stats.windowS;
  if (!Number.isInteger(windows) || windows < 1) {
    throw new InputError({ file, field: '--repeat-to', message: `${repeatToS} s is not a whole number of ${stats.windowS}-s windows`, fix: 'give a --repeat-to that is a multiple of --window, e.g. 168h with 1h' });
  }
  checkWindowCount(windows, stats.windowS, file, '--repeat-to');
  const traceStartS = stats.firstWindowStart.wholeS;
  const dayStartS = Math.floor(traceStartS / DAY_S) * DAY_S;
  const mondayStartS = dayStartS - ((new Date(dayStartS * 1000).getUTCDay() + 6) % 7) * DAY_S;
  const startS = repeatToS % WEEK_S === 0 ? mondayStartS : dayStartS;
  const traceEndS = traceStartS + stats.windowCount * stats.windowS;
  if (traceEndS > startS + repeatToS) {
    throw new InputError({
      file,
      field: '--repeat-to',
      message: `the trace runs to ${isoSeconds(new Date(traceEndS * 1000).toISOString())}, past the end of a ${repeatToS / 3600}-h horizon from ${isoSeconds(new Date(startS * 1000).toISOString())}`,
      fix: 'drop --repeat-to (the trace is long enough to fit as observed) or give a longer one',
    });
  }
  return { startIso: isoSeconds(new Date(startS * 1000).toISOString()), windows, windowS: stats.windowS };
}

export interface RepeatedDemand {
  readonly demand: DemandFile;
  /** Requests per second the shape predicts per unit of shape (the fitted level). */
  readonly levelRps: number;
}

export function repeatedDemand(stats: TraceStats, service: ServiceStats, horizon: FittedHorizon, shape: WeeklyShape): RepeatedDemand {
  let exposure = 0; // Σ shape × covered seconds over the trace's windows
  for (let w = 0; w < stats.windowCount; w++) {
    const t = new Date((addSeconds(stats.firstWindowStart, w * stats.windowS).wholeS) * 1000);
    exposure += shapeAt(shape, t.getUTCHours(), (t.getUTCDay() + 6) % 7) * coveredOrWindow(stats, w);
  }
  const levelRps = exposure > 0 ? service.requests / exposure : 0;
  const startMs = Date.parse(horizon.startIso);
  let shapeSum = 0;
  for (let w = 0; w < horizon.windows; w++) {
    const t = new Date(startMs + w * horizon.windowS * 1000);
    shapeSum += shapeAt(shape, t.getUTCHours(), (t.getUTCDay() + 6) % 7);
  }
  // The scenario rescales shape to mean 1 and multiplies by meanRps: give it the horizon mean.
  const meanRps = roundSig(levelRps * (shapeSum / horizon.windows), 4);
  return { demand: { meanRps, shape: { daily: [...shape.daily], weekly: [...shape.weekly] } }, levelRps };
}

function coveredOrWindow(stats: TraceStats, w: number): number {
  const c = stats.coveredS[w] ?? stats.windowS;
  return c > 0 ? c : stats.windowS;
}

function checkWindowCount(windows: number, windowS: number, file: string, flag: string): void {
  if (windows > MAX_SCENARIO_WINDOWS) {
    throw new InputError({ file, field: flag, message: `${windows} windows of ${windowS} s; a scenario has at most ${MAX_SCENARIO_WINDOWS}`, fix: 'use a longer --window' });
  }
}

export function roundSig(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** '2023-11-16T18:00:00.000Z' → '2023-11-16T18:00:00Z' when the fraction is zero. */
function isoSeconds(iso: string): string {
  return iso.replace(/\.0+Z$/, 'Z');
}
