/**
 * A binary min-heap of int32 values ordered by (key, tie), stored column-wise in typed arrays: the
 * replay pushes and pops millions of entries, so no object per entry and no garbage. Equal (key, tie)
 * pairs never occur in our uses (ties are sequence numbers or slots), so the order is total and never
 * depends on insertion history. Shared by the event queue and each instance's decode-finish queue.
 */
export class KeyedHeap {
  private keys: Float64Array;
  private ties: Float64Array;
  private values: Int32Array;
  private n = 0;

  constructor(initialCapacity = 16) {
    this.keys = new Float64Array(initialCapacity);
    this.ties = new Float64Array(initialCapacity);
    this.values = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.n;
  }

  /** Key of the top entry; Infinity when empty. */
  topKey(): number {
    return this.n > 0 ? (this.keys[0] as number) : Infinity;
  }

  /** Tie-breaker of the top entry; Infinity when empty. */
  topTie(): number {
    return this.n > 0 ? (this.ties[0] as number) : Infinity;
  }

  topValue(): number {
    return this.values[0] as number;
  }

  push(key: number, tie: number, value: number): void {
    if (this.n === this.keys.length) this.grow();
    const { keys, ties, values } = this;
    let i = this.n++;
    // Sift up, moving parents down until the new entry's place is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p] as number;
      if (pk < key || (pk === key && (ties[p] as number) < tie)) break;
      keys[i] = pk;
      ties[i] = ties[p] as number;
      values[i] = values[p] as number;
      i = p;
    }
    keys[i] = key;
    ties[i] = tie;
    values[i] = value;
  }

  /** Remove the top entry (read it first with the top* accessors). */
  pop(): void {
    if (this.n === 0) return;
    const last = --this.n;
    if (last <= 0) return;
    const { keys, ties, values } = this;
    const key = keys[last] as number;
    const tie = ties[last] as number;
    const value = values[last] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last) {
        const ck = keys[c] as number;
        const rk = keys[r] as number;
        if (rk < ck || (rk === ck && (ties[r] as number) < (ties[c] as number))) c = r;
      }
      const ck = keys[c] as number;
      if (key < ck || (key === ck && tie < (ties[c] as number))) break;
      keys[i] = ck;
      ties[i] = ties[c] as number;
      values[i] = values[c] as number;
      i = c;
    }
    keys[i] = key;
    ties[i] = tie;
    values[i] = value;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const k = new Float64Array(cap);
    k.set(this.keys);
    this.keys = k;
    const t = new Float64Array(cap);
    t.set(this.ties);
    this.ties = t;
    const v = new Int32Array(cap);
    v.set(this.values);
    this.values = v;
  }
}
