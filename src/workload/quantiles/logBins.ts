/** A token histogram regrouped into log-spaced bins for display (token lengths span 1 to 10^5). */
import type { TokenHistogram } from './histogram.js';

export interface HistogramBin {
  /** Tokens, [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  readonly requests: number;
}

export function logBins(h: TokenHistogram, binCount = 40): HistogramBin[] {
  if (h.count === 0) return [];
  const lo = Math.max(1, h.min);
  const hi = h.max + 1;
  const ratio = Math.pow(hi / lo, 1 / binCount);
  const edges = Array.from({ length: binCount + 1 }, (_, i) => (i === binCount ? hi : lo * Math.pow(ratio, i)));
  const counts = new Float64Array(binCount);
  let b = 0;
  for (const [value, c] of h.entries()) {
    while (b < binCount - 1 && value >= (edges[b + 1] as number)) b++;
    counts[b] = (counts[b] as number) + c;
  }
  return Array.from(counts, (requests, i) => ({ lo: edges[i] as number, hi: edges[i + 1] as number, requests }));
}
