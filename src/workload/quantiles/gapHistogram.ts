/**
 * Inter-arrival gaps of a stream in bounded memory: each gap is counted under a log-spaced integer
 * key (1,000 per doubling of 1 + the gap in µs, so 0.07 % apart), which a TokenHistogram counts
 * exactly. Keys stay below about 40,000 for gaps up to a week, so a service costs a few hundred KB
 * whatever its gaps (raw µs would grow the exact counters to 2^20 entries, 8 MB, per service).
 */
import { TokenHistogram } from './histogram.js';

const KEYS_PER_OCTAVE = 1000;

const keyOf = (gapS: number): number => Math.round(KEYS_PER_OCTAVE * Math.log2(1 + Math.max(0, gapS) * 1e6));
const gapOf = (key: number): number => (2 ** (key / KEYS_PER_OCTAVE) - 1) / 1e6;

export class GapHistogram {
  private readonly keys = new TokenHistogram();

  get count(): number {
    return this.keys.count;
  }

  add(gapS: number): void {
    this.keys.add(keyOf(gapS));
  }

  /** The gap at quantile q, s (interpolated between order statistics on the log scale). */
  quantileS(q: number): number {
    return gapOf(this.keys.quantile(q));
  }

  /** Share of the gaps shorter than `gapS`. */
  shareBelow(gapS: number): number {
    if (this.count === 0) return Number.NaN;
    const limit = keyOf(gapS);
    let below = 0;
    for (const [key, n] of this.keys.entries()) {
      if (key >= limit) break;
      below += n;
    }
    return below / this.count;
  }
}
