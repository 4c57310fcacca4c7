/**
 * The stalls an instance's decode batch has seen, for per-request maximum TBT without per-token work.
 * Each decode run appends one entry: the gap between the batch's last token before the run and the
 * run's first token (stalls for prefills or clock changes plus one iteration), which bounds every gap
 * inside the run. A request's maximum TBT is the largest entry appended since it joined: a suffix
 * maximum, answered from a monotonic stack (values strictly falling from bottom to top) by binary
 * search in O(log n). Positions only grow; `reset` when the batch empties.
 */
export class GapHistory {
  private pos = new Float64Array(16);
  private val = new Float64Array(16);
  private top = 0;
  private nextPos = 0;

  /** Position the next entry will get; a request joining now sees entries from here on. */
  get next(): number {
    return this.nextPos;
  }

  get depth(): number {
    return this.top;
  }

  push(value: number): void {
    const { val } = this;
    while (this.top > 0 && (val[this.top - 1] as number) <= value) this.top--;
    if (this.top === this.pos.length) {
      const p = new Float64Array(this.top * 2);
      p.set(this.pos);
      this.pos = p;
      const v = new Float64Array(this.top * 2);
      v.set(this.val);
      this.val = v;
    }
    this.pos[this.top] = this.nextPos++;
    this.val[this.top] = value;
    this.top++;
  }

  /** Largest entry at a position ≥ `from`; -Infinity when there is none. */
  maxSince(from: number): number {
    let lo = 0;
    let hi = this.top;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.pos[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.top ? (this.val[lo] as number) : -Infinity;
  }

  reset(): void {
    this.top = 0;
  }
}
