/** Any list of records with declared columns → CSV text or an Arrow IPC file (same values in both). */
import { Float64, Int32, RecordBatch, Schema, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { toCsv } from './csv.js';

export interface DeclaredColumn<R> {
  readonly name: string;
  readonly type: 'int' | 'float' | 'string';
  readonly value: (row: R) => number | string;
}

const ARROW_TYPES = {
  int: () => new Int32(),
  float: () => new Float64(),
  string: () => new Utf8(),
} as const;

export function columnsToCsv<R>(columns: readonly DeclaredColumn<R>[], rows: readonly R[]): string {
  return toCsv(columns.map((c) => c.name), rows.map((r) => columns.map((c) => c.value(r))));
}

/** `metadata` goes into the file's schema (key → text), e.g. the plan's provenance. */
export function columnsToArrow<R>(columns: readonly DeclaredColumn<R>[], rows: readonly R[], metadata?: ReadonlyMap<string, string>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of columns) {
    vectors[column.name] = vectorFromArray(rows.map((r) => column.value(r)) as never[], ARROW_TYPES[column.type]());
  }
  const table = new Table(vectors);
  if (!metadata || metadata.size === 0) return tableToIPC(table, 'file');
  const schema = new Schema(table.schema.fields, new Map(metadata));
  return tableToIPC(new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data))), 'file');
}
