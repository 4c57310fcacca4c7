/**
 * Request traces as streams of column chunks: parsing, summarizing, fitting and the replay simulator
 * all consume them, so memory stays bounded whatever the trace length.
 */

/** A slice of consecutive requests, in arrival order. Columns share one length. */
export interface TraceChunk {
  readonly length: number;
  /** Arrival time, seconds since the trace start (non-decreasing across the whole stream). */
  readonly arrivalS: Float64Array;
  readonly inputTokens: Uint32Array;
  readonly outputTokens: Uint32Array;
  /** Index into TraceSource.services (0 when the trace has a single service). */
  readonly serviceIndex: Uint16Array;
}

export interface TraceSource {
  /** Where the trace came from, for messages (a path, or 'synthetic:<scenario>'). */
  readonly name: string;
  /** Absolute time of arrivalS = 0, ISO 8601 UTC. */
  readonly startIso: string;
  /** Service names; a trace without a service column has one unnamed service ''. */
  readonly services: readonly string[];
  /** Chunks in arrival order; iterating again starts from the beginning. */
  chunks(): AsyncIterable<TraceChunk>;
}
