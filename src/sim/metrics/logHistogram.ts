/**
 * Streaming quantiles in bounded memory: counts in log-spaced bins, 64 per octave (1.1 % wide), from
 * 2^-10 ms to 2^30 ms, so a quantile is read to within ±0.8 % whatever the number of values. The bin of a
 * value comes from its float64 bits (exponent and top 6 mantissa bits) instead of Math.log: the replay
 * adds several values per request. Values below the range (e.g. the TBT of one-token requests, 0) count
 * in the first bin and read as 0; values above it land in the last bin.
 */
const BINS_PER_OCTAVE_BITS = 6;
const MIN_EXPONENT = -10;
const OCTAVES = 40;
export const HISTOGRAM_BINS = OCTAVES << BINS_PER_OCTAVE_BITS;
/** Which 32-bit word of a float64 holds its sign, exponent and top mantissa bits. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export class LogHistogram {
  // Float64 counts: exact to 2^53, where a whole replay's tokens can pass 2^32 in one bin.
  private readonly counts = new Float64Array(HISTOGRAM_BINS);
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);
  private n = 0;
  private sum = 0;

  get count(): number {
    return this.n;
  }

  /** Exact mean of the values added (NaN when empty). */
  mean(): number {
    return this.n > 0 ? this.sum / this.n : NaN;
  }

  add(valueMs: number): void {
    this.addMany(valueMs, 1);
  }

  /** `count` equal values at once (a decode run's tokens share one gap). */
  addMany(valueMs: number, count: number): void {
    if (count <= 0) return;
    this.sum += valueMs * count;
    let i = 0;
    if (valueMs > 0) {
      this.bits[0] = valueMs;
      const hi = this.words[HIGH_WORD] as number;
      const octave = ((hi >>> 20) & 0x7ff) - 1023 - MIN_EXPONENT;
      if (octave >= OCTAVES) i = HISTOGRAM_BINS - 1;
      else if (octave >= 0) i = (octave << BINS_PER_OCTAVE_BITS) | ((hi >>> (20 - BINS_PER_OCTAVE_BITS)) & ((1 << BINS_PER_OCTAVE_BITS) - 1));
    }
    this.counts[i] = (this.counts[i] as number) + count;
    this.n += count;
  }

  /** Add another histogram's values (same bins): windows merge into a whole-replay distribution. */
  merge(other: LogHistogram): void {
    const a = this.counts;
    const b = other.counts;
    for (let i = 0; i < HISTOGRAM_BINS; i++) a[i] = (a[i] as number) + (b[i] as number);
    this.n += other.n;
    this.sum += other.sum;
  }

  /** Nearest-rank quantile (q in 0..1) at the bin's centre; NaN when empty. */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.n - 1e-9));
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BINS; i++) {
      seen += this.counts[i] as number;
      if (seen < rank) continue;
      if (i === 0) return 0;
      const octave = i >>> BINS_PER_OCTAVE_BITS;
      const sub = i & ((1 << BINS_PER_OCTAVE_BITS) - 1);
      return 2 ** (octave + MIN_EXPONENT) * (1 + (sub + 0.5) / (1 << BINS_PER_OCTAVE_BITS));
    }
    return NaN;
  }
}
