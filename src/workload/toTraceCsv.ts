/**
 * Write a trace as generic CSV (`timestamp,input_tokens,output_tokens[,service][,class]`), streamed
 * chunk by chunk and atomically: rows go to a temporary file beside the target, renamed into place
 * only when complete, so an interrupted run never leaves a truncated trace under the real name.
 * Timestamps are absolute ISO 8601 UTC with microseconds, so the trace keeps its place in time.
 */
import { rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GENERIC_COLUMNS } from './fromGenericCsv.js';
import { parseIso } from './parse/isoTime.js';
import type { TraceSource } from './types.js';

export interface TraceCsvResult {
  readonly rows: number;
  readonly bytes: number;
}

// Temporaries not yet renamed, removed if the process exits mid-write (e.g. on SIGINT).
const pending = new Set<string>();
let exitHookInstalled = false;

export async function toTraceCsv(source: TraceSource, path: string, onRows?: (rows: number) => void): Promise<TraceCsvResult> {
  const start = parseIso(source.startIso);
  if (!start) throw new Error(`trace start '${source.startIso}' is not an ISO date-time`);
  const named = !(source.services.length === 1 && source.services[0] === '');
  const labels = source.classLabels;
  const header = [GENERIC_COLUMNS.timestamp, GENERIC_COLUMNS.input, GENERIC_COLUMNS.output, ...(named ? [GENERIC_COLUMNS.service] : []), ...(labels ? [GENERIC_COLUMNS.class] : [])];
  const encoder = new TextEncoder();
  const serviceBytes = source.services.map((s) => encoder.encode(`,${csvField(s)}`));
  const labelBytes = labels?.map((s) => encoder.encode(`,${csvField(s)}`));

  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  installExitHook();
  pending.add(tmp);
  const fh = await open(tmp, 'w');
  let rows = 0;
  let bytes = 0;
  try {
    // Room for the longest possible row: timestamp, two 10-digit counts, the longest names.
    const maxRowBytes = 64 + Math.max(0, ...serviceBytes.map((b) => b.length)) + Math.max(0, ...(labelBytes ?? []).map((b) => b.length));
    const out = new Uint8Array(Math.max(OUT_BYTES, 2 * maxRowBytes));
    let pos = 0;
    const flush = async () => {
      await fh.write(out, 0, pos);
      bytes += pos;
      pos = 0;
    };
    pos = putBytes(out, pos, encoder.encode(`${header.join(',')}\n`));
    let minuteKey = Number.NaN;
    let prefix = new Uint8Array(0);
    for await (const chunk of source.chunks()) {
      // Hot loop: tens of millions of rows, written as ASCII bytes straight into a buffer; strings
      // per row made the garbage collector the main cost.
      for (let i = 0; i < chunk.length; i++) {
        if (pos > out.length - maxRowBytes) await flush();
        // Whole seconds and microseconds kept apart: epoch seconds with µs digits exceed float64 precision.
        const rel = start.fracS + (chunk.arrivalS[i] as number);
        let whole = Math.floor(rel);
        let us = Math.round((rel - whole) * 1e6);
        if (us === 1_000_000) {
          whole++;
          us = 0;
        }
        const abs = start.wholeS + whole;
        const minute = Math.floor(abs / 60);
        if (minute !== minuteKey) {
          minuteKey = minute;
          prefix = encoder.encode(new Date(minute * 60_000).toISOString().slice(0, 17));
        }
        pos = putBytes(out, pos, prefix);
        pos = putPadded(out, pos, abs - minute * 60, 2);
        out[pos++] = 46; // .
        pos = putPadded(out, pos, us, 6);
        out[pos++] = 90; // Z
        out[pos++] = 44;
        pos = putUint(out, pos, chunk.inputTokens[i] as number);
        out[pos++] = 44;
        pos = putUint(out, pos, chunk.outputTokens[i] as number);
        if (named) pos = putBytes(out, pos, serviceBytes[chunk.serviceIndex[i] as number] ?? COMMA);
        if (labelBytes && chunk.classIndex) pos = putBytes(out, pos, labelBytes[chunk.classIndex[i] as number] ?? COMMA);
        out[pos++] = 10;
      }
      rows += chunk.length;
      onRows?.(rows);
    }
    await flush();
    await fh.close();
    await rename(tmp, path);
    pending.delete(tmp);
  } finally {
    if (pending.has(tmp)) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      pending.delete(tmp);
    }
  }
  return { rows, bytes };
}

const OUT_BYTES = 1 << 22;
const COMMA = new Uint8Array([44]);

function putBytes(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  for (let j = 0; j < bytes.length; j++) out[pos + j] = bytes[j] as number;
  return pos + bytes.length;
}

function putUint(out: Uint8Array, pos: number, v: number): number {
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  return putPadded(out, pos, v, digits);
}

function putPadded(out: Uint8Array, pos: number, v: number, width: number): number {
  let x = v;
  for (let j = width - 1; j >= 0; j--) {
    out[pos + j] = 48 + (x % 10);
    x = Math.floor(x / 10);
  }
  return pos + width;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const tmp of pending) rmSync(tmp, { force: true });
  });
}
