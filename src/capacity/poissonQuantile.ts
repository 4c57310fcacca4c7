/**
 * Smallest n with P(N ≤ n) ≥ p for N ~ Poisson(mean): exact summation for the means capacity sees
 * (a few stalls per request), the normal approximation with continuity correction beyond.
 * Exactness matters at small means: with m = 0.05 a p99 request still sees one stall (P(N ≥ 1) ≈ 5 %),
 * which m + z·√m rounds away.
 */
import { normalQuantile } from './normalQuantile.js';

const EXACT_UP_TO_MEAN = 50;

export function poissonQuantile(mean: number, p: number): number {
  if (!(mean > 0)) return 0;
  if (mean > EXACT_UP_TO_MEAN) return Math.max(0, Math.ceil(mean + normalQuantile(p) * Math.sqrt(mean) - 0.5));
  let term = Math.exp(-mean);
  let cumulative = term;
  let n = 0;
  while (cumulative < p && n < 10_000) {
    n++;
    term *= mean / n;
    cumulative += term;
  }
  return n;
}
