/**
 * Table lookups on the hot path (capacity calls them ~10^6 times per plan, the simulator more), hence
 * hand-written loops over typed arrays and binary search instead of arquero.
 *
 * A PhaseGrid holds one (model, GPU, TP, phase) as a ragged three-level grid: clocks → an outer axis
 * (decode: batch; prefill: batched prompt tokens) → an inner axis per outer point (decode: context;
 * prefill: 1 / prompts in the batch, i.e. tokens per prompt over batched tokens, so that a batch of one
 * prompt is the same inner value at every outer point, and prefill time, linear in the prompt length at
 * fixed batched tokens, is linear in it too). Each level may have its own points, so measured sweeps that
 * are not a full grid (SplitwiseSim's cross of a batch sweep and a length sweep) index as they are.
 *
 * Interpolation is piecewise-linear along each level (multilinear). It returns the rows' values exactly
 * at grid points, never leaves the range of the neighbouring rows (no overshoot), so it keeps whatever
 * monotonicity the rows have. Outside a level's range it returns the edge value and sets a clamp bit:
 * a clamp is always reported, never a silent extrapolation.
 */

export interface PhaseGrid {
  /** Ascending clocks, MHz. */
  readonly clocksMHz: Float64Array;
  /** Outer points of clock c: indices outerStart[c] … outerStart[c + 1] − 1 of `outer`. */
  readonly outerStart: Int32Array;
  readonly outer: Float64Array;
  /** Inner points of outer point o: indices innerStart[o] … innerStart[o + 1] − 1 of `inner`. */
  readonly innerStart: Int32Array;
  readonly inner: Float64Array;
  readonly latencyMs: Float64Array;
  readonly powerW: Float64Array;
}

/** Clamp bits: which level a query left the grid's range on, and on which side. */
export const CLAMP_CLOCK_LOW = 1;
export const CLAMP_CLOCK_HIGH = 2;
export const CLAMP_OUTER_LOW = 4;
export const CLAMP_OUTER_HIGH = 8;
export const CLAMP_INNER_LOW = 16;
export const CLAMP_INNER_HIGH = 32;

/** Relative slack under which a query equal to a grid point up to rounding is not a clamp. */
const EPS = 1e-9;

/** Lookup output: [latency ms, power W, clamp bits]; a caller-owned scratch array, so lookups allocate nothing. */
export type GridOut = Float64Array;
export const newGridOut = (): GridOut => new Float64Array(3);

/** Largest i in [lo, hi) with a[i] ≤ v, for a[lo] ≤ v (binary search). */
function floorIndex(a: Float64Array, lo: number, hi: number, v: number): number {
  let l = lo;
  let h = hi - 1;
  while (l < h) {
    const m = (l + h + 1) >> 1;
    if ((a[m] as number) <= v) l = m;
    else h = m - 1;
  }
  return l;
}

function innerAt(g: PhaseGrid, o: number, query: number, out: GridOut): void {
  const s = g.innerStart[o] as number;
  const e = g.innerStart[o + 1] as number;
  const v = query;
  const first = g.inner[s] as number;
  const last = g.inner[e - 1] as number;
  if (v <= first) {
    if (v < first * (1 - EPS)) out[2] = (out[2] as number) | CLAMP_INNER_LOW;
    out[0] = g.latencyMs[s] as number;
    out[1] = g.powerW[s] as number;
    return;
  }
  if (v >= last) {
    if (v > last * (1 + EPS)) out[2] = (out[2] as number) | CLAMP_INNER_HIGH;
    out[0] = g.latencyMs[e - 1] as number;
    out[1] = g.powerW[e - 1] as number;
    return;
  }
  const j = floorIndex(g.inner, s, e, v);
  const x0 = g.inner[j] as number;
  const t = (v - x0) / ((g.inner[j + 1] as number) - x0);
  const l0 = g.latencyMs[j] as number;
  const p0 = g.powerW[j] as number;
  out[0] = l0 + t * ((g.latencyMs[j + 1] as number) - l0);
  out[1] = p0 + t * ((g.powerW[j + 1] as number) - p0);
}

function outerAt(g: PhaseGrid, c: number, outerQuery: number, innerQuery: number, out: GridOut): void {
  const s = g.outerStart[c] as number;
  const e = g.outerStart[c + 1] as number;
  const first = g.outer[s] as number;
  const last = g.outer[e - 1] as number;
  if (outerQuery <= first) {
    if (outerQuery < first * (1 - EPS)) out[2] = (out[2] as number) | CLAMP_OUTER_LOW;
    innerAt(g, s, innerQuery, out);
    return;
  }
  if (outerQuery >= last) {
    if (outerQuery > last * (1 + EPS)) out[2] = (out[2] as number) | CLAMP_OUTER_HIGH;
    innerAt(g, e - 1, innerQuery, out);
    return;
  }
  const j = floorIndex(g.outer, s, e, outerQuery);
  const x0 = g.outer[j] as number;
  const t = (outerQuery - x0) / ((g.outer[j + 1] as number) - x0);
  innerAt(g, j, innerQuery, out);
  // On a grid point the neighbour has no weight: skipping it also keeps its range out of the clamp bits.
  if (t === 0) return;
  const l0 = out[0] as number;
  const p0 = out[1] as number;
  innerAt(g, j + 1, innerQuery, out);
  out[0] = l0 + t * ((out[0] as number) - l0);
  out[1] = p0 + t * ((out[1] as number) - p0);
}

/** Latency and power at a clock (the two bracketing clocks interpolated), clamped to the grid. */
export function lookupGrid(g: PhaseGrid, clockMHz: number, outerQuery: number, innerQuery: number, out: GridOut): void {
  out[2] = 0;
  const n = g.clocksMHz.length;
  const first = g.clocksMHz[0] as number;
  const last = g.clocksMHz[n - 1] as number;
  if (clockMHz <= first) {
    if (clockMHz < first * (1 - EPS)) out[2] = CLAMP_CLOCK_LOW;
    outerAt(g, 0, outerQuery, innerQuery, out);
    return;
  }
  if (clockMHz >= last) {
    if (clockMHz > last * (1 + EPS)) out[2] = CLAMP_CLOCK_HIGH;
    outerAt(g, n - 1, outerQuery, innerQuery, out);
    return;
  }
  const c = floorIndex(g.clocksMHz, 0, n, clockMHz);
  const f0 = g.clocksMHz[c] as number;
  const f1 = g.clocksMHz[c + 1] as number;
  const t = (clockMHz - f0) / (f1 - f0);
  outerAt(g, c, outerQuery, innerQuery, out);
  if (t === 0) return;
  // Latency is linear in 1/clock where compute binds (and below the decode knee), so interpolate it in
  // 1/f; power (floor + f^γ terms) in f. Both weights lie in [0, 1]: still no overshoot.
  const tl = (1 / clockMHz - 1 / f0) / (1 / f1 - 1 / f0);
  const l0 = out[0] as number;
  const p0 = out[1] as number;
  outerAt(g, c + 1, outerQuery, innerQuery, out);
  out[0] = l0 + tl * ((out[0] as number) - l0);
  out[1] = p0 + t * ((out[1] as number) - p0);
}

/**
 * The highest clock ≤ `clockMHz` at which the step's power is at most `capW` (instance watts), for a
 * power cap: power is piecewise-linear in clock between grid clocks, so the crossing is solved exactly
 * on the segment where it lies. Returns NaN when even the lowest clock draws more than the cap.
 */
export function clockUnderPowerCap(g: PhaseGrid, clockMHz: number, outerQuery: number, innerQuery: number, capW: number, out: GridOut): number {
  lookupGrid(g, clockMHz, outerQuery, innerQuery, out);
  if ((out[1] as number) <= capW) return clockMHz;
  let hiClock = clockMHz;
  let hiPower = out[1] as number;
  for (let c = g.clocksMHz.length - 1; c >= 0; c--) {
    const f = g.clocksMHz[c] as number;
    if (f >= hiClock) continue;
    lookupGrid(g, f, outerQuery, innerQuery, out);
    const p = out[1] as number;
    if (p <= capW) return hiPower === p ? f : f + ((capW - p) / (hiPower - p)) * (hiClock - f);
    hiClock = f;
    hiPower = p;
  }
  return NaN;
}
