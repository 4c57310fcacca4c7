/**
 * A binary min-heap of events ordered by (time, priority, sequence), stored column-wise in typed arrays
 * because the replay pushes and pops millions of events: no object per event, no garbage. An event
 * carries three numbers for its handler: a kind, a target and a stamp (for lazy cancellation).
 */

const INITIAL_CAPACITY = 1024;

export class EventHeap {
  private times = new Float64Array(INITIAL_CAPACITY);
  /** priority · 2^40 + sequence: one comparison orders same-time events by priority, then insertion. */
  private orders = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Int32Array(INITIAL_CAPACITY);
  private targets = new Int32Array(INITIAL_CAPACITY);
  private stamps = new Int32Array(INITIAL_CAPACITY);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; Infinity when empty. */
  topTime(): number {
    return this.n > 0 ? (this.times[0] as number) : Infinity;
  }

  topOrder(): number {
    return this.n > 0 ? (this.orders[0] as number) : Infinity;
  }

  topKind(): number {
    return this.kinds[0] as number;
  }

  topTarget(): number {
    return this.targets[0] as number;
  }

  topStamp(): number {
    return this.stamps[0] as number;
  }

  push(time: number, order: number, kind: number, target: number, stamp: number): void {
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    const { times, orders, kinds, targets, stamps } = this;
    // Sift up, moving parents down until the new event's slot is found.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (orders[p] as number) < order)) break;
      times[i] = pt;
      orders[i] = orders[p] as number;
      kinds[i] = kinds[p] as number;
      targets[i] = targets[p] as number;
      stamps[i] = stamps[p] as number;
      i = p;
    }
    times[i] = time;
    orders[i] = order;
    kinds[i] = kind;
    targets[i] = target;
    stamps[i] = stamp;
  }

  /** Remove the top event (read it first with the top* accessors). */
  pop(): void {
    const last = --this.n;
    if (last <= 0) return;
    const { times, orders, kinds, targets, stamps } = this;
    const time = times[last] as number;
    const order = orders[last] as number;
    const kind = kinds[last] as number;
    const target = targets[last] as number;
    const stamp = stamps[last] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last) {
        const ct = times[c] as number;
        const rt = times[r] as number;
        if (rt < ct || (rt === ct && (orders[r] as number) < (orders[c] as number))) c = r;
      }
      const ct = times[c] as number;
      if (time < ct || (time === ct && order < (orders[c] as number))) break;
      times[i] = ct;
      orders[i] = orders[c] as number;
      kinds[i] = kinds[c] as number;
      targets[i] = targets[c] as number;
      stamps[i] = stamps[c] as number;
      i = c;
    }
    times[i] = time;
    orders[i] = order;
    kinds[i] = kind;
    targets[i] = target;
    stamps[i] = stamp;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    this.times = t;
    const o = new Float64Array(cap);
    o.set(this.orders);
    this.orders = o;
    const k = new Int32Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const g = new Int32Array(cap);
    g.set(this.targets);
    this.targets = g;
    const s = new Int32Array(cap);
    s.set(this.stamps);
    this.stamps = s;
  }
}
