/**
 * requests.arrow: one row per replayed request (or per sampled request). Each column is declared once
 * here (name, unit, meaning, how to read it from a record); the Arrow schema and README derive from it.
 */

/** The replay fills one of these per finished request (a reused scratch object, not one per request). */
export interface RequestRecord {
  request: number;
  arrivalS: number;
  window: number;
  classIndex: number;
  predictedClassIndex: number;
  /** Pool label index + 1 (0 = none). */
  pool: number;
  decodePool: number;
  instance: number;
  decodeInstance: number;
  inputTokens: number;
  outputTokens: number;
  ttftMs: number;
  tbtMeanMs: number;
  tbtMaxMs: number;
  e2eMs: number;
  queueMs: number;
  sloMet: number;
}

export function emptyRequestRecord(): RequestRecord {
  return {
    request: 0, arrivalS: 0, window: 0, classIndex: 0, predictedClassIndex: 0, pool: 0, decodePool: 0, instance: -1, decodeInstance: -1,
    inputTokens: 0, outputTokens: 0, ttftMs: NaN, tbtMeanMs: NaN, tbtMaxMs: NaN, e2eMs: NaN, queueMs: NaN, sloMet: 0,
  };
}

/** Storage of a column: integers, floats, a 0/1 flag, or an index into the class or pool dictionary. */
export type RequestColumnType = 'uint32' | 'int32' | 'float64' | 'uint8' | 'class' | 'pool';

export interface RequestColumn {
  readonly name: string;
  readonly type: RequestColumnType;
  readonly unit: string;
  readonly description: string;
  readonly value: (r: RequestRecord) => number;
}

export const REQUEST_COLUMNS: readonly RequestColumn[] = [
  { name: 'request', type: 'uint32', unit: '', description: 'index of the request in the trace, 0-based', value: (r) => r.request },
  { name: 'arrival_s', type: 'float64', unit: 's', description: 'arrival time since the horizon start', value: (r) => r.arrivalS },
  { name: 'window', type: 'int32', unit: '', description: 'window of the arrival, 0-based', value: (r) => r.window },
  { name: 'class', type: 'class', unit: '', description: 'request class (service/class) from its true token counts', value: (r) => r.classIndex },
  { name: 'predicted_class', type: 'class', unit: '', description: "class the router assumed (output length predicted with simulation.predictorAccuracy)", value: (r) => r.predictedClassIndex },
  { name: 'pool', type: 'pool', unit: '', description: 'pool (model/gpu/tp/clock/role) that ran the prefill; empty if the request was rejected', value: (r) => r.pool },
  { name: 'decode_pool', type: 'pool', unit: '', description: 'decode pool of a split request; empty for mixed pools', value: (r) => r.decodePool },
  { name: 'instance', type: 'int32', unit: '', description: 'instance that ran the prefill (-1 if none)', value: (r) => r.instance },
  { name: 'decode_instance', type: 'int32', unit: '', description: 'instance that ran the decode (-1 if none)', value: (r) => r.decodeInstance },
  { name: 'input_tokens', type: 'int32', unit: 'tokens', description: 'prompt tokens', value: (r) => r.inputTokens },
  { name: 'output_tokens', type: 'int32', unit: 'tokens', description: 'generated tokens', value: (r) => r.outputTokens },
  { name: 'ttft_ms', type: 'float64', unit: 'ms', description: 'time to first token, arrival to first token (split: includes the KV-transfer residue); NaN if rejected', value: (r) => r.ttftMs },
  { name: 'tbt_mean_ms', type: 'float64', unit: 'ms', description: 'mean time between tokens: (finish − first token) / (output tokens − 1); 0 for one-token requests', value: (r) => r.tbtMeanMs },
  { name: 'tbt_max_ms', type: 'float64', unit: 'ms', description: 'longest gap between two consecutive tokens (stalls for prefills and clock changes included)', value: (r) => r.tbtMaxMs },
  { name: 'e2e_ms', type: 'float64', unit: 'ms', description: 'arrival to last token', value: (r) => r.e2eMs },
  { name: 'queue_ms', type: 'float64', unit: 'ms', description: 'time spent in wait queues (before the prefill, and before joining a decode batch)', value: (r) => r.queueMs },
  { name: 'slo_met', type: 'uint8', unit: '0/1', description: "1 when both TTFT and mean TBT meet the class's targets", value: (r) => r.sloMet },
];

/** Full buffers of finished requests, column-wise; valid for rows [0, length). */
export interface RequestBatch {
  readonly length: number;
  readonly columns: readonly (Float64Array | Int32Array | Uint32Array | Uint8Array)[];
}

/** Where per-request rows go (report/toRequestsArrow.ts writes them to a file; tests keep them). */
export interface RequestSink {
  /** Called once before any batch, with the dictionaries of the 'class' and 'pool' columns. */
  begin(dictionaries: { readonly class: readonly string[]; readonly pool: readonly string[] }): void;
  /** A full (or the last) buffer; the arrays are reused after the call returns, so copy what you keep. */
  write(batch: RequestBatch): void;
  /** Awaited between trace chunks so an asynchronous sink can flush (bounded memory). */
  drain?(): Promise<void>;
}
