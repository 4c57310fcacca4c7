/**
 * Counts per small-integer key for the few keys alive at once (a decode batch's window-ledger cells):
 * parallel typed arrays scanned linearly, so the per-run loop over them allocates nothing, unlike a
 * Map's iterator. A key whose count drops to zero is removed by moving the last entry into its place.
 */
export class CellCounts {
  private keys = new Int32Array(8);
  private counts = new Int32Array(8);
  private n = 0;

  get size(): number {
    return this.n;
  }

  keyAt(i: number): number {
    return this.keys[i] as number;
  }

  countAt(i: number): number {
    return this.counts[i] as number;
  }

  add(key: number): void {
    const i = this.indexOf(key);
    if (i >= 0) {
      this.counts[i] = (this.counts[i] as number) + 1;
      return;
    }
    if (this.n === this.keys.length) {
      const k = new Int32Array(this.n * 2);
      k.set(this.keys);
      this.keys = k;
      const c = new Int32Array(this.n * 2);
      c.set(this.counts);
      this.counts = c;
    }
    this.keys[this.n] = key;
    this.counts[this.n] = 1;
    this.n++;
  }

  /** One fewer of `key`; false when it had none (the caller's invariant is broken). */
  remove(key: number): boolean {
    const i = this.indexOf(key);
    if (i < 0) return false;
    const left = (this.counts[i] as number) - 1;
    if (left > 0) {
      this.counts[i] = left;
      return true;
    }
    this.n--;
    this.keys[i] = this.keys[this.n] as number;
    this.counts[i] = this.counts[this.n] as number;
    return true;
  }

  private indexOf(key: number): number {
    for (let i = 0; i < this.n; i++) if (this.keys[i] === key) return i;
    return -1;
  }
}
