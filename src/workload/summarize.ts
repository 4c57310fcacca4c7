/**
 * A trace's summary as plain data (what `llmcap trace summarize` prints and --json emits): size and
 * span, arrival rate per window, token quantiles, class mix. Quantiles interpolate linearly between
 * order statistics, as pandas does, so they match the trace README's published figures.
 */
import { classBins } from './bins.js';
import { DEFAULT_INPUT_THRESHOLDS, DEFAULT_OUTPUT_THRESHOLDS } from './defaults.js';
import { addSeconds, formatIso, parseIso } from './parse/isoTime.js';
import type { TokenHistogram } from './quantiles/histogram.js';
import { collectTraceStats, type ClassStats, type ServiceStats, type TraceStats } from './traceStats.js';
import type { SkippedRows, TraceSource } from './types.js';

export interface TokenSummary {
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly total: number;
}

export interface ClassSummary {
  readonly name: string;
  /** [lo, hi) in tokens; hi null for the open-ended bin. */
  readonly inputRange: readonly [number, number | null];
  readonly outputRange: readonly [number, number | null];
  readonly requests: number;
  readonly share: number;
  readonly input: TokenSummary | null;
  readonly output: TokenSummary | null;
}

export interface WindowSummary {
  readonly index: number;
  readonly startIso: string;
  readonly requests: number;
  /** Seconds of the window the trace covers. */
  readonly coveredS: number;
  readonly rateRps: number;
  readonly partial: boolean;
}

export interface RateSummary {
  /** Which windows the statistics use: the full ones, or all (when none is full). */
  readonly basis: 'full windows' | 'all windows';
  readonly windows: number;
  readonly minRps: number;
  readonly medianRps: number;
  readonly maxRps: number;
  readonly meanRps: number;
  readonly peakToMean: number;
  readonly minRequests: number;
  readonly medianRequests: number;
  readonly maxRequests: number;
}

export interface ServiceSummary {
  readonly name: string;
  readonly requests: number;
  readonly share: number;
  readonly input: TokenSummary;
  readonly output: TokenSummary;
  readonly interArrivalCv: number | null;
  readonly classes: readonly ClassSummary[];
}

export interface TraceSummary {
  readonly source: string;
  readonly requests: number;
  readonly skippedRows: SkippedRows;
  readonly firstArrivalIso: string;
  readonly lastArrivalIso: string;
  readonly spanS: number;
  readonly meanRateRps: number;
  readonly interArrival: { readonly meanS: number | null; readonly cv: number | null };
  readonly windowS: number;
  readonly rate: RateSummary;
  readonly windows: readonly WindowSummary[];
  readonly thresholds: { readonly input: readonly number[]; readonly output: readonly number[] };
  readonly input: TokenSummary;
  readonly output: TokenSummary;
  readonly classes: readonly ClassSummary[];
  readonly services: readonly ServiceSummary[];
  /** Requests per label of the trace's own class column, when it has one. */
  readonly labels?: readonly { readonly label: string; readonly requests: number }[];
}

export function summarizeStats(stats: TraceStats, skipped: SkippedRows, classLabels?: readonly string[]): TraceSummary {
  const start = parseIso(stats.startIso) ?? { wholeS: 0, fracS: 0 };
  const spanS = stats.lastArrivalS - stats.firstArrivalS;
  const windows = windowSummaries(stats);
  return {
    source: stats.source,
    requests: stats.rows,
    skippedRows: skipped,
    firstArrivalIso: formatIso(addSeconds(start, stats.firstArrivalS)),
    lastArrivalIso: formatIso(addSeconds(start, stats.lastArrivalS)),
    spanS,
    meanRateRps: spanS > 0 ? stats.rows / spanS : Number.NaN,
    interArrival: { meanS: finiteOrNull(stats.all.interArrival.meanS), cv: finiteOrNull(stats.all.interArrival.cv) },
    windowS: stats.windowS,
    rate: rateSummary(windows),
    windows,
    thresholds: { input: stats.bins.inputThresholds, output: stats.bins.outputThresholds },
    input: tokenSummary(stats.all.input),
    output: tokenSummary(stats.all.output),
    classes: classSummaries(stats.all),
    services: stats.services.map((s) => serviceSummary(s, stats.rows)),
    ...(stats.labelCounts && classLabels ? { labels: classLabels.map((label, i) => ({ label, requests: stats.labelCounts?.[i] ?? 0 })) } : {}),
  };
}

export function tokenSummary(h: TokenHistogram): TokenSummary {
  return { min: h.min, mean: h.mean, p50: h.quantile(0.5), p90: h.quantile(0.9), p99: h.quantile(0.99), max: h.max, total: h.sum };
}

function classSummaries(s: ServiceStats): ClassSummary[] {
  return s.classes.map((c: ClassStats) => ({
    name: c.name,
    inputRange: openRange(c.inputRange),
    outputRange: openRange(c.outputRange),
    requests: c.input.count,
    share: s.requests > 0 ? c.input.count / s.requests : 0,
    input: c.input.count > 0 ? tokenSummary(c.input) : null,
    output: c.output.count > 0 ? tokenSummary(c.output) : null,
  }));
}

function serviceSummary(s: ServiceStats, total: number): ServiceSummary {
  return {
    name: s.name,
    requests: s.requests,
    share: total > 0 ? s.requests / total : 0,
    input: tokenSummary(s.input),
    output: tokenSummary(s.output),
    interArrivalCv: finiteOrNull(s.interArrival.cv),
    classes: classSummaries(s),
  };
}

function windowSummaries(stats: TraceStats): WindowSummary[] {
  return Array.from({ length: stats.windowCount }, (_, w) => {
    const requests = stats.all.windowCounts[w] ?? 0;
    const coveredS = stats.coveredS[w] ?? stats.windowS;
    return {
      index: w,
      startIso: formatIso(addSeconds(stats.firstWindowStart, w * stats.windowS)),
      requests,
      coveredS,
      // A zero-length cover (a single arrival) says nothing about the rate: spread it over the window.
      rateRps: requests / (coveredS > 0 ? coveredS : stats.windowS),
      partial: coveredS < stats.windowS,
    };
  });
}

function rateSummary(windows: readonly WindowSummary[]): RateSummary {
  const full = windows.filter((w) => !w.partial);
  const used = full.length > 0 ? full : windows;
  const rates = used.map((w) => w.rateRps).sort((a, b) => a - b);
  const counts = used.map((w) => w.requests).sort((a, b) => a - b);
  const meanRps = rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length);
  const maxRps = rates[rates.length - 1] ?? Number.NaN;
  return {
    basis: full.length > 0 ? 'full windows' : 'all windows',
    windows: used.length,
    minRps: rates[0] ?? Number.NaN,
    medianRps: median(rates),
    maxRps,
    meanRps,
    peakToMean: meanRps > 0 ? maxRps / meanRps : Number.NaN,
    minRequests: counts[0] ?? Number.NaN,
    medianRequests: median(counts),
    maxRequests: counts[counts.length - 1] ?? Number.NaN,
  };
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) / 2;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

function openRange([lo, hi]: readonly [number, number]): [number, number | null] {
  return [lo, Number.isFinite(hi) ? hi : null];
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export interface SummarizeOptions {
  readonly windowS: number;
  readonly inputThresholds?: readonly number[];
  readonly outputThresholds?: readonly number[];
}

/** Read a whole trace once and summarize it (collectTraceStats + summarizeStats). */
export async function summarizeTrace(source: TraceSource & { skipped?: () => SkippedRows }, options: SummarizeOptions): Promise<{ summary: TraceSummary; stats: TraceStats }> {
  const bins = classBins(options.inputThresholds ?? DEFAULT_INPUT_THRESHOLDS, options.outputThresholds ?? DEFAULT_OUTPUT_THRESHOLDS);
  const stats = await collectTraceStats(source, { windowS: options.windowS, bins });
  return { summary: summarizeStats(stats, source.skipped?.() ?? { count: 0, examples: [] }, source.classLabels), stats };
}
