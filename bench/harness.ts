/**
 * Benchmark harness: each bench module measures in one run and reports ratios as well as absolute
 * numbers (the machine is shared and noisy; ratios measured together are what is comparable).
 */
export interface BenchRow {
  /** Group, e.g. 'solver', 'replay', 'trace'. */
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target this row is checked against, in words (e.g. '≥ 1,000,000 rows/s'), if any. */
  readonly target?: string;
  /** Whether the target is met (undefined when there is no target). */
  readonly met?: boolean;
  readonly note?: string;
}

export interface Bench {
  readonly name: string;
  /**
   * What part of the module this run covers when an environment variable narrows it (a subset of
   * its scenarios): named in the results file, so a partial run never replaces a whole one.
   */
  subset?(): string | undefined;
  run(): Promise<BenchRow[]>;
}

/** Peak resident set size of this process so far, MB. */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}
