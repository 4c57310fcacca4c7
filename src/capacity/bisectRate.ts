/**
 * The highest request rate whose load point is feasible, by bisection on [0, upper): every SLO and
 * memory constraint only tightens as the rate grows, so feasibility is monotone in the rate.
 */
import type { BindingConstraint } from './types.js';

export interface LoadPoint {
  readonly feasible: boolean;
  readonly violated?: BindingConstraint;
  readonly batch: number;
  readonly ttftMs: number;
  readonly tbtMs: number;
  readonly powerW: number;
  /** The model's ITL at the class's ITL percentile, ms, where the class has an ITL target. */
  readonly itlMs?: number;
}

const BISECTION_STEPS = 40;
/** The low load at which power is also reported (ClassCapacity.powerAtLowLoadW), as a share of the capacity. */
export const LOW_LOAD_SHARE = 0.1;
/** Enough for the queue models' costlier evaluations: the rate to 2^-24 of the upper bound at most. */
export const COARSE_BISECTION_STEPS = 24;
/**
 * The bisection stops once the capacity is known to this share of itself (the feasible end is kept,
 * so the error only ever understates it). A planner's figures carry the load model's error, whole
 * percents; bisecting further spent a third of the capacity table's time on digits no plan reads.
 */
export const RATE_TOLERANCE = 1e-4;

export function bisectRate(evaluate: (rps: number) => LoadPoint, upperRps: number, steps = BISECTION_STEPS): { rps: number; point: LoadPoint | undefined; binding: BindingConstraint } {
  let lo = 0;
  let hi = upperRps;
  let best: LoadPoint | undefined;
  let binding: BindingConstraint = 'saturation';
  for (let i = 0; i < steps && !(hi - lo <= RATE_TOLERANCE * lo); i++) {
    const mid = (lo + hi) / 2;
    const p = evaluate(mid);
    if (p.feasible) {
      lo = mid;
      best = p;
    } else {
      hi = mid;
      binding = p.violated ?? 'saturation';
    }
  }
  return { rps: best ? lo : 0, point: best, binding };
}

/** What a load point needs checked: the batch, its KV cache, and whether each latency target holds. */
export interface LoadChecks {
  /** Requests decoding together, and the serving engine's limit on them. */
  readonly batch: number;
  readonly maxBatch: number;
  /** Whether the KV cache holds the sequences at this load (slots of whole sequences: kvSlots.ts). */
  readonly kvMet: boolean;
  /** Whether the TTFT target holds at this load (true for a role that does not prefill). */
  readonly ttftMet: boolean;
  /** Whether the TBT target holds at this load. */
  readonly tbtMet: boolean;
  /** Whether the ITL target holds at this load (absent: the class has none). */
  readonly itlMet?: boolean;
}

/** The first violated constraint of a load point, in the order batch limit, KV memory, TTFT, TBT. */
export function firstViolation(c: LoadChecks): BindingConstraint | undefined {
  if (c.batch > c.maxBatch) return 'max-batch';
  if (!c.kvMet) return 'kv-memory';
  if (!c.ttftMet) return 'ttft';
  if (!c.tbtMet) return 'tbt';
  if (c.itlMet === false) return 'itl';
  return undefined;
}

/**
 * The latency a share `percentile` of the samples stays within, by bisection on the target over
 * [lo, hi) (hi doubled until it holds): `missShare(target)` falls as the target grows.
 */
export function latencyAtPercentile(missShare: (targetS: number) => number, percentile: number, lo: number, hi: number): number {
  const allowed = 1 - percentile / 100;
  let top = Math.max(hi, lo * 1.01, 1e-9);
  while (missShare(top) > allowed && top < 1e4) top *= 2;
  let bottom = lo;
  for (let i = 0; i < 30; i++) {
    const mid = (bottom + top) / 2;
    if (missShare(mid) > allowed) bottom = mid;
    else top = mid;
  }
  return top;
}
