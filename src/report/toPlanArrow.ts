/** plan.arrow: the plan table as an Arrow IPC file, with the same columns and values as plan.csv. */
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { Plan } from '../plan/index.js';
import { planColumns, type ColumnType } from './planColumns.js';

const ARROW_TYPES: Record<ColumnType, () => Int32 | Float64 | Utf8> = {
  int: () => new Int32(),
  float: () => new Float64(),
  string: () => new Utf8(),
};

export function toPlanArrow(plan: Plan): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of planColumns(plan)) {
    const values = plan.rows.map((r) => column.value(r));
    vectors[column.name] = vectorFromArray(values as never[], ARROW_TYPES[column.type]());
  }
  return tableToIPC(new Table(vectors), 'file');
}
