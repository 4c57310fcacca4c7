/**
 * requests.arrow, streamed: an Arrow IPC file written record batch by record batch as the replay
 * finishes requests, so no more than one batch is ever held. The file is written under a temporary
 * name in the target directory and renamed into place by `commit`; `abort` (or the process exiting
 * first) removes it, so a failed replay leaves any previous requests.arrow intact.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Dictionary, Field, Float64, Int32, RecordBatch, RecordBatchFileWriter, Schema, Struct, Uint32, Uint8, Utf8, makeData, vectorFromArray, type Data, type DataType, type Vector } from 'apache-arrow';
import { REQUEST_COLUMNS, type RequestBatch, type RequestColumnType, type RequestSink } from '../sim/index.js';

export interface RequestsArrowFile extends RequestSink {
  readonly path: string;
  /** Finish the file and move it into place (at `path`, or at `dest` on the same file system). */
  commit(dest?: string): Promise<void>;
  /** Drop the temporary file. */
  abort(): Promise<void>;
}

const DICTIONARY_IDS: Readonly<Record<'class' | 'pool', number>> = { class: 0, pool: 1 };

// Columns sharing a dictionary (class and predicted_class) must share one type object.
function arrowTypes(): (type: RequestColumnType) => DataType {
  const dictionaries = {
    class: new Dictionary(new Utf8(), new Int32(), DICTIONARY_IDS.class),
    pool: new Dictionary(new Utf8(), new Int32(), DICTIONARY_IDS.pool),
  };
  return (type) => {
    switch (type) {
      case 'float64': return new Float64();
      case 'int32': return new Int32();
      case 'uint32': return new Uint32();
      case 'uint8': return new Uint8();
      case 'class':
      case 'pool': return dictionaries[type];
    }
  };
}

export async function toRequestsArrow(path: string): Promise<RequestsArrowFile> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-requests`);
  const fd = openSync(tmp, 'w');
  let closed = false;
  const cleanup = () => {
    if (!closed) closeSync(fd);
    closed = true;
    rmSync(tmp, { force: true });
  };
  process.once('exit', cleanup);
  const writer = new RecordBatchFileWriter();
  // The writer queues bytes; this loop writes them out whenever the replay awaits (between trace chunks).
  const pump = (async () => {
    for await (const bytes of writer) writeSync(fd, bytes);
  })();
  const arrowType = arrowTypes();
  const fields = REQUEST_COLUMNS.map((c) => new Field(c.name, arrowType(c.type), false));
  const schema = new Schema(fields);
  const struct = new Struct(fields);
  let dictionaries: Record<'class' | 'pool', Vector> | undefined;
  let batches = 0;

  const begin: RequestSink['begin'] = (d) => {
    dictionaries = { class: vectorFromArray([...d.class], new Utf8()), pool: vectorFromArray([...d.pool], new Utf8()) };
  };
  const abort = async () => {
    process.removeListener('exit', cleanup);
    writer.abort();
    await pump.catch(() => undefined);
    if (!closed) closeSync(fd);
    closed = true;
    await rm(tmp, { force: true });
  };

  return {
    path,
    begin,
    write(batch: RequestBatch) {
      if (!dictionaries) throw new Error('toRequestsArrow: begin() was not called');
      const dicts = dictionaries;
      const n = batch.length;
      // Copy: the replay reuses its buffers, and the writer keeps views until they are written out.
      const children: Data[] = REQUEST_COLUMNS.map((c, i) => {
        const values = (batch.columns[i] as Float64Array).slice(0, n);
        const type = fields[i]?.type as DataType;
        if (c.type === 'class' || c.type === 'pool') return makeData({ type: type as Dictionary, length: n, data: values as unknown as Int32Array, dictionary: dicts[c.type] });
        return makeData({ type: type as Float64, length: n, data: values });
      });
      writer.write(new RecordBatch(schema, makeData({ type: struct, length: n, children })));
      batches++;
    },
    async drain() {
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
    async commit(dest = path) {
      try {
        // With no batch written, still write the schema so the file is a valid, empty table.
        if (batches === 0) writer.reset(undefined, schema);
        writer.finish();
        writer.close();
        await pump;
        closeSync(fd);
        closed = true;
        await rename(tmp, dest);
        process.removeListener('exit', cleanup);
      } catch (err) {
        await abort();
        throw err;
      }
    },
    abort,
  };
}
