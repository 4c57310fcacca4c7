/**
 * Latency distributions as users read them, in bounded memory: TTFT, TPOT (a request's mean time per
 * output token, MLPerf's and vLLM's TPOT, the replay's `tbt`), ITL (every gap between two consecutive
 * tokens, vLLM's inter-token latency), E2E and queue time, each as log histograms that merge across
 * windows and classes. Quantiles are read to within the histogram's ±0.8 %; means are exact.
 */
import { LogHistogram } from './logHistogram.js';

export const LATENCY_METRICS = ['ttft', 'tpot', 'itl', 'e2e', 'queue'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

/** The quantiles every latency summary reports. */
export const REPORTED_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

export interface QuantileSummary {
  /** Values summarized: requests, or tokens for ITL. */
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

export type LatencyQuantiles = Readonly<Record<LatencyMetric, QuantileSummary>>;

/** One histogram per metric, wherever they live. */
export type LatencyHistogramSet = Readonly<Record<LatencyMetric, LogHistogram>>;

export function latencyQuantiles(set: LatencyHistogramSet): LatencyQuantiles {
  const summary = (h: LogHistogram): QuantileSummary => ({ count: h.count, meanMs: h.mean(), p50Ms: h.quantile(0.5), p90Ms: h.quantile(0.9), p95Ms: h.quantile(0.95), p99Ms: h.quantile(0.99) });
  return { ttft: summary(set.ttft), tpot: summary(set.tpot), itl: summary(set.itl), e2e: summary(set.e2e), queue: summary(set.queue) };
}

/** A set of its own, to merge windows and classes into. */
export class LatencyHistograms implements LatencyHistogramSet {
  readonly ttft = new LogHistogram();
  readonly tpot = new LogHistogram();
  readonly itl = new LogHistogram();
  readonly e2e = new LogHistogram();
  readonly queue = new LogHistogram();

  merge(other: LatencyHistogramSet): void {
    for (const m of LATENCY_METRICS) this[m].merge(other[m]);
  }
}

/** A group of classes by prompt length: the classes of every service whose input range is this one. */
export interface InputBin {
  /** e.g. '< 1024', '1024–4095', '≥ 4096' tokens. */
  readonly label: string;
  readonly inputRange: readonly [number, number];
  /** Class indices in the bin. */
  readonly classes: readonly number[];
}

/** The whole replay's distributions: over all requests, per class, and per input bin (classes merged by prompt length). */
export interface ReplayLatency {
  readonly all: LatencyQuantiles;
  readonly classes: readonly { readonly classId: string; readonly latency: LatencyQuantiles }[];
  readonly inputBins: readonly { readonly bin: string; readonly inputRange: readonly [number, number]; readonly latency: LatencyQuantiles }[];
}

/** The input bins of a scenario's classes, in ascending order of prompt length. */
export function inputBins(classes: readonly { readonly inputRange: readonly [number, number] }[]): InputBin[] {
  const bins = new Map<string, { inputRange: readonly [number, number]; classes: number[] }>();
  classes.forEach((c, k) => {
    const key = `${c.inputRange[0]}:${c.inputRange[1]}`;
    const bin = bins.get(key) ?? { inputRange: c.inputRange, classes: [] };
    bin.classes.push(k);
    bins.set(key, bin);
  });
  return [...bins.values()]
    .sort((a, b) => a.inputRange[0] - b.inputRange[0] || a.inputRange[1] - b.inputRange[1])
    .map((b) => ({ label: binLabel(b.inputRange), inputRange: b.inputRange, classes: b.classes }));
}

function binLabel([lo, hi]: readonly [number, number]): string {
  if (!Number.isFinite(hi)) return lo <= 0 ? 'any' : `≥ ${lo}`;
  return lo <= 0 ? `< ${hi}` : `${lo}–${hi - 1}`;
}
