/**
 * Reader for the generic measured-profile CSV: exactly the contract's columns (profiles/README.md
 * "Table format"), one row per point. Reads with arquero, keeps every value as text so that bad values
 * are reported as written, then validates.
 */
import * as aq from 'arquero';
import { InputError } from '../core/errors.js';
import { validateProfileColumns } from './validateProfileColumns.js';
import type { ProfileTable } from './profileTable.js';

export async function fromProfileCsv(path: string): Promise<ProfileTable> {
  let table: aq.ColumnTable;
  try {
    table = await aq.loadCSV(path, { autoType: false });
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the profile CSV (${(err as Error).message})`, fix: 'check the path and that the file is a CSV with a header row' });
  }
  return profileFromCsvTable(table, path);
}

/** Same, from CSV text already in memory (tests, stdin). */
export function fromProfileCsvText(text: string, file: string): ProfileTable {
  return profileFromCsvTable(aq.fromCSV(text, { autoType: false }), file);
}

function profileFromCsvTable(table: aq.ColumnTable, file: string): ProfileTable {
  const columns = new Map<string, ArrayLike<unknown>>();
  for (const name of table.columnNames()) columns.set(name.trim(), table.array(name) as ArrayLike<unknown>);
  // Line 1 is the header; arquero keeps blank lines as empty rows, so row i sits on line i + 2
  // unless a quoted field spans lines (profile files have none).
  return validateProfileColumns({ file, length: table.numRows(), columns, lineOf: (row) => row + 2 });
}
