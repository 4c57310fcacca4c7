/**
 * One pass over a trace collecting what summarize and fit need, in memory bounded by the number of
 * windows and distinct token values (never by the number of requests): per service and class,
 * exact token histograms and arrivals per window; inter-arrival moments.
 *
 * Windows are aligned to multiples of the window length since 1970-01-01T00:00Z — whole UTC hours
 * for 1 h, UTC midnights for 1 d — so they line up with a scenario's hourly windows and with
 * calendar-minute counts. The first and last windows are usually partial: their rate is counted
 * over the part the trace covers (from the first arrival, to the last one).
 */
import { InputError } from '../core/errors.js';
import type { ClassBins } from './bins.js';
import { GrowableCounts } from './growable.js';
import { addSeconds, parseIso, type EpochTime } from './parse/isoTime.js';
import { TokenHistogram } from './quantiles/histogram.js';
import { GapHistogram } from './quantiles/gapHistogram.js';
import type { TraceSource } from './types.js';

export interface TraceStatsOptions {
  readonly windowS: number;
  readonly bins: ClassBins;
  /** Refuse more windows than this (memory guard; default 1,000,000). */
  readonly maxWindows?: number;
}

export interface ClassStats {
  readonly name: string;
  readonly inputRange: readonly [number, number];
  readonly outputRange: readonly [number, number];
  readonly input: TokenHistogram;
  readonly output: TokenHistogram;
  /** Arrivals per window. */
  readonly windowCounts: Float64Array;
  /** Inter-arrival times within this class (what a synthetic trace's per-class burstiness means). */
  readonly interArrival: InterArrival;
}

export interface ServiceStats {
  readonly name: string;
  readonly requests: number;
  readonly input: TokenHistogram;
  readonly output: TokenHistogram;
  readonly classes: readonly ClassStats[];
  readonly windowCounts: Float64Array;
  /** Inter-arrival times within this service. */
  readonly interArrival: InterArrival;
  /** The service's inter-arrival gaps (`trace fit --arrivals empirical` takes their quantiles); absent for the all-services total. */
  readonly gaps?: GapHistogram;
}

export interface InterArrival {
  readonly meanS: number;
  /** Coefficient of variation (1 for a Poisson process). */
  readonly cv: number;
}

export interface TraceStats {
  readonly source: string;
  readonly startIso: string;
  readonly rows: number;
  readonly firstArrivalS: number;
  readonly lastArrivalS: number;
  readonly windowS: number;
  /** Start of the first window (aligned), exact. */
  readonly firstWindowStart: EpochTime;
  readonly windowCount: number;
  /** Seconds of each window the trace covers (less than windowS for the first and last). */
  readonly coveredS: Float64Array;
  readonly bins: ClassBins;
  readonly services: readonly ServiceStats[];
  /** All services together. */
  readonly all: ServiceStats;
  /** Requests per label of the trace's class column, if it has one. */
  readonly labelCounts?: readonly number[];
}

export async function collectTraceStats(source: TraceSource, options: TraceStatsOptions): Promise<TraceStats> {
  const { windowS, bins } = options;
  const maxWindows = options.maxWindows ?? 1_000_000;
  const start = parseIso(source.startIso);
  if (!start) throw new InputError({ file: source.name, field: 'startIso', message: `'${source.startIso}' is not an ISO date-time`, fix: 'give the trace start as ISO 8601 UTC' });
  // Align to multiples of windowS since the epoch, keeping the large whole part exact.
  const originS = Math.floor(start.wholeS / windowS) * windowS;
  const offsetS = start.wholeS - originS + start.fracS;

  const perService = source.services.map(() => ({
    classIn: bins.names.map(() => new TokenHistogram()),
    classOut: bins.names.map(() => new TokenHistogram()),
    classWindows: bins.names.map(() => new GrowableCounts()),
    classPrevS: new Float64Array(bins.names.length).fill(Number.NaN),
    classGapSum: new Float64Array(bins.names.length),
    classGapSqSum: new Float64Array(bins.names.length),
    classGaps: new Float64Array(bins.names.length),
    prevS: Number.NaN,
    gapHistogram: new GapHistogram(),
    gapSum: 0,
    gapSqSum: 0,
    gaps: 0,
  }));
  const labelCounts = source.classLabels ? new GrowableCounts(Math.max(1, source.classLabels.length)) : undefined;
  let rows = 0;
  let allGapSum = 0;
  let allGapSqSum = 0;
  let firstWindow = 0;
  let firstArrivalS = Number.NaN;
  let lastArrivalS = Number.NaN;

  for await (const chunk of source.chunks()) {
    const { arrivalS, inputTokens, outputTokens, serviceIndex, classIndex } = chunk;
    if (rows === 0 && chunk.length > 0) {
      firstArrivalS = arrivalS[0] as number;
      firstWindow = Math.floor((offsetS + firstArrivalS) / windowS);
    }
    // Hot loop: typed-array reads and counter increments only.
    for (let i = 0; i < chunk.length; i++) {
      const a = arrivalS[i] as number;
      const w = Math.floor((offsetS + a) / windowS) - firstWindow;
      if (w >= maxWindows) {
        throw new InputError({ file: source.name, field: 'window', message: `the trace spans more than ${maxWindows.toLocaleString('en-US')} windows of ${windowS} s`, fix: 'use a longer --window' });
      }
      const s = perService[serviceIndex[i] as number];
      if (!s) continue;
      const input = inputTokens[i] as number;
      const output = outputTokens[i] as number;
      const k = bins.classOf(input, output);
      (s.classIn[k] as TokenHistogram).add(input);
      (s.classOut[k] as TokenHistogram).add(output);
      (s.classWindows[k] as GrowableCounts).add(w);
      const prevK = s.classPrevS[k] as number;
      if (!Number.isNaN(prevK)) {
        const g = a - prevK;
        s.classGapSum[k] = (s.classGapSum[k] as number) + g;
        s.classGapSqSum[k] = (s.classGapSqSum[k] as number) + g * g;
        s.classGaps[k] = (s.classGaps[k] as number) + 1;
      }
      s.classPrevS[k] = a;
      if (!Number.isNaN(s.prevS)) {
        const g = a - s.prevS;
        s.gapSum += g;
        s.gapSqSum += g * g;
        s.gaps++;
        s.gapHistogram.add(g);
      }
      s.prevS = a;
      if (rows + i > 0) {
        const g = a - lastArrivalS;
        allGapSum += g;
        allGapSqSum += g * g;
      }
      lastArrivalS = a;
      if (labelCounts && classIndex) labelCounts.add(classIndex[i] as number);
    }
    rows += chunk.length;
  }

  const windowCount = rows === 0 ? 0 : Math.floor((offsetS + lastArrivalS) / windowS) - firstWindow + 1;
  const firstWindowStart = addSeconds({ wholeS: originS, fracS: 0 }, firstWindow * windowS);
  const coveredS = new Float64Array(windowCount).fill(windowS);
  if (windowCount > 0) {
    const firstStartRel = firstWindow * windowS - offsetS; // relative to arrivalS = 0
    coveredS[0] = Math.min(windowS, firstStartRel + windowS - firstArrivalS);
    const lastStartRel = firstStartRel + (windowCount - 1) * windowS;
    coveredS[windowCount - 1] = windowCount === 1 ? lastArrivalS - firstArrivalS : lastArrivalS - lastStartRel;
  }

  const services: ServiceStats[] = source.services.map((name, si) => {
    const s = perService[si];
    if (!s) throw new Error('unreachable: service stats missing');
    const classes: ClassStats[] = bins.names.map((cname, k) => ({
      name: cname,
      inputRange: bins.inputRanges[k] as [number, number],
      outputRange: bins.outputRanges[k] as [number, number],
      input: s.classIn[k] as TokenHistogram,
      output: s.classOut[k] as TokenHistogram,
      windowCounts: (s.classWindows[k] as GrowableCounts).toArray(windowCount),
      interArrival: moments(s.classGaps[k] as number, s.classGapSum[k] as number, s.classGapSqSum[k] as number),
    }));
    return serviceTotals(name, classes, windowCount, moments(s.gaps, s.gapSum, s.gapSqSum), s.gapHistogram);
  });
  const allClasses: ClassStats[] = bins.names.map((cname, k) => {
    const input = new TokenHistogram();
    const output = new TokenHistogram();
    const windowCounts = new Float64Array(windowCount);
    for (const svc of services) {
      const c = svc.classes[k] as ClassStats;
      input.merge(c.input);
      output.merge(c.output);
      c.windowCounts.forEach((n, w) => (windowCounts[w] = (windowCounts[w] as number) + n));
    }
    // Across services a class's arrivals are merged streams; their CV is not collected.
    return { name: cname, inputRange: bins.inputRanges[k] as [number, number], outputRange: bins.outputRanges[k] as [number, number], input, output, windowCounts, interArrival: { meanS: Number.NaN, cv: Number.NaN } };
  });
  const all = serviceTotals('', allClasses, windowCount, moments(rows - 1, allGapSum, allGapSqSum));
  return {
    source: source.name,
    startIso: source.startIso,
    rows,
    firstArrivalS,
    lastArrivalS,
    windowS,
    firstWindowStart,
    windowCount,
    coveredS,
    bins,
    services,
    all,
    ...(labelCounts && source.classLabels ? { labelCounts: Array.from(labelCounts.toArray(source.classLabels.length)) } : {}),
  };
}

function serviceTotals(name: string, classes: readonly ClassStats[], windowCount: number, interArrival: InterArrival, gaps?: GapHistogram): ServiceStats {
  const input = new TokenHistogram();
  const output = new TokenHistogram();
  const windowCounts = new Float64Array(windowCount);
  for (const c of classes) {
    input.merge(c.input);
    output.merge(c.output);
    c.windowCounts.forEach((n, w) => (windowCounts[w] = (windowCounts[w] as number) + n));
  }
  return { name, requests: input.count, input, output, classes, windowCounts, interArrival, ...(gaps ? { gaps } : {}) };
}

function moments(n: number, sum: number, sqSum: number): InterArrival {
  if (n < 1) return { meanS: Number.NaN, cv: Number.NaN };
  const mean = sum / n;
  const variance = Math.max(0, sqSum / n - mean * mean);
  return { meanS: mean, cv: mean > 0 ? Math.sqrt(variance) / mean : Number.NaN };
}
