/** The header line of a CSV trace, read before any row so the format and columns are known up front. */
import { open } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { splitCsvLine } from './layout.js';

export interface TraceHeader {
  readonly names: readonly string[];
  /** Bytes up to and including the header's newline (and a UTF-8 byte-order mark). */
  readonly byteLength: number;
  readonly sizeBytes: number;
}

const PROBE_BYTES = 64 * 1024;

export async function readHeader(path: string): Promise<TraceHeader> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({
      file: path,
      message: code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code ?? String(err)})`,
      fix: code === 'ENOENT' ? 'check the path' : 'pass a CSV trace file you can read',
    });
  }
  try {
    const sizeBytes = (await fh.stat()).size;
    const probe = new Uint8Array(Math.min(PROBE_BYTES, sizeBytes));
    const { bytesRead } = await fh.read(probe, 0, probe.length, 0);
    const bytes = probe.subarray(0, bytesRead);
    if (bytes.length === 0) {
      throw new InputError({ file: path, line: 1, field: 'header', message: 'the file is empty', fix: 'pass a CSV trace with a header line and one row per request' });
    }
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const newline = bytes.indexOf(10, bom);
    if (bytes.includes(0)) {
      throw new InputError({ file: path, line: 1, field: 'header', message: 'the file is binary (it contains NUL bytes), not CSV text', fix: 'pass a CSV trace (a compressed trace must be decompressed first, e.g. with gunzip)' });
    }
    if (newline < 0 && bytesRead === PROBE_BYTES) {
      throw new InputError({ file: path, line: 1, field: 'header', message: `no line break in the first ${PROBE_BYTES / 1024} KiB`, fix: 'pass a CSV trace with one row per line' });
    }
    const end = newline < 0 ? bytes.length : newline;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bom, end));
    } catch {
      throw new InputError({ file: path, line: 1, field: 'header', message: 'the header is not UTF-8 text (binary data?)', fix: 'pass a CSV trace in UTF-8' });
    }
    return { names: splitCsvLine(text.replace(/\r$/, '')), byteLength: newline < 0 ? bytes.length : newline + 1, sizeBytes };
  } finally {
    await fh.close();
  }
}

/** The error for a header that lacks required columns: names them and shows the header as read. */
export function missingColumnsError(path: string, header: TraceHeader, missing: readonly string[], fix: string): InputError {
  return new InputError({
    file: path,
    line: 1,
    field: 'header',
    message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header has ${header.names.join(', ') || 'nothing'})`,
    fix,
  });
}
