/** A FileTraceSource over one CSV file and a resolved column layout; each iteration re-reads the file. */
import type { FileTraceSource, SkippedRows, TraceChunk, TraceFormat, TraceReadOptions } from '../types.js';
import { CHUNK_ROWS } from '../defaults.js';
import { formatIso } from './isoTime.js';
import type { TraceLayout } from './layout.js';
import { NameTable } from './nameTable.js';
import { readChunks, type ReadChunksOptions } from './readChunks.js';
import type { RowParser } from './rowParser.js';

export interface FileSourceSpec {
  readonly path: string;
  readonly format: TraceFormat;
  readonly layout: TraceLayout;
  readonly headerBytes: number;
  /** Service names, complete (from a discovery pass or the caller); [''] without a service column. */
  readonly services: readonly string[];
  readonly classLabels: readonly string[] | undefined;
  /** Absolute time of arrivalS = 0 for seconds-based traces. */
  readonly secondsStartIso: string;
}

export async function fileTraceSource(spec: FileSourceSpec, options: TraceReadOptions): Promise<FileTraceSource> {
  let skipped: SkippedRows = { count: 0, examples: [] };
  const readOptions = (chunkRows: number): ReadChunksOptions => ({
    file: spec.path,
    layout: spec.layout,
    skipBadRows: options.skipBadRows === true,
    chunkRows,
    services: new NameTable(spec.services),
    addServices: false,
    classes: spec.classLabels ? new NameTable(spec.classLabels) : undefined,
    addClasses: false,
    firstLine: 2,
    headerBytes: spec.headerBytes,
  });
  const startIso = spec.layout.timeKind === 'seconds' ? spec.secondsStartIso : await firstRowIso(spec.path, readOptions(1));
  const iterate = (): AsyncGenerator<TraceChunk> =>
    readChunks(spec.path, {
      ...readOptions(options.chunkRows ?? CHUNK_ROWS),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      onDone: (p) => {
        skipped = { count: p.badRows.count, examples: [...p.badRows.examples] };
      },
    });
  return {
    name: spec.path,
    startIso,
    services: spec.services,
    ...(spec.classLabels ? { classLabels: spec.classLabels } : {}),
    format: spec.format,
    skipped: () => skipped,
    chunks: () => ({ [Symbol.asyncIterator]: iterate }),
  };
}

/** The exact time of a timestamp trace's first valid row (arrivalS = 0): parse just that row. */
async function firstRowIso(path: string, options: ReadChunksOptions): Promise<string> {
  let parser: RowParser | undefined;
  const rows = readChunks(path, { ...options, onParser: (p) => (parser = p) });
  try {
    await rows.next();
  } finally {
    await rows.return(undefined);
  }
  return parser ? formatIso({ wholeS: parser.baseWholeS, fracS: parser.baseFracS }) : '';
}
