/**
 * Whether a cell's misses are evidence that it misses its SLO percentile, the way MLPerf's early
 * stopping judges latency limits: under the null hypothesis that each request misses its target with
 * probability 1 − percentile (the SLO holds exactly), the count of misses among n requests is
 * binomial; the cell fails when the chance of at least the observed count is below α (one-sided, per
 * cell). A point estimate above 1 − percentile that is not significant is noise of that size: the
 * repair loop must not chase it, and it is reported apart.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/** Significance level of the per-cell test. */
export const VERDICT_ALPHA = 0.001;

/** The miss share the SLO allows: 1 − percentile/100. */
export function allowedMissShare(percentile: number): number {
  // Rounded so that 1 − 99.9/100 is 0.001 and not 0.00099999999999989.
  return Math.min(1, Math.max(0, Number((1 - percentile / 100).toPrecision(12))));
}

/** P(X ≥ misses) for X ~ Binomial(n, 1 − percentile): the one-sided p-value of the observed misses. */
export function missPValue(misses: number, n: number, percentile: number): number {
  if (misses <= 0 || n <= 0) return 1;
  const p0 = allowedMissShare(percentile);
  if (p0 <= 0) return 0;
  if (p0 >= 1) return 1;
  return Math.max(0, 1 - binomialCdf(misses - 1, n, p0));
}

/** The misses are significantly more than the percentile allows. */
export function significantMiss(misses: number, n: number, percentile: number, alpha = VERDICT_ALPHA): boolean {
  return missPValue(misses, n, percentile) < alpha;
}

/**
 * The fewest requests for which the test can fail at all (every request missing is significant):
 * the smallest n with (1 − percentile)^n < α. Below it, a cell is low-sample: no count of misses is
 * evidence.
 */
export function minJudgeableRequests(percentile: number, alpha = VERDICT_ALPHA): number {
  const p0 = allowedMissShare(percentile);
  if (p0 <= 0) return 1;
  if (p0 >= 1) return Number.POSITIVE_INFINITY;
  // Start near the solution of p0^n = α, then step by the same p-value the test uses.
  let n = Math.max(1, Math.floor(Math.log(alpha) / Math.log(p0)) - 1);
  while (!significantMiss(n, n, percentile, alpha)) n++;
  return n;
}

/** What decides whether a (window, class) cell can be judged: its requests and its two SLO percentiles. */
export interface JudgeableCell {
  readonly requests: number;
  readonly ttftPercentile: number;
  readonly tbtPercentile: number;
}

/**
 * A cell is judged when it holds enough requests for the test to fail on both of its percentiles;
 * below that it is low-sample whatever its misses. The one definition the replay's verdict (the
 * CLI's "judged cells"), windows.csv's 'low-sample' label and the report's counts all use. A cell
 * whose percentiles are unknown (a windows.csv without those columns) cannot be judged.
 */
export function isJudgedCell(c: JudgeableCell): boolean {
  if (!Number.isFinite(c.requests)) return false;
  return [c.ttftPercentile, c.tbtPercentile].every((p) => Number.isFinite(p) && p >= 0 && p <= 100 && c.requests >= minJudgeableRequests(p));
}
