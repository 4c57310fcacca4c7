/**
 * The hot loop: CSV rows from raw bytes into the columns of a TraceChunk. Traces run to tens of
 * millions of rows, so this reads digits straight from the bytes (no string, array or object per
 * row), keeps every per-row value in locals, and switches on a small role number per column. Slow
 * cases — quoted fields, exponents, errors — leave the loop for fieldText.ts.
 */
import type { TraceChunk } from '../types.js';
import { afterLine, BadRows } from './badRows.js';
import { describeField, fieldEnd, readQuoted, secondsFromText, wholeNumberFromText } from './fieldText.js';
import { ROLE, type TraceLayout } from './layout.js';
import type { NameTable } from './nameTable.js';
import { TimestampParser } from './timestamp.js';

export interface RowParserOptions {
  readonly file: string;
  readonly layout: TraceLayout;
  readonly skipBadRows: boolean;
  readonly chunkRows: number;
  readonly services: NameTable;
  /** Add unseen service names (discovery pass) instead of rejecting them. */
  readonly addServices: boolean;
  readonly classes: NameTable | undefined;
  readonly addClasses: boolean;
  /** Line number of the first data row. */
  readonly firstLine: number;
}

const MAX_TOKENS = 0xffffffff;
const SKIP_HINT = 'or pass --skip-bad-rows to skip such rows and count them';

export class RowParser {
  /** Line number of the next row. */
  line: number;
  /** Rows accepted so far, over all chunks. */
  rows = 0;
  readonly badRows: BadRows;
  /** Epoch time of the first accepted row (timestamp traces). */
  baseWholeS = 0;
  baseFracS = 0;
  private length = 0;
  private arrivalS: Float64Array;
  private inputTokens: Uint32Array;
  private outputTokens: Uint32Array;
  private serviceIndex: Uint16Array;
  private classIndex: Uint16Array | undefined;
  private prevArrivalS = Number.NEGATIVE_INFINITY;
  private readonly roles: Uint8Array;
  private readonly ts = new TimestampParser();
  // Values of the row being parsed, set by the quoted-field slow path.
  private slowValue = 0;
  /** Value of the digits the last scanDigits read. */
  private digitsValue = 0;

  constructor(private readonly o: RowParserOptions) {
    this.line = o.firstLine;
    this.badRows = new BadRows(o.file, o.layout.names, o.skipBadRows);
    this.roles = Uint8Array.from(o.layout.roles);
    this.arrivalS = new Float64Array(o.chunkRows);
    this.inputTokens = new Uint32Array(o.chunkRows);
    this.outputTokens = new Uint32Array(o.chunkRows);
    this.serviceIndex = new Uint16Array(o.chunkRows);
    this.classIndex = o.classes ? new Uint16Array(o.chunkRows) : undefined;
  }

  get full(): boolean {
    return this.length === this.o.chunkRows;
  }

  get pending(): number {
    return this.length;
  }

  /** Hand over the rows parsed so far as a chunk and start a new one. */
  takeChunk(): TraceChunk {
    const n = this.length;
    const chunk: TraceChunk = {
      length: n,
      arrivalS: this.arrivalS.subarray(0, n),
      inputTokens: this.inputTokens.subarray(0, n),
      outputTokens: this.outputTokens.subarray(0, n),
      serviceIndex: this.serviceIndex.subarray(0, n),
      ...(this.classIndex ? { classIndex: this.classIndex.subarray(0, n) } : {}),
    };
    const size = this.o.chunkRows;
    this.arrivalS = new Float64Array(size);
    this.inputTokens = new Uint32Array(size);
    this.outputTokens = new Uint32Array(size);
    this.serviceIndex = new Uint16Array(size);
    if (this.classIndex) this.classIndex = new Uint16Array(size);
    this.length = 0;
    return chunk;
  }

  /**
   * Parse rows in buf[p, limit) until the chunk is full; `limit` is just past a line break or at the
   * end of the file. Returns where it stopped.
   */
  parse(buf: Uint8Array, p: number, limit: number): number {
    const size = this.o.chunkRows;
    while (p < limit && this.length < size) p = this.parseRow(buf, p, limit);
    return p;
  }

  private parseRow(buf: Uint8Array, p: number, limit: number): number {
    const line = this.line++;
    // Blank lines (pandas skips them too) carry no request.
    if (buf[p] === 10) return p + 1;
    if (buf[p] === 13 && (p + 1 === limit || buf[p + 1] === 10)) return p + 2;
    const roles = this.roles;
    const last = roles.length - 1;
    let inputTokens = 0;
    let outputTokens = 0;
    let service = 0;
    let cls = 0;
    let secondsValue = 0;
    for (let col = 0; col <= last; col++) {
      const role = roles[col] as number;
      const start = p;
      if (buf[p] === 34) {
        // A quoted field: rare in traces, handled off the fast path.
        const q = this.quoted(buf, p, limit, line, col, role);
        if (q < 0) return afterLine(buf, p, limit);
        p = q;
        if (role === ROLE.input) inputTokens = this.slowValue;
        else if (role === ROLE.output) outputTokens = this.slowValue;
        else if (role === ROLE.service) service = this.slowValue;
        else if (role === ROLE.class) cls = this.slowValue;
        else if (role === ROLE.seconds) secondsValue = this.slowValue;
      } else if (role === ROLE.input || role === ROLE.output) {
        let q = this.scanDigits(buf, p, limit);
        const v = this.digitsValue;
        if (buf[q] === 46) {
          // '374.0' is still a whole number (tools that went through floats write it so).
          q++;
          while (buf[q] === 48) q++;
        }
        const c = buf[q];
        if (q === p || (c !== 44 && c !== 10 && c !== 13 && q !== limit) || v < 1 || v > MAX_TOKENS) {
          return this.badToken(buf, start, limit, line, col, v);
        }
        if (role === ROLE.input) inputTokens = v;
        else outputTokens = v;
        p = q;
      } else if (role === ROLE.timestamp) {
        const q = this.ts.parse(buf, p, limit);
        if (q < 0) return this.bad(buf, start, limit, line, col, `${describeField(buf, start, limit)} is not a timestamp (${this.ts.error})`, `write timestamps as YYYY-MM-DD HH:MM:SS[.fraction][Z|+HH:MM], e.g. 2023-11-16 18:15:46.6805900 (UTC when no zone is given), ${SKIP_HINT}`);
        p = q;
      } else if (role === ROLE.seconds) {
        let q = this.scanDigits(buf, p, limit);
        let v = this.digitsValue;
        let digits = q - p;
        if (buf[q] === 46) {
          q++;
          let scale = 1;
          let frac = 0;
          // Up to 15 fraction digits add precision; further ones are below a float64's resolution.
          for (; q < limit; q++) {
            const d = (buf[q] as number) - 48;
            if (d < 0 || d > 9) break;
            if (scale < 1e15) {
              frac = frac * 10 + d;
              scale *= 10;
            }
            digits++;
          }
          v += frac / scale;
        }
        if (buf[q] === 101 || buf[q] === 69) {
          q = fieldEnd(buf, start, limit);
          v = secondsFromText(new TextDecoder().decode(buf.subarray(start, q)));
        }
        const c = buf[q];
        if (digits === 0 || !Number.isFinite(v) || (c !== 44 && c !== 10 && c !== 13 && q !== limit)) {
          return this.bad(buf, start, limit, line, col, `${describeField(buf, start, limit)} is not a number of seconds${buf[start] === 45 ? ' (negative)' : ''}`, `write seconds since the trace start as a non-negative decimal, e.g. 12.75, ${SKIP_HINT}`);
        }
        secondsValue = v;
        p = q;
      } else if (role === ROLE.service || role === ROLE.class) {
        const q = fieldEnd(buf, p, limit);
        const id = this.nameId(buf, p, q, line, col, role);
        if (id < 0) return afterLine(buf, p, limit);
        if (role === ROLE.service) service = id;
        else cls = id;
        p = q;
      } else {
        p = fieldEnd(buf, p, limit);
      }
      // Delimiter after the field.
      const c = buf[p];
      if (col < last) {
        if (c !== 44) {
          const missing = p >= limit || c === 10 || c === 13;
          return this.bad(buf, missing ? p : start, limit, line, missing ? col + 1 : col, missing ? 'missing value: the row has fewer fields than the header' : `unexpected text after the value ${describeField(buf, start, limit)}`, `give every row the header's ${last + 1} comma-separated fields, ${SKIP_HINT}`);
        }
        p++;
      } else {
        if (c === 13) p++;
        if (p < limit && buf[p] !== 10) {
          return this.bad(buf, p, limit, line, col, buf[p] === 44 ? 'the row has more fields than the header' : `unexpected text after the value ${describeField(buf, start, limit)}`, `give every row the header's ${last + 1} comma-separated fields, ${SKIP_HINT}`);
        }
        p++;
      }
    }

    let arrivalS: number;
    if (this.o.layout.timeKind === 'timestamp') {
      if (this.rows === 0) {
        this.baseWholeS = this.ts.wholeS;
        this.baseFracS = this.ts.fracS;
      }
      // Subtract the whole seconds first: epoch seconds with 100-ns digits exceed a float64's precision.
      arrivalS = this.ts.wholeS - this.baseWholeS + (this.ts.fracS - this.baseFracS);
    } else {
      arrivalS = secondsValue;
    }
    if (arrivalS < this.prevArrivalS) {
      const timeCol = this.o.layout.roles.findIndex((r) => r === ROLE.timestamp || r === ROLE.seconds);
      this.badRows.report(
        line,
        timeCol,
        `time goes backwards: this row is ${(this.prevArrivalS - arrivalS).toPrecision(4)} s earlier than the row before it`,
        `sort the trace by time first (rows must be in arrival order; equal times are fine), ${SKIP_HINT}`,
      );
      return p; // the whole row was read
    }
    const n = this.length++;
    this.arrivalS[n] = arrivalS;
    this.inputTokens[n] = inputTokens;
    this.outputTokens[n] = outputTokens;
    this.serviceIndex[n] = service;
    if (this.classIndex) this.classIndex[n] = cls;
    this.prevArrivalS = arrivalS;
    this.rows++;
    return p;
  }

  private badToken(buf: Uint8Array, start: number, limit: number, line: number, col: number, value: number): number {
    const shown = describeField(buf, start, limit);
    const why = buf[start] === 45 ? 'is negative' : value === 0 && /^'0+(\.0*)?'$/.test(shown) ? 'is zero' : value > MAX_TOKENS ? 'is too large' : 'is not a whole number';
    return this.bad(buf, start, limit, line, col, `${shown} ${why}`, `token counts are whole numbers ≥ 1 (every request has a prompt token and generates a token); fix or drop the row, ${SKIP_HINT}`);
  }

  private nameId(buf: Uint8Array, start: number, end: number, line: number, col: number, role: number): number {
    const table = role === ROLE.service ? this.o.services : this.o.classes;
    const add = role === ROLE.service ? this.o.addServices : this.o.addClasses;
    if (!table) return 0;
    let id = table.lookup(buf, start, end);
    if (id < 0 && add) id = table.add(buf, start, end);
    if (id < 0) {
      const what = role === ROLE.service ? 'service' : 'class';
      this.bad(buf, start, end, line, col, add ? `more than ${table.maxSize} distinct ${what} names` : `unknown ${what} ${JSON.stringify(new TextDecoder().decode(buf.subarray(start, end))).replace(/^"|"$/g, "'")}`, add ? `use at most ${table.maxSize} ${what} names` : `use one of ${table.names.join(', ')}, ${SKIP_HINT}`);
    }
    return id;
  }

  /** A quoted field: its value goes to slowValue; returns the position after it, or -1 (row skipped). */
  private quoted(buf: Uint8Array, p: number, limit: number, line: number, col: number, role: number): number {
    const q = readQuoted(buf, p, limit);
    if (!q) {
      this.bad(buf, p, limit, line, col, 'a quoted value has no closing quote on its line', `close the quote (values cannot span lines), ${SKIP_HINT}`);
      return -1;
    }
    if (role === ROLE.input || role === ROLE.output) {
      const v = wholeNumberFromText(q.text);
      if (!(v >= 1 && v <= MAX_TOKENS)) {
        this.bad(buf, p, limit, line, col, `'${q.text}' is not a whole number ≥ 1`, `token counts are whole numbers ≥ 1; fix or drop the row, ${SKIP_HINT}`);
        return -1;
      }
      this.slowValue = v;
    } else if (role === ROLE.seconds) {
      const v = secondsFromText(q.text);
      if (!Number.isFinite(v)) {
        this.bad(buf, p, limit, line, col, `'${q.text}' is not a number of seconds`, `write seconds since the trace start as a non-negative decimal, ${SKIP_HINT}`);
        return -1;
      }
      this.slowValue = v;
    } else if (role === ROLE.timestamp) {
      const bytes = new TextEncoder().encode(q.text.trim());
      if (this.ts.parse(bytes, 0, bytes.length) !== bytes.length) {
        this.bad(buf, p, limit, line, col, `'${q.text}' is not a timestamp`, `write timestamps as YYYY-MM-DD HH:MM:SS[.fraction][Z|+HH:MM], ${SKIP_HINT}`);
        return -1;
      }
    } else if (role === ROLE.service || role === ROLE.class) {
      const bytes = new TextEncoder().encode(q.text);
      const id = this.nameId(bytes, 0, bytes.length, line, col, role);
      if (id < 0) return -1;
      this.slowValue = id;
    }
    return q.end;
  }

  /** Report a bad row (throws unless skipping) and resume after its line. */
  /** Read the decimal digits from p (value in digitsValue); returns the index after the last digit. */
  private scanDigits(buf: Uint8Array, p: number, limit: number): number {
    let v = 0;
    let q = p;
    for (; q < limit; q++) {
      const d = (buf[q] as number) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    this.digitsValue = v;
    return q;
  }

  private bad(buf: Uint8Array, at: number, limit: number, line: number, col: number, message: string, fix: string): number {
    this.badRows.report(line, col, message, fix);
    return afterLine(buf, at, limit);
  }
}
