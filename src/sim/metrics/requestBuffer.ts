/** Columnar buffer of request records, handed to the sink whenever it fills (typed arrays, reused). */
import { REQUEST_COLUMNS, type RequestBatch, type RequestRecord, type RequestSink } from './requestColumns.js';

export const REQUEST_BATCH_ROWS = 65_536;

export class RequestBuffer {
  private readonly columns: (Float64Array | Int32Array | Uint32Array | Uint8Array)[];
  private n = 0;
  written = 0;

  constructor(private readonly sink: RequestSink) {
    this.columns = REQUEST_COLUMNS.map((c) => {
      switch (c.type) {
        case 'float64': return new Float64Array(REQUEST_BATCH_ROWS);
        case 'uint32': return new Uint32Array(REQUEST_BATCH_ROWS);
        case 'uint8': return new Uint8Array(REQUEST_BATCH_ROWS);
        default: return new Int32Array(REQUEST_BATCH_ROWS);
      }
    });
  }

  push(r: RequestRecord): void {
    const i = this.n;
    for (let c = 0; c < REQUEST_COLUMNS.length; c++) {
      (this.columns[c] as Float64Array)[i] = (REQUEST_COLUMNS[c] as (typeof REQUEST_COLUMNS)[number]).value(r);
    }
    this.n = i + 1;
    this.written++;
    if (this.n === REQUEST_BATCH_ROWS) this.flush();
  }

  flush(): void {
    if (this.n === 0) return;
    const batch: RequestBatch = { length: this.n, columns: this.columns };
    this.n = 0;
    this.sink.write(batch);
  }
}
