/** Defaults of the workload tools, named once. */

/** Where seconds-only traces are placed in time: the scenario default start (a Monday, 00:00 UTC). */
export const SCENARIO_DEFAULTS_START_ISO = '2024-01-01T00:00:00.000Z';

/** Rows per TraceChunk: large enough to amortize per-chunk work, small enough to stay in cache-sized columns. */
export const CHUNK_ROWS = 65_536;

/** The scenarios' request-class bins (S < 1024 ≤ M < 4096 ≤ L input; S < 64 ≤ M < 256 ≤ L output). */
export const DEFAULT_INPUT_THRESHOLDS: readonly number[] = [1024, 4096];
export const DEFAULT_OUTPUT_THRESHOLDS: readonly number[] = [64, 256];
