/**
 * Stream a CSV trace file through the row parser in fixed 1 MiB blocks: memory stays at a few
 * blocks plus one chunk of columns whatever the file size. A block is parsed up to its last line
 * break; the partial line is moved to the front and completed by the next block.
 */
import { open } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import type { TraceChunk } from '../types.js';
import { RowParser, type RowParserOptions } from './rowParser.js';

const BLOCK_BYTES = 1 << 20;

export interface ReadChunksOptions extends RowParserOptions {
  /** Bytes of the header (skipped). */
  readonly headerBytes: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called with the parser before reading starts (its state is read after rows were parsed). */
  readonly onParser?: (parser: RowParser) => void;
  /** Called once the whole file was read, with the parser's final state. */
  readonly onDone?: (parser: RowParser) => void;
}

export async function* readChunks(path: string, o: ReadChunksOptions): AsyncGenerator<TraceChunk> {
  const fh = await open(path, 'r');
  // The next block is read while this one is parsed (two raw buffers), so parsing never waits on I/O.
  const raw = [new Uint8Array(BLOCK_BYTES), new Uint8Array(BLOCK_BYTES)] as const;
  let turn = 0;
  let inFlight: Promise<{ bytesRead: number }> | undefined;
  try {
    const totalBytes = (await fh.stat()).size;
    const parser = new RowParser(o);
    o.onParser?.(parser);
    // A partial line (< one block) is carried in front of the next block.
    const work = new Uint8Array(2 * BLOCK_BYTES);
    let carry = 0;
    let fileOffset = o.headerBytes;
    let reading: Promise<{ bytesRead: number }> = fh.read(raw[0], 0, BLOCK_BYTES, fileOffset);
    inFlight = reading;
    for (;;) {
      const { bytesRead } = await reading;
      inFlight = undefined;
      const block = turn === 0 ? raw[0] : raw[1];
      fileOffset += bytesRead;
      const eof = bytesRead === 0 || fileOffset >= totalBytes;
      if (!eof) {
        turn ^= 1;
        reading = fh.read(turn === 0 ? raw[0] : raw[1], 0, BLOCK_BYTES, fileOffset);
        inFlight = reading;
      }
      work.set(block.subarray(0, bytesRead), carry);
      const filled = carry + bytesRead;
      const limit = eof ? filled : work.lastIndexOf(10, filled - 1) + 1;
      if (limit === 0 && !eof) {
        if (filled >= BLOCK_BYTES) {
          throw new InputError({ file: path, line: parser.line, field: 'row', message: `the line is longer than ${BLOCK_BYTES / 1024} KiB (binary data, or line breaks missing)`, fix: 'pass a CSV trace with one request per line' });
        }
        carry = filled;
        continue;
      }
      let p = 0;
      while (p < limit) {
        p = parser.parse(work, p, limit);
        if (parser.full) yield parser.takeChunk();
      }
      o.onProgress?.(Math.min(fileOffset - (filled - limit), totalBytes), totalBytes);
      if (eof) break;
      work.copyWithin(0, limit, filled);
      carry = filled - limit;
    }
    if (parser.pending > 0) yield parser.takeChunk();
    if (parser.rows === 0) {
      throw new InputError({
        file: path,
        line: Math.max(o.firstLine, parser.line - 1),
        field: 'row',
        message: parser.badRows.count > 0 ? `no valid rows: all ${parser.badRows.count} rows were bad (first: ${parser.badRows.examples[0]?.message ?? ''})` : 'no requests after the header',
        fix: 'pass a trace with at least one request row',
      });
    }
    o.onDone?.(parser);
  } finally {
    // A consumer that stops early leaves a read in flight: let it land before closing the file.
    if (inFlight) await inFlight.catch(() => undefined);
    await fh.close();
  }
}
