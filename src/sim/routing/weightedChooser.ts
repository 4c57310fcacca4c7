/**
 * Deterministic proportional choice (smooth weighted round-robin, a deficit counter): every pick adds
 * each candidate's weight to its credit and takes the largest credit, which then pays the total. Over
 * any stretch of picks each candidate's share tracks its weight within one pick — the planned split
 * of a class's rate over pools — with no randomness.
 */
export class WeightedChooser {
  private readonly credit: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: Int32Array,
    private readonly weights: Float64Array,
  ) {
    this.credit = new Float64Array(items.length);
    let t = 0;
    for (const w of weights) t += w;
    this.total = t;
  }

  get size(): number {
    return this.items.length;
  }

  /** The chosen item, or -1 when there is none. */
  pick(): number {
    const n = this.items.length;
    if (n === 0) return -1;
    if (n === 1) return this.items[0] as number;
    let best = 0;
    let bestCredit = -Infinity;
    for (let i = 0; i < n; i++) {
      const c = (this.credit[i] as number) + (this.weights[i] as number);
      this.credit[i] = c;
      if (c > bestCredit) {
        bestCredit = c;
        best = i;
      }
    }
    this.credit[best] = bestCredit - this.total;
    return this.items[best] as number;
  }
}
