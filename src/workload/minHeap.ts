/** A binary min-heap of (time, id) pairs in typed arrays: merging a few per-class arrival streams. */
export class MinHeap {
  private readonly times: Float64Array;
  private readonly ids: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(1, capacity));
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  push(time: number, id: number): void {
    let i = this.size++;
    this.times[i] = time;
    this.ids[i] = id;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.times[parent] as number) <= time) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  get topTime(): number {
    return this.times[0] as number;
  }

  get topId(): number {
    return this.ids[0] as number;
  }

  /** Replace the smallest entry (e.g. with its stream's next time); Infinity removes it. */
  replaceTop(time: number): void {
    if (time === Number.POSITIVE_INFINITY) {
      this.size--;
      if (this.size === 0) return;
      this.times[0] = this.times[this.size] as number;
      this.ids[0] = this.ids[this.size] as number;
    } else {
      this.times[0] = time;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && (this.times[l] as number) < (this.times[m] as number)) m = l;
      if (r < this.size && (this.times[r] as number) < (this.times[m] as number)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const t = this.times[a] as number;
    this.times[a] = this.times[b] as number;
    this.times[b] = t;
    const id = this.ids[a] as number;
    this.ids[a] = this.ids[b] as number;
    this.ids[b] = id;
  }
}
