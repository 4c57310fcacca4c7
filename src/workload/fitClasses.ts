/**
 * A service's class table for a scenario from its trace statistics: share and token statistics
 * (mean, p50, p90, p99) per class, rounded to whole tokens the way scenarios are written.
 */
import type { ScenarioFile } from '../scenario/index.js';
import type { TokenHistogram } from './quantiles/histogram.js';
import type { ClassStats, ServiceStats } from './traceStats.js';

type ClassStatsFile = ScenarioFile['services'][number]['classes']['stats'][string];
type TokenStatsFile = ClassStatsFile['input'];

export interface FittedClass {
  readonly name: string;
  readonly requests: number;
  readonly stats: ClassStatsFile;
  /** No request of the trace fell in this class: its statistics are placeholders. */
  readonly empty: boolean;
}

export function fitClasses(service: ServiceStats): FittedClass[] {
  return service.classes.map((c: ClassStats) => {
    const requests = c.input.count;
    if (requests === 0) {
      return {
        name: c.name,
        requests,
        empty: true,
        stats: { share: 0, input: { mean: placeholderMean(c.inputRange) }, output: { mean: placeholderMean(c.outputRange) } },
      };
    }
    return {
      name: c.name,
      requests,
      empty: false,
      stats: {
        share: Math.round((requests / service.requests) * 1e4) / 1e4,
        input: tokenStats(c.input, c.inputRange),
        output: tokenStats(c.output, c.outputRange),
      },
    };
  });
}

function tokenStats(h: TokenHistogram, range: readonly [number, number]): TokenStatsFile {
  return {
    mean: meanInBin(h.mean, range),
    p50: Math.round(h.quantile(0.5)),
    p90: Math.round(h.quantile(0.9)),
    p99: Math.round(h.quantile(0.99)),
  };
}

/**
 * The mean rounded to a whole token, kept inside the class's bin: scenarios reject a mean outside
 * [lo, hi), and rounding 1023.6 up would put a class of the [0, 1024) bin outside it.
 */
export function meanInBin(mean: number, [lo, hi]: readonly [number, number]): number {
  const r = Math.round(mean);
  if (r >= hi) return Math.floor(mean);
  if (r < lo) return Math.ceil(mean);
  return r;
}

/** A stand-in mean for a class with no requests (share 0, so it carries no load): the bin's middle. */
function placeholderMean([lo, hi]: readonly [number, number]): number {
  return Number.isFinite(hi) ? Math.floor((lo + hi) / 2) : Math.max(1, Math.round(lo * 1.5));
}
