/**
 * Token lengths for synthetic requests from a class's statistics (mean and, when given, p50, p90,
 * p99) and its bin. The inverse CDF is piecewise linear through the known quantiles:
 *
 *   knots (0, lo), (0.5, p50), (0.9, p90), (0.99, p99), (1, hi)
 *
 * where lo is the bin's lower edge (at least 1 token) and hi continues the slope of the last
 * segment (no tail beyond the data's trend), at most the bin's upper edge less one token.
 * Straight segments between quantiles rarely give the class's mean, so each segment gets one more
 * knot at (u_i + t·Δu, q_i + (1 − t)·Δq), with one t for all segments: t = 0.5 keeps the straight
 * line, t < 0.5 bends every segment towards its upper quantile, t > 0.5 towards its lower one. The
 * mean of the distribution is then Σ Δu·(q_i + (1 − t)·Δq), linear in t, so t is solved in closed
 * form; it is kept within [0.02, 0.98] so each segment stays a spread, not a point mass, which makes
 * the mean approximate when the statistics are extreme. Samples are rounded to whole tokens and
 * clamped to the bin, so every synthetic request falls in its class. A class given only by its mean
 * gets that length for every request.
 */
import type { TokenStats } from '../scenario/index.js';

export interface TokenSampler {
  /** Knots of the inverse CDF: u ascending in [0, 1], tokens non-decreasing. */
  readonly knotsU: readonly number[];
  readonly knotsTokens: readonly number[];
  /** Mean of the continuous distribution (before rounding). */
  readonly meanTokens: number;
  /** Tokens for a uniform draw u ∈ [0, 1). */
  sample(u: number): number;
}

const BEND_LIMITS = [0.02, 0.98] as const;

export function tokenSampler(stats: TokenStats, range: readonly [number, number]): TokenSampler {
  const lo = Math.max(1, Math.ceil(range[0]));
  const hiCap = Number.isFinite(range[1]) ? Math.ceil(range[1]) - 1 : Number.POSITIVE_INFINITY;
  const clamp = (v: number) => Math.min(hiCap, Math.max(lo, v));
  const given: [number, number][] = [];
  let running = lo;
  for (const [u, q] of [[0.5, stats.p50], [0.9, stats.p90], [0.99, stats.p99]] as const) {
    if (q === undefined) continue;
    running = Math.max(running, clamp(q)); // quantiles never decrease
    given.push([u, running]);
  }
  if (given.length === 0) {
    const only = clamp(Math.round(stats.mean));
    return { knotsU: [0, 1], knotsTokens: [only, only], meanTokens: only, sample: () => only };
  }
  const base: [number, number][] = [[0, lo], ...given];
  const [uLast, qLast] = base[base.length - 1] as [number, number];
  const [uPrev, qPrev] = base[base.length - 2] as [number, number];
  const top = Math.min(hiCap, qLast + ((qLast - qPrev) / (uLast - uPrev)) * (1 - uLast));
  if (uLast < 1) base.push([1, Math.max(qLast, top)]);

  let low = 0;
  let high = 0;
  for (let i = 0; i + 1 < base.length; i++) {
    const [u0, q0] = base[i] as [number, number];
    const [u1, q1] = base[i + 1] as [number, number];
    low += (u1 - u0) * q0;
    high += (u1 - u0) * q1;
  }
  const target = clamp(stats.mean);
  const f = high > low ? (target - low) / (high - low) : 0.5;
  const t = Math.min(BEND_LIMITS[1], Math.max(BEND_LIMITS[0], 1 - f));
  const knotsU: number[] = [];
  const knotsTokens: number[] = [];
  for (let i = 0; i < base.length; i++) {
    const [u0, q0] = base[i] as [number, number];
    knotsU.push(u0);
    knotsTokens.push(q0);
    const next = base[i + 1];
    if (next) {
      knotsU.push(u0 + t * (next[0] - u0));
      knotsTokens.push(q0 + (1 - t) * (next[1] - q0));
    }
  }
  const meanTokens = low + (1 - t) * (high - low);
  const us = Float64Array.from(knotsU);
  const qs = Float64Array.from(knotsTokens);
  return {
    knotsU,
    knotsTokens,
    meanTokens,
    sample(u: number): number {
      // A handful of knots: a scan is faster than a search.
      let i = 1;
      while (i < us.length - 1 && u >= (us[i] as number)) i++;
      const u0 = us[i - 1] as number;
      const u1 = us[i] as number;
      const q0 = qs[i - 1] as number;
      const q = u1 > u0 ? q0 + ((u - u0) / (u1 - u0)) * ((qs[i] as number) - q0) : q0;
      return clamp(Math.round(q));
    },
  };
}
