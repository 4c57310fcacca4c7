/**
 * Where a recorded trace falls on a scenario's horizon. A trace carries absolute times; a replay runs
 * on horizon seconds (0 = the horizon's start). This module maps one onto the other, the same way
 * `trace fit` cuts windows, so a scenario fitted from a trace replays that trace window by window:
 *
 * - `window` (default): the trace's first window boundary (its first arrival's window, aligned to
 *   multiples of the window length since the epoch — whole UTC hours for 1-h windows) is the horizon's
 *   start; every request keeps its offset from that boundary.
 * - `calendar`: timestamps are read on the scenario's calendar; a trace that does not start inside
 *   the horizon is refused, with both spans.
 *
 * Then, in this order: `rateScale` F compresses the time from that anchor F-fold (the trace F times as
 * fast), `repeat` N tiles the trace N times back to back, and `offsetS` shifts everything explicitly.
 * Requests that land before the horizon's start are skipped and counted.
 */
import { InputError } from '../core/errors.js';
import { addSeconds, formatIso, parseIso, type EpochTime } from './parse/isoTime.js';
import type { TraceChunk, TraceSource } from './types.js';

export type TraceAlignment = 'window' | 'calendar';
export const TRACE_ALIGNMENTS: readonly TraceAlignment[] = ['window', 'calendar'];

export interface TraceTiming {
  /** Default 'window'. */
  readonly align?: TraceAlignment;
  /** Seconds added to every horizon time after alignment, scaling and tiling (may be negative). */
  readonly offsetS?: number;
  /** Replay the trace this many times as fast (> 0; default 1). */
  readonly rateScale?: number;
  /** Tile the trace this many times back to back (whole, ≥ 1; default 1). */
  readonly repeat?: number;
}

export interface HorizonSpan {
  readonly startIso: string;
  readonly windowS: number;
  readonly windows: number;
}

/** How the trace was placed, for the replay's report. */
export interface TracePlacement {
  readonly align: TraceAlignment;
  /** The trace time that became horizon second 0 (before offsetS), ISO 8601 UTC. */
  readonly anchorIso: string;
  readonly offsetS: number;
  readonly rateScale: number;
  readonly repeat: number;
  /** With repeat > 1: the trace-time distance between copies, s (its span plus one mean gap). */
  readonly periodS: number;
  /** The horizon's window length, s. */
  readonly windowS: number;
  /** Horizon seconds of the first placed arrival. */
  readonly firstArrivalS: number;
  /**
   * Horizon seconds of the first arrival read on the scenario's calendar, when that falls inside the
   * horizon and differs from the placement (a trace fitted with --repeat-to lies inside its horizon,
   * not at its start): the replay says so, so --align calendar is one flag away.
   */
  readonly calendarFirstArrivalS?: number;
}

export interface PlacedTrace {
  readonly trace: TraceSource;
  readonly placement: TracePlacement;
  /** Requests that landed before the horizon's start (after the last complete pass). */
  skippedBeforeStart(): number;
}

interface Extent {
  readonly first: number;
  readonly last: number;
  readonly rows: number;
}

/** Place `source` on the horizon; reads the trace once for its extent (first and last arrival). */
export async function placeTrace(source: TraceSource, horizon: HorizonSpan, timing: TraceTiming = {}): Promise<PlacedTrace> {
  const align = timing.align ?? 'window';
  const rateScale = timing.rateScale ?? 1;
  const repeat = timing.repeat ?? 1;
  const offsetS = timing.offsetS ?? 0;
  checkTiming(rateScale, repeat, offsetS);
  const traceStart = parseIso(source.startIso);
  const horizonStart = parseIso(horizon.startIso);
  if (!traceStart) throw new InputError({ file: source.name, field: 'start', message: `'${source.startIso}' is not an ISO date-time`, fix: 'give the trace start as ISO 8601 UTC' });
  if (!horizonStart) throw new InputError({ field: 'horizon.start', message: `'${horizon.startIso}' is not an ISO date-time`, fix: 'write horizon.start as ISO 8601 UTC' });
  const extent = await traceExtent(source);
  if (extent.rows === 0) throw new InputError({ file: source.name, field: 'rows', message: 'the trace has no requests', fix: 'replay a trace with at least one request' });

  // anchor: the trace-relative time (arrivalS units) that becomes horizon second 0.
  const anchor = align === 'calendar' ? secondsBetween(traceStart, horizonStart) : firstWindowBoundary(traceStart, extent.first, horizon.windowS);
  if (align === 'calendar') checkInsideHorizon(source, traceStart, extent, horizon, horizonStart);
  const periodS = extent.rows > 1 ? ((extent.last - extent.first) * extent.rows) / (extent.rows - 1) : horizon.windowS;
  const toHorizon = (a: number, copy: number) => (a - anchor + copy * periodS) / rateScale + offsetS;
  const placement: TracePlacement = {
    align,
    anchorIso: formatIso(addSeconds(traceStart, anchor)),
    offsetS,
    rateScale,
    repeat,
    periodS,
    windowS: horizon.windowS,
    firstArrivalS: toHorizon(extent.first, 0),
    ...calendarHint(traceStart, horizonStart, extent, horizon, toHorizon(extent.first, 0)),
  };
  let skipped = 0;
  let skippedInPass = 0;
  const trace: TraceSource = {
    name: source.name,
    startIso: horizon.startIso,
    services: source.services,
    ...(source.classLabels ? { classLabels: source.classLabels } : {}),
    async *chunks() {
      skippedInPass = 0;
      for (let copy = 0; copy < repeat; copy++) {
        for await (const chunk of source.chunks()) {
          const placed = placeChunk(chunk, (a) => toHorizon(a, copy));
          skippedInPass += chunk.length - placed.length;
          if (placed.length > 0) yield placed;
        }
      }
      skipped = skippedInPass;
    },
  };
  return { trace, placement, skippedBeforeStart: () => skipped };
}

/** The chunk on horizon seconds, without the requests placed before 0. */
function placeChunk(chunk: TraceChunk, toHorizon: (a: number) => number): TraceChunk {
  const arrivalS = new Float64Array(chunk.length);
  let from = 0;
  for (let i = 0; i < chunk.length; i++) {
    const t = toHorizon(chunk.arrivalS[i] as number);
    arrivalS[i] = t;
    // Arrivals are sorted, so the ones before 0 are a prefix.
    if (t < 0) from = i + 1;
  }
  if (from === 0) return { ...chunk, arrivalS };
  const end = chunk.length;
  return {
    length: end - from,
    arrivalS: arrivalS.subarray(from, end),
    inputTokens: chunk.inputTokens.subarray(from, end),
    outputTokens: chunk.outputTokens.subarray(from, end),
    serviceIndex: chunk.serviceIndex.subarray(from, end),
    ...(chunk.classIndex ? { classIndex: chunk.classIndex.subarray(from, end) } : {}),
  };
}

async function traceExtent(source: TraceSource): Promise<Extent> {
  let first = Number.NaN;
  let last = Number.NaN;
  let rows = 0;
  for await (const chunk of source.chunks()) {
    if (chunk.length === 0) continue;
    if (rows === 0) first = chunk.arrivalS[0] as number;
    last = chunk.arrivalS[chunk.length - 1] as number;
    rows += chunk.length;
  }
  return { first, last, rows };
}

/** Trace-relative seconds of the start of the window holding the first arrival (windows aligned to the epoch, as trace fit aligns them). */
function firstWindowBoundary(traceStart: EpochTime, firstArrivalS: number, windowS: number): number {
  const originS = Math.floor(traceStart.wholeS / windowS) * windowS;
  const startOffsetS = traceStart.wholeS - originS + traceStart.fracS;
  return Math.floor((startOffsetS + firstArrivalS) / windowS) * windowS - startOffsetS;
}

function calendarHint(traceStart: EpochTime, horizonStart: EpochTime, extent: Extent, horizon: HorizonSpan, placedFirstS: number): { calendarFirstArrivalS?: number } {
  const calendarS = extent.first - secondsBetween(traceStart, horizonStart);
  const inside = calendarS >= 0 && calendarS < horizon.windowS * horizon.windows;
  return inside && Math.abs(calendarS - placedFirstS) >= 1 ? { calendarFirstArrivalS: calendarS } : {};
}

/** b − a in seconds, exact in the whole part. */
function secondsBetween(a: EpochTime, b: EpochTime): number {
  return b.wholeS - a.wholeS + (b.fracS - a.fracS);
}

function checkInsideHorizon(source: TraceSource, traceStart: EpochTime, extent: Extent, horizon: HorizonSpan, horizonStart: EpochTime): void {
  const horizonS = horizon.windowS * horizon.windows;
  const firstS = extent.first - secondsBetween(traceStart, horizonStart);
  if (firstS >= 0 && firstS < horizonS) return;
  const iso = (t: EpochTime) => formatIso(t).replace(/\.0+Z$/, 'Z');
  const traceSpan = `${iso(addSeconds(traceStart, extent.first))} – ${iso(addSeconds(traceStart, extent.last))}`;
  const horizonSpan = `${iso(horizonStart)} – ${iso(addSeconds(horizonStart, horizonS))}`;
  throw new InputError({
    file: source.name,
    field: '--align calendar',
    message: `the trace (${traceSpan}) does not start inside the scenario's horizon (${horizonSpan})`,
    fix: 'replay it with the default alignment (its first window at the horizon start), shift it with --trace-offset, or use a scenario whose horizon covers the trace',
  });
}

function checkTiming(rateScale: number, repeat: number, offsetS: number): void {
  if (!(Number.isFinite(rateScale) && rateScale > 0)) throw new InputError({ field: '--rate-scale', message: `${rateScale} is not a positive number`, fix: 'give --rate-scale a factor > 0, e.g. 3 for three times as fast' });
  if (!(Number.isInteger(repeat) && repeat >= 1)) throw new InputError({ field: '--repeat', message: `${repeat} is not a whole number ≥ 1`, fix: 'give --repeat a count of copies, e.g. 24' });
  if (!Number.isFinite(offsetS)) throw new InputError({ field: '--trace-offset', message: `${offsetS} is not a duration`, fix: 'give --trace-offset a duration, e.g. 2h or -30m' });
}
