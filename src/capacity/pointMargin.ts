/**
 * The miss share a class is planned at so that its (window, class) cells also meet their SLO
 * percentile as point estimates, not only without a significant miss.
 *
 * A cell of n requests meets a p99 as a point estimate when at most ⌊0.01 n⌋ of them miss: none at
 * all below 100 requests. A pool sized to meet p99 exactly lets each request miss with probability
 * about 1 %, and then a cell falls below its percentile about half the time at any size, and almost
 * every time a small class sharing the pool's queue sees a miss among its 50 requests (measured on
 * scenarios/day.yaml: docs/replay.md).
 *
 * The rule: the planned miss share q is the largest at which, if every request missed independently
 * with probability q, the expected share of the class's judged cells that miss as point estimates is
 * at most the budget (planning.pointMissBudget, POINT_MISS_BUDGET). The cells are the class's windows
 * at their expected request counts (demand × window length; cells too small to be judged are left
 * out). Below 100 requests a cell misses with chance about n·q, so a class of 50 requests a window is
 * planned near 0.02 % (p99.98); a class of thousands a little below 1 % (p99.3 at 2,000 requests).
 * It is never a loosening.
 *
 * The repair loop holds classes to it where the replay shows them above it (repair/pointRepair.ts).
 * Raising the capacity model's percentiles to it instead was measured to cost several times the fleet
 * (the model's tail beyond p99 is much more conservative than the replay's; docs/replay.md).
 * Requests in a queue are not independent (a burst delays every request behind it), which makes the
 * real spread wider than the binomial; the budget is a planning rule, not a guarantee.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/** The expected share of a class's judged cells allowed to miss as point estimates, when a scenario sets planning.pointMissBudget without a value in mind (the issue-18 target). */
export const POINT_MISS_BUDGET = 0.01;

/** A budget of every cell: the point target is off and classes are planned at their percentile (the default). */
export const POINT_MISS_OFF = 1;

/** The tightest percentile the rule plans at: beyond it the capacity model's tail is not resolved. */
export const MAX_PLANNED_PERCENTILE = 99.99;

/** The smallest cell judged at this percentile (significance.ts's rule: the test can fail at α = 0.001). */
function judgeable(n: number, allowed: number): boolean {
  return n >= 1 && allowed ** n < 0.001;
}

/** P(X > ⌊allowed · n⌋) for X ~ Binomial(n, q): the chance a cell of n requests misses as a point estimate. */
export function pointMissChance(n: number, q: number, allowed: number): number {
  if (q <= 0) return 0;
  const k = Math.floor(allowed * n + 1e-9);
  if (k >= n) return 0;
  return Math.max(0, 1 - binomialCdf(k, n, q));
}

/** The cells judged at this percentile, as whole requests. */
export function judgedCells(allowed: number, cellSizes: readonly number[]): number[] {
  return cellSizes.map((n) => Math.round(n)).filter((n) => judgeable(n, allowed));
}

/** The expected share of these cells that miss as point estimates when every request misses independently with probability q. */
export function expectedPointMissShare(allowed: number, cells: readonly number[], q: number): number {
  if (cells.length === 0) return 0;
  return cells.reduce((s, n) => s + pointMissChance(n, q, allowed), 0) / cells.length;
}

/**
 * The miss share q a class is planned at: the largest q ≤ allowed whose expected share of point-missing
 * cells over `cellSizes` is at most `budget`. Cell sizes are rounded to whole requests.
 */
export function plannedMissShare(allowed: number, cellSizes: readonly number[], budget = POINT_MISS_BUDGET): number {
  const cells = judgedCells(allowed, cellSizes);
  if (cells.length === 0 || !(allowed > 0)) return allowed;
  const share = (q: number) => expectedPointMissShare(allowed, cells, q);
  if (share(allowed) <= budget) return allowed;
  let lo = 0;
  let hi = allowed;
  // The share rises with q: bisect on a log scale, 40 halvings are well below the percentile's resolution.
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(Math.max(lo, allowed * 1e-6) * hi);
    if (share(mid) <= budget) lo = mid;
    else hi = mid;
  }
  return Math.max(lo, allowed * 1e-6);
}

/** The percentile a target is planned at for these cell sizes (never below the target's own). */
export function plannedPercentile(percentile: number, cellSizes: readonly number[], budget = POINT_MISS_BUDGET): number {
  const allowed = Number((1 - percentile / 100).toPrecision(12));
  if (!(allowed > 0)) return percentile;
  const q = plannedMissShare(allowed, cellSizes, budget);
  const planned = Math.min(Math.max(percentile, MAX_PLANNED_PERCENTILE), Number((100 * (1 - q)).toPrecision(6)));
  return Math.max(percentile, planned);
}
