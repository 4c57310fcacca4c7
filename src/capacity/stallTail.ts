/**
 * TBT tail of a mixed instance without chunking, per request: prefill-first scheduling stalls the
 * decode batch for every prefill busy period (passes back to back until no prompt waits), and the
 * replay judges each request's mean TBT over its own gaps, so a request with few output tokens feels
 * one stall most (a 300 ms prefill over 2 gaps is a 150 ms mean TBT; over 200 gaps it is noise).
 *
 * A request with o output tokens has G = o − 1 gaps, one per decode iteration it takes part in. A
 * stall hurts it when it comes before one of them: right after its own pass, when prompts arrived
 * during that pass (its busy period goes on: mean λ·S), or between two of its iterations, where busy
 * periods begin at the rate ν the prefill queue gives (prefillQueue.ts) over (G − 1)·t_decode/(1 − ρ)
 * of its life: a Poisson count. A stall is a busy period: a first pass, one of the class's prompts
 * alone, then a geometric number of following passes (each follows with the chance that prompts
 * arrived during the previous one, from the queue's chain). With n stalls, one has that tail and the
 * sum of the others is taken as normal (n − 1 times a stall's mean and variance). It misses when
 * (G·t_decode + Σ stalls)/G exceeds the target; the pool meets the SLO when the share of requests
 * missing, averaged over the output quantiles of the most stall-sensitive class sharing it, is at
 * most 1 − percentile.
 */

import { normalCdf } from './normalQuantile.js';
import type { WeightedTokens } from './sloTargets.js';

export interface StallExposure {
  /** Decode iteration time at the pool's batch, s. */
  readonly decodeIterS: number;
  /** Share of time the instance is prefilling. */
  readonly rho: number;
  readonly busyPeriodsPerS: number;
  /** Mean number of stalls right after a request's own pass (its busy period goes on). */
  readonly atJoin: number;
  /** The first pass of a stall: single-prompt passes over the class's prompt quantiles, ascending, s. */
  readonly firstPassS: Float64Array;
  /** Chance that another pass follows a pass (prompts arrived meanwhile), and its mean length, s. */
  readonly continueChance: number;
  readonly followingPassS: number;
  /** Output lengths of the requests judged, with their shares. */
  readonly outputs: readonly WeightedTokens[];
}

const POISSON_TAIL = 1e-9;
/** Gauss–Hermite rule (5 nodes) for a standard normal: the sum of all stalls but one. */
const HERMITE_NODES = [-2.856970013872806, -1.355626179974266, 0, 1.355626179974266, 2.856970013872806];
const HERMITE_WEIGHTS = [0.011257411327721, 0.222075922005613, 0.533333333333333, 0.222075922005613, 0.011257411327721];
const GEOMETRIC_TAIL = 1e-7;

/** Share of `sorted` (ascending) strictly above x. */
function shareAbove(sorted: Float64Array, x: number): number {
  const n = sorted.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return (n - lo) / n;
}

/** Mean length of one stall, s. */
export function meanStallS(e: StallExposure): number {
  const first = e.firstPassS.reduce((a, b) => a + b, 0) / Math.max(1, e.firstPassS.length);
  return first + (e.continueChance / Math.max(1e-12, 1 - e.continueChance)) * e.followingPassS;
}

/** Chance that one stall (a first pass, then a geometric number of following passes) lasts over x, s. */
function stallOver(e: StallExposure, x: number): number {
  const c = e.continueChance;
  let weight = 1 - c;
  let over = 0;
  let left = 1;
  for (let n = 0; left > GEOMETRIC_TAIL && n < 100_000; n++) {
    const rest = x - n * e.followingPassS;
    if (rest < (e.firstPassS[0] ?? 0)) return over + left; // this many passes or more: all over
    over += weight * shareAbove(e.firstPassS, rest);
    left -= weight;
    weight *= c;
  }
  return over;
}

/** Points of the tabulated stall tail (linear in between). */
const TAIL_POINTS = 128;

/** A stall's mean, standard deviation and tail, tabulated once per exposure. */
class StallMoments {
  readonly meanS: number;
  readonly sdS: number;
  private readonly stepS: number;
  private readonly tail: Float64Array;

  constructor(e: StallExposure) {
    this.meanS = meanStallS(e);
    this.sdS = Math.sqrt(stallVariance(e));
    // The tail is tabulated up to where it is negligible (a geometric number of following passes).
    let span = Math.max(this.meanS, e.firstPassS[e.firstPassS.length - 1] ?? 0);
    while (stallOver(e, span) > GEOMETRIC_TAIL && span < 1e5) span *= 1.5;
    this.stepS = span / (TAIL_POINTS - 1);
    this.tail = new Float64Array(TAIL_POINTS);
    for (let i = 0; i < TAIL_POINTS; i++) this.tail[i] = stallOver(e, i * this.stepS);
  }

  /** Chance that one stall lasts over x, s. */
  over(x: number): number {
    if (x <= 0) return 1;
    const at = x / this.stepS;
    const i = Math.floor(at);
    if (i >= TAIL_POINTS - 1) return 0;
    const f = at - i;
    return (this.tail[i] as number) * (1 - f) + (this.tail[i + 1] as number) * f;
  }
}

/**
 * The share of requests whose mean TBT exceeds `targetS`. With `stopAbove`, the sum stops as soon as
 * the share is known to exceed it (every term is non-negative) and returns that partial share.
 */
export function tbtMissShare(e: StallExposure, targetS: number, stopAbove = Number.POSITIVE_INFINITY): number {
  const moments = new StallMoments(e);
  let missed = 0;
  let counted = 0;
  for (const { weight } of e.outputs) counted += weight;
  if (counted <= 0) return 0;
  for (const { tokens, weight } of e.outputs) {
    missed += weight * requestMiss(e, moments, tokens, targetS);
    if (missed > stopAbove * counted) break;
  }
  return missed / counted;
}

/** Above this mean number of stalls, their total is taken as normal (compound Poisson moments). */
const NORMAL_ABOVE_STALLS = 12;

/**
 * The chance that a request with `outputTokens` misses a mean-TBT target. Its G gaps are the
 * iterations it decodes in; a stall counts when it falls before one of them: right after its own
 * pass (atJoin) or between two of its iterations (G − 1 turns at which a busy period can have begun).
 */
function requestMiss(e: StallExposure, stall: StallMoments, outputTokens: number, targetS: number): number {
  const gaps = Math.round(outputTokens) - 1;
  if (gaps <= 0) return 0; // one token: no gap to judge
  const slackS = gaps * (targetS - e.decodeIterS);
  if (slackS < 0) return 1;
  const mean = (e.busyPeriodsPerS * (gaps - 1) * e.decodeIterS) / Math.max(1e-9, 1 - e.rho) + e.atJoin;
  if (mean > NORMAL_ABOVE_STALLS) {
    // Many stalls: their total is normal with the compound-Poisson mean m·μ and variance m·(σ² + μ²).
    const sd = Math.sqrt(mean * (stall.sdS ** 2 + stall.meanS ** 2));
    return 1 - normalCdf((slackS - mean * stall.meanS) / sd);
  }
  let term = Math.exp(-mean);
  let left = 1 - term;
  let miss = 0;
  for (let n = 1; left > POISSON_TAIL && n < 10_000; n++) {
    term *= mean / n;
    left -= term;
    // n stalls: one with its exact tail, the sum of the others normal (mean and variance n − 1 times a stall's).
    const rest = slackS - (n - 1) * stall.meanS;
    const spread = Math.sqrt(n - 1) * stall.sdS;
    if (rest <= -4 * spread) return miss + term + Math.max(0, left); // n stalls or more: all miss
    let over = 0;
    if (n === 1) over = stall.over(rest);
    else for (let i = 0; i < HERMITE_NODES.length; i++) over += (HERMITE_WEIGHTS[i] as number) * stall.over(rest - (HERMITE_NODES[i] as number) * spread);
    miss += term * over;
  }
  return miss;
}

/** Variance of one stall's length, s²: its first pass's spread plus a geometric count of following passes. */
function stallVariance(e: StallExposure): number {
  const n = Math.max(1, e.firstPassS.length);
  const firstMean = e.firstPassS.reduce((a, b) => a + b, 0) / n;
  const firstVar = e.firstPassS.reduce((a, b) => a + (b - firstMean) ** 2, 0) / n;
  const c = Math.min(e.continueChance, 1 - 1e-12);
  return firstVar + e.followingPassS ** 2 * (c / (1 - c) ** 2);
}

/** The mean TBT the given share of requests stays within, s (bisection on the target). */
export function tbtAtPercentile(e: StallExposure, percentile: number): number {
  const allowed = 1 - percentile / 100;
  let lo = e.decodeIterS;
  let hi = Math.max(2 * e.decodeIterS, e.decodeIterS + meanStallS(e) * 4);
  while (tbtMissShare(e, hi) > allowed && hi < 1e4) hi *= 2;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (tbtMissShare(e, mid) > allowed) lo = mid;
    else hi = mid;
  }
  return hi;
}
