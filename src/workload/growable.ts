/** A Float64Array that grows by doubling: per-window counters whose window count is known only at the end. */
export class GrowableCounts {
  private data: Float64Array;
  length = 0;

  constructor(initial = 64) {
    this.data = new Float64Array(initial);
  }

  /** Add `by` at index i, growing (with zeros) as needed. */
  add(i: number, by = 1): void {
    if (i >= this.data.length) {
      let size = this.data.length;
      while (size <= i) size *= 2;
      const next = new Float64Array(size);
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = (this.data[i] as number) + by;
    if (i >= this.length) this.length = i + 1;
  }

  get(i: number): number {
    return i < this.length ? (this.data[i] as number) : 0;
  }

  /** The first `length` values (a copy). */
  toArray(length = this.length): Float64Array {
    const out = new Float64Array(length);
    out.set(this.data.subarray(0, Math.min(length, this.length)));
    return out;
  }
}
