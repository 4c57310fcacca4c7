/**
 * Request traces as streams of column chunks: parsing, summarizing, fitting and the replay simulator
 * all consume them, so memory stays bounded whatever the trace length.
 */
import type { InputProblem } from '../core/errors.js';

/** A slice of consecutive requests, in arrival order. Columns share one length. */
export interface TraceChunk {
  readonly length: number;
  /** Arrival time, seconds since the trace start (non-decreasing across the whole stream). */
  readonly arrivalS: Float64Array;
  /** Prompt tokens, ≥ 1. */
  readonly inputTokens: Uint32Array;
  /** Generated tokens, ≥ 1. */
  readonly outputTokens: Uint32Array;
  /** Index into TraceSource.services (0 when the trace has a single service). */
  readonly serviceIndex: Uint16Array;
  /** Index into TraceSource.classLabels; present only when the source has class labels. */
  readonly classIndex?: Uint16Array;
}

export interface TraceSource {
  /** Where the trace came from, for messages (a path, or 'synthetic:<scenario>'). */
  readonly name: string;
  /** Absolute time of arrivalS = 0, ISO 8601 UTC (up to nanosecond digits, so it can be exact). */
  readonly startIso: string;
  /** Service names; a trace without a service column has one unnamed service ''. */
  readonly services: readonly string[];
  /**
   * Class labels written in the trace (a generic CSV's `class` column; a synthetic trace's scenario
   * class names), absent otherwise. Informational: classes for planning come from the token bins.
   */
  readonly classLabels?: readonly string[];
  /** Chunks in arrival order; iterating again starts from the beginning. */
  chunks(): AsyncIterable<TraceChunk>;
}

/** Rows a reader skipped under `skipBadRows`, never silently: a count and the first few reasons. */
export interface SkippedRows {
  readonly count: number;
  readonly examples: readonly InputProblem[];
}

/** A trace read from a file: also says which format it was and which rows were skipped. */
export interface FileTraceSource extends TraceSource {
  readonly format: TraceFormat;
  /** Rows skipped by the most recent complete iteration (zero before the first one). */
  skipped(): SkippedRows;
}

export type TraceFormat = 'azure' | 'generic';

export interface TraceReadOptions {
  /** Skip malformed rows and count them instead of failing at the first one. */
  readonly skipBadRows?: boolean;
  /** Called as the file is read, with bytes done and the file size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Rows per chunk (default 65,536). */
  readonly chunkRows?: number;
  /**
   * Absolute time of arrival_s = 0 for generic traces that carry seconds instead of timestamps
   * (default 2024-01-01T00:00:00Z, the scenario default start, a Monday).
   */
  readonly startIso?: string;
}
