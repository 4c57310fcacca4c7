import type { TokenStats } from '../scenario/index.js';

/** Token count at a percentile from a class's statistics: the nearest quantile at or above it, else the mean. */
export function tokensAtPercentile(stats: TokenStats, percentile: number): number {
  if (percentile >= 99 && stats.p99 !== undefined) return stats.p99;
  if (percentile >= 90 && stats.p90 !== undefined) return stats.p90;
  if (percentile > 50) return Math.max(stats.p50 ?? 0, stats.mean);
  return stats.p50 ?? stats.mean;
}
