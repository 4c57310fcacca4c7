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
 * alone, then the work of the prompts that arrived meanwhile (StallShape). With n stalls, one has that tail and the
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
  /** Prompt arrival rate, requests/s. */
  readonly rps: number;
  /** Mean prefill busy period, s (from the prompt queue's chain). */
  readonly meanBusyPeriodS: number;
  /** Output lengths of the requests judged, with their shares. */
  readonly outputs: readonly WeightedTokens[];
}

const POISSON_TAIL = 1e-9;
/** Gauss–Hermite rule (5 nodes) for a standard normal: the sum of all stalls but one. */
export const HERMITE_NODES = [-2.856970013872806, -1.355626179974266, 0, 1.355626179974266, 2.856970013872806];
export const HERMITE_WEIGHTS = [0.011257411327721, 0.222075922005613, 0.533333333333333, 0.222075922005613, 0.011257411327721];
const TAIL_NEGLIGIBLE = 1e-7;

/**
 * One stall: the first pass X (one of the class's prompts alone), then R, the work the prompts that
 * arrived during X bring (each starts a sub-busy period of its own). Given X, R is 0 when nothing
 * arrived (chance e^(−λX)); otherwise it is taken as lognormal with the moments of a branching
 * busy period — mean k·X, k set so that the stall's mean is the queue's mean busy period, and
 * variance λX·E[S²]/(1 − ρ)³ (the M/G/1 busy period's second moment per arrival). A geometric
 * number of mean passes would miss the tail: one long pass gathers several prompts, each of which
 * may gather more.
 */
class StallShape {
  private readonly first: Float64Array;
  private readonly p0: Float64Array;
  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;
  readonly meanS: number;
  readonly varianceS: number;

  constructor(e: StallExposure) {
    const xs = e.firstPassS;
    const n = Math.max(1, xs.length);
    const meanX = xs.reduce((a, b) => a + b, 0) / n;
    const meanX2 = xs.reduce((a, b) => a + b * b, 0) / n;
    const k = meanX > 0 ? Math.max(0, (e.meanBusyPeriodS - meanX) / meanX) : 0;
    const perArrivalSecondMoment = meanX2 / Math.max(1e-9, 1 - e.rho) ** 3;
    this.first = xs;
    this.p0 = new Float64Array(xs.length);
    this.mu = new Float64Array(xs.length);
    this.sigma = new Float64Array(xs.length);
    let m1 = 0;
    let m2 = 0;
    xs.forEach((x, j) => {
      const mean = k * x;
      const variance = e.rps * x * perArrivalSecondMoment;
      const p0 = Math.exp(-e.rps * x);
      this.p0[j] = p0;
      if (mean > 0 && p0 < 1) {
        // R given that something arrived: the moments divided by 1 − p0, as a lognormal.
        const m = mean / (1 - p0);
        const second = (variance + mean * mean) / (1 - p0);
        const s2 = Math.log(Math.max(1, second / (m * m)));
        this.sigma[j] = Math.sqrt(s2);
        this.mu[j] = Math.log(m) - s2 / 2;
      } else this.p0[j] = 1;
      m1 += x + mean;
      m2 += x * x + 2 * x * mean + variance + mean * mean;
    });
    this.meanS = m1 / n;
    this.varianceS = Math.max(0, m2 / n - this.meanS ** 2);
  }

  /** Chance that one stall lasts over x, s. */
  over(x: number): number {
    let over = 0;
    for (let j = 0; j < this.first.length; j++) {
      const rest = x - (this.first[j] as number);
      if (rest < 0) {
        over += 1;
        continue;
      }
      const p0 = this.p0[j] as number;
      if (p0 >= 1) continue;
      const sigma = this.sigma[j] as number;
      const tail = rest <= 0 ? 1 : sigma > 0 ? 1 - normalCdf((Math.log(rest) - (this.mu[j] as number)) / sigma) : Math.log(rest) < (this.mu[j] as number) ? 1 : 0;
      over += (1 - p0) * tail;
    }
    return over / Math.max(1, this.first.length);
  }
}

/** Points of the tabulated stall tail (linear in between). */
const TAIL_POINTS = 128;

/** A stall's mean, standard deviation and tail, tabulated once per exposure. */
export class StallMoments {
  readonly meanS: number;
  readonly sdS: number;
  private readonly stepS: number;
  private readonly tail: Float64Array;

  constructor(e: StallExposure) {
    const shape = new StallShape(e);
    this.meanS = shape.meanS;
    this.sdS = Math.sqrt(shape.varianceS);
    // The tail is tabulated up to where it is negligible.
    let span = Math.max(this.meanS, e.firstPassS[e.firstPassS.length - 1] ?? 0, 1e-3);
    while (shape.over(span) > TAIL_NEGLIGIBLE && span < 1e5) span *= 1.5;
    this.stepS = span / (TAIL_POINTS - 1);
    this.tail = new Float64Array(TAIL_POINTS);
    for (let i = 0; i < TAIL_POINTS; i++) this.tail[i] = shape.over(i * this.stepS);
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

/** A stall's tabulated tail, to reuse across exposures that differ only in their decode iteration. */
export function stallMoments(e: StallExposure): StallMoments {
  return new StallMoments(e);
}

/**
 * The share of requests whose mean TBT exceeds `targetS`. With `stopAbove`, the sum stops as soon as
 * the share is known to exceed it (every term is non-negative) and returns that partial share.
 */
export function tbtMissShare(e: StallExposure, targetS: number, stopAbove = Number.POSITIVE_INFINITY, moments: StallMoments = new StallMoments(e)): number {
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
  return stallsOver(stall, mean, slackS);
}

/** The chance that a Poisson number of stalls (mean `mean`) lasts over `slackS` in total. */
function stallsOver(stall: StallMoments, mean: number, slackS: number): number {
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

/**
 * The share of gaps between tokens (every gap of every request, pooled: vLLM's ITL) over `targetS`.
 * A gap is one decode iteration plus the stalls that fall before it: a request's first gap those of
 * its own pass's busy period (mean atJoin), every later gap a busy period begun during the iteration
 * before it (ν·t_decode/(1 − ρ), as requestMiss counts them); gaps weighted by the requests' counts.
 */
export function itlMissShare(e: StallExposure, targetS: number, moments: StallMoments = new StallMoments(e)): number {
  const slackS = targetS - e.decodeIterS;
  if (slackS < 0) return 1;
  const firstMiss = stallsOver(moments, e.atJoin, slackS);
  const laterMiss = stallsOver(moments, (e.busyPeriodsPerS * e.decodeIterS) / Math.max(1e-9, 1 - e.rho), slackS);
  let gapsTotal = 0;
  let missed = 0;
  for (const { tokens, weight } of e.outputs) {
    const gaps = Math.round(tokens) - 1;
    if (gaps <= 0) continue;
    gapsTotal += weight * gaps;
    missed += weight * (firstMiss + (gaps - 1) * laterMiss);
  }
  return gapsTotal > 0 ? missed / gapsTotal : 0;
}

/** The mean TBT the given share of requests stays within, s (bisection on the target). */
export function tbtAtPercentile(e: StallExposure, percentile: number): number {
  const allowed = 1 - percentile / 100;
  let lo = e.decodeIterS;
  let hi = Math.max(2 * e.decodeIterS, e.decodeIterS + new StallShape(e).meanS * 4);
  while (tbtMissShare(e, hi) > allowed && hi < 1e4) hi *= 2;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (tbtMissShare(e, mid) > allowed) lo = mid;
    else hi = mid;
  }
  return hi;
}
