/**
 * Token counts of a stream in bounded memory: one exact counter per token value below 2^20 (tokens
 * are integers, a few hundred thousand at most in practice), so quantiles are exact — the same
 * linear interpolation between order statistics as pandas' `quantile` — without storing values.
 * Values from 2^20 up fall in log-spaced bins 0.07 % wide (quantiles there are within 0.07 %).
 * The exact counters grow with the largest value seen, so a short-output class costs a few KB.
 */

/** Values below this are counted exactly. */
export const EXACT_LIMIT = 1 << 20;
/** Log bins per doubling above EXACT_LIMIT. */
const LOG_BINS_PER_OCTAVE = 1024;

export class TokenHistogram {
  count = 0;
  /** Sum of values (exact while below 2^53). */
  sum = 0;
  private counts = new Float64Array(256);
  private readonly overflow = new Map<number, number>();

  add(value: number): void {
    this.count++;
    this.sum += value;
    const counts = this.counts;
    if (value < counts.length) counts[value] = (counts[value] as number) + 1;
    else this.addSlow(value);
  }

  /** Add every count of another histogram. */
  merge(other: TokenHistogram): void {
    this.count += other.count;
    this.sum += other.sum;
    if (other.counts.length > this.counts.length) this.grow(other.counts.length - 1);
    other.counts.forEach((c, v) => {
      if (c > 0) this.counts[v] = (this.counts[v] as number) + c;
    });
    for (const [bin, c] of other.overflow) this.overflow.set(bin, (this.overflow.get(bin) ?? 0) + c);
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : Number.NaN;
  }

  get min(): number {
    return this.orderStatistic(0);
  }

  get max(): number {
    return this.orderStatistic(this.count - 1);
  }

  /** Quantile q ∈ [0, 1] by linear interpolation between the order statistics around (n − 1)·q. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const h = (this.count - 1) * Math.min(1, Math.max(0, q));
    const lo = Math.floor(h);
    const [a, b] = this.orderStatisticPair(lo);
    return a + (h - lo) * (b - a);
  }

  /** (value, count) pairs in ascending value order; log bins report their geometric midpoint. */
  *entries(): Generator<[number, number]> {
    const counts = this.counts;
    for (let v = 0; v < counts.length; v++) {
      const c = counts[v] as number;
      if (c > 0) yield [v, c];
    }
    for (const bin of [...this.overflow.keys()].sort((x, y) => x - y)) yield [binValue(bin), this.overflow.get(bin) ?? 0];
  }

  /** The k-th smallest value (0-based). */
  orderStatistic(k: number): number {
    return this.orderStatisticPair(k)[0];
  }

  /** The k-th and (k+1)-th smallest values (the latter clamped to the largest). A plain loop: it may walk 2^20 counters. */
  private orderStatisticPair(k: number): [number, number] {
    if (this.count === 0 || k < 0) return [Number.NaN, Number.NaN];
    let seen = 0;
    let first = Number.NaN;
    const counts = this.counts;
    for (let v = 0; v < counts.length; v++) {
      const c = counts[v] as number;
      if (c === 0) continue;
      if (!Number.isNaN(first)) return [first, v];
      seen += c;
      if (seen > k) {
        first = v;
        if (seen > k + 1) return [first, first];
      }
    }
    for (const bin of [...this.overflow.keys()].sort((x, y) => x - y)) {
      const v = binValue(bin);
      if (!Number.isNaN(first)) return [first, v];
      seen += this.overflow.get(bin) ?? 0;
      if (seen > k) {
        first = v;
        if (seen > k + 1) return [first, first];
      }
    }
    return [first, first];
  }

  private addSlow(value: number): void {
    if (value < EXACT_LIMIT) {
      this.grow(value);
      this.counts[value] = (this.counts[value] as number) + 1;
      return;
    }
    const bin = Math.floor(Math.log2(value) * LOG_BINS_PER_OCTAVE);
    this.overflow.set(bin, (this.overflow.get(bin) ?? 0) + 1);
  }

  private grow(value: number): void {
    let size = this.counts.length;
    while (size <= value) size *= 2;
    const next = new Float64Array(Math.min(size, EXACT_LIMIT));
    next.set(this.counts);
    this.counts = next;
  }
}

function binValue(bin: number): number {
  return Math.pow(2, (bin + 0.5) / LOG_BINS_PER_OCTAVE);
}
