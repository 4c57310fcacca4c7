/**
 * Min-heap of (finish iteration, request slot) for one instance's decode batch. The next completion is
 * the top's iteration minus the instance's iteration counter, so a run of identical decode iterations
 * is one event and no step ever scans the batch. Typed arrays: pushed and popped once per request.
 */
export class FinishHeap {
  private keys = new Float64Array(16);
  private slots = new Int32Array(16);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Finish iteration of the earliest request; Infinity when empty. */
  topKey(): number {
    return this.n > 0 ? (this.keys[0] as number) : Infinity;
  }

  topSlot(): number {
    return this.slots[0] as number;
  }

  push(key: number, slot: number): void {
    if (this.n === this.keys.length) {
      const k = new Float64Array(this.n * 2);
      k.set(this.keys);
      this.keys = k;
      const s = new Int32Array(this.n * 2);
      s.set(this.slots);
      this.slots = s;
    }
    const { keys, slots } = this;
    let i = this.n++;
    // Ties broken by slot so the order of equal finishes never depends on insertion history.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p] as number;
      if (pk < key || (pk === key && (slots[p] as number) < slot)) break;
      keys[i] = pk;
      slots[i] = slots[p] as number;
      i = p;
    }
    keys[i] = key;
    slots[i] = slot;
  }

  pop(): void {
    const last = --this.n;
    if (last <= 0) return;
    const { keys, slots } = this;
    const key = keys[last] as number;
    const slot = slots[last] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last) {
        const ck = keys[c] as number;
        const rk = keys[r] as number;
        if (rk < ck || (rk === ck && (slots[r] as number) < (slots[c] as number))) c = r;
      }
      const ck = keys[c] as number;
      if (key < ck || (key === ck && slot < (slots[c] as number))) break;
      keys[i] = ck;
      slots[i] = slots[c] as number;
      i = c;
    }
    keys[i] = key;
    slots[i] = slot;
  }
}
