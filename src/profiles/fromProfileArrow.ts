/**
 * Reader for profile tables stored as Arrow IPC files, plain (.arrow) or gzip-compressed (.arrow.gz, the
 * built-in tables: Float64 latency and power compress ~3.5×).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import * as aq from 'arquero';
import { decodeArrowFile } from '../core/decodeArrowFile.js';
import { InputError } from '../core/errors.js';
import { validateProfileColumns } from './validateProfileColumns.js';
import type { ProfileTable } from './profileTable.js';

export async function fromProfileArrow(path: string): Promise<ProfileTable> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
    if (path.toLowerCase().endsWith('.gz')) bytes = gunzipSync(bytes);
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the profile table (${(err as Error).message})`, fix: 'check the path' });
  }
  return fromProfileArrowBytes(bytes, path);
}

const FIX = 'write profile tables with `llmcap profiles generate` or as CSV';

export function fromProfileArrowBytes(bytes: Uint8Array, file: string): ProfileTable {
  // Structure checked, then decoded under a deadline: a damaged file must not hang or exhaust memory.
  const { length, columns } = decodeArrowFile(bytes, file, FIX, () => {
    const table = aq.fromArrow(bytes);
    const columns = new Map<string, ArrayLike<unknown>>();
    for (const name of table.columnNames()) columns.set(name, table.array(name) as ArrayLike<unknown>);
    return { length: table.numRows(), columns };
  });
  return validateProfileColumns({ file, length, columns });
}
