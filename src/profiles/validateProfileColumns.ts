/**
 * Raw columns (as a CSV or Arrow reader hands them over) → a checked ProfileTable. Every problem names
 * the file, the line (CSV) or row (Arrow), the column and the fix; all problems are reported at once
 * (up to a limit), like scenario validation. Column-at-a-time loops, because every plan reads the
 * ~100,000 built-in rows through here.
 */
import { basename } from 'node:path';
import { getGpu, gpuIds, modelIds, resolveGpuId, resolveModelId, suggestGpuIds, suggestModelIds, type GpuId, type ModelId } from '../catalog/index.js';
import { InputError, type InputProblem } from '../core/errors.js';
import { PROFILE_COLUMN_NAMES, type ProfilePhase } from './profileColumns.js';
import type { ProfileTable } from './profileTable.js';

/** Enough to fix a file in one go without flooding the terminal when every row is wrong. */
const MAX_PROBLEMS = 20;

export interface RawProfileColumns {
  readonly file: string;
  readonly length: number;
  /** Column name → values (strings from CSV, numbers or strings from Arrow). */
  readonly columns: ReadonlyMap<string, ArrayLike<unknown>>;
  /** 1-based line of data row i in the file, when the format has lines. */
  readonly lineOf?: (row: number) => number;
}

type Report = (row: number, column: string, message: string, fix: string) => void;

export function validateProfileColumns(raw: RawProfileColumns): ProfileTable {
  const missing = PROFILE_COLUMN_NAMES.filter((c) => !raw.columns.has(c));
  if (missing.length > 0) {
    throw new InputError({
      file: raw.file,
      line: raw.lineOf ? 1 : undefined,
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}`,
      fix: `the header must name every column of the profile contract: ${PROFILE_COLUMN_NAMES.join(',')} (profiles/README.md "Table format")`,
    });
  }
  const problems: InputProblem[] = [];
  let dropped = 0;
  const bad = new Uint8Array(raw.length);
  const report: Report = (row, column, message, fix) => {
    bad[row] = 1;
    if (problems.length >= MAX_PROBLEMS) {
      dropped++;
      return;
    }
    const line = raw.lineOf?.(row);
    problems.push({ file: raw.file, line, field: line === undefined ? `row ${row + 1}, column ${column}` : `column ${column}`, message, fix });
  };
  const col = (name: string) => raw.columns.get(name) as ArrayLike<unknown>;
  const n = raw.length;
  const blank = blankRows(raw);

  const model = resolveNames(col('model'), blank, 'model', resolveModelId, (name) => {
    const close = suggestModelIds(name);
    return `use a catalog model id or alias: ${modelIds.join(', ')}${close[0] ? ` (did you mean '${close[0]}'?)` : ''}`;
  }, report);
  const gpu = resolveNames(col('gpu'), blank, 'GPU type', resolveGpuId, (name) => {
    const close = suggestGpuIds(name);
    return `use a catalog GPU id or alias: ${gpuIds.join(', ')}${close[0] ? ` (did you mean '${close[0]}'?)` : ''}`;
  }, report);
  const phase = resolveNames(col('phase'), blank, 'phase', (p) => (p.toLowerCase() === 'prefill' ? 'prefill' : p.toLowerCase() === 'decode' ? 'decode' : undefined) as ProfilePhase | undefined, () => "write 'prefill' or 'decode'", report);
  const tp = numbers(col('tp'), blank, 'tp', true, report);
  const freqMHz = numbers(col('freq_mhz'), blank, 'freq_mhz', false, report);
  const batchSize = numbers(col('batch_size'), blank, 'batch_size', true, report);
  const tokens = numbers(col('tokens'), blank, 'tokens', false, report);
  const latencyMs = numbers(col('latency_ms'), blank, 'latency_ms', false, report);
  const powerW = numbers(col('power_w'), blank, 'power_w', false, report);

  for (let i = 0; i < n; i++) {
    if (blank[i] || bad[i]) continue;
    const g = getGpu(gpu[i] as GpuId);
    const perServer = g.server.gpusPerServer.value;
    if ((tp[i] as number) > perServer) report(i, 'tp', `TP ${tp[i]} exceeds the ${perServer} GPUs of a ${g.id} server`, 'an instance lives inside one server; use a TP of at most its GPU count');
    const f = freqMHz[i] as number;
    if (f < g.clockMHz.min.value - 0.5 || f > g.clockMHz.max.value + 0.5) {
      report(i, 'freq_mhz', `${f} MHz is outside ${g.id}'s SM clock range ${g.clockMHz.min.value}–${g.clockMHz.max.value} MHz`, 'give the locked SM clock the row was measured at');
    }
    if (phase[i] === 'prefill' && (tokens[i] as number) < (batchSize[i] as number)) {
      report(i, 'tokens', `a prefill of ${batchSize[i]} prompts needs at least ${batchSize[i]} tokens, got ${tokens[i]}`, 'prefill tokens are all prompt tokens in the batch (batch_size × tokens per prompt)');
    }
  }
  reportDuplicates(raw, { model, gpu, phase, tp, freqMHz, batchSize, tokens }, blank, bad, report);

  if (problems.length > 0) {
    if (dropped > 0) problems.push({ file: raw.file, message: `and ${dropped} more problem${dropped > 1 ? 's' : ''} like these` });
    throw new InputError(problems);
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!blank[i]) keep.push(i);
  if (keep.length === 0) {
    throw new InputError({ file: raw.file, message: 'the profile table has no rows', fix: 'add at least one row per (model, gpu, tp, phase) you want covered' });
  }
  const sources = col('source');
  const defaultSource = `measured (${basename(raw.file)})`;
  const pick = <T>(a: readonly (T | undefined)[]) => keep.map((i) => a[i] as T);
  const pickNum = (a: Float64Array) => (keep.length === n ? a : Float64Array.from(keep, (i) => a[i] as number));
  return Object.freeze({
    origin: raw.file,
    length: keep.length,
    model: pick(model) as ModelId[],
    gpu: pick(gpu) as GpuId[],
    tp: Int32Array.from(pickNum(tp)),
    freqMHz: pickNum(freqMHz),
    phase: pick(phase) as ProfilePhase[],
    batchSize: pickNum(batchSize),
    tokens: pickNum(tokens),
    latencyMs: pickNum(latencyMs),
    powerW: pickNum(powerW),
    source: keep.map((i) => {
      const s = sources[i] === null || sources[i] === undefined ? '' : String(sources[i]).trim();
      return s === '' ? defaultSource : s;
    }),
  });
}

/** arquero keeps blank CSV lines as rows of nulls; they carry nothing and are skipped. */
function blankRows(raw: RawProfileColumns): Uint8Array {
  const blank = new Uint8Array(raw.length);
  const cols = PROFILE_COLUMN_NAMES.map((c) => raw.columns.get(c) as ArrayLike<unknown>);
  for (let i = 0; i < raw.length; i++) {
    let empty = true;
    for (const c of cols) {
      const v = c[i];
      if (v !== null && v !== undefined && (typeof v !== 'string' || v.trim() !== '')) {
        empty = false;
        break;
      }
    }
    blank[i] = empty ? 1 : 0;
  }
  return blank;
}

/** Resolve a name column, each distinct spelling once (a 100,000-row table has a handful). */
function resolveNames<T extends string>(
  values: ArrayLike<unknown>,
  blank: Uint8Array,
  what: string,
  resolve: (name: string) => T | undefined,
  fixFor: (name: string) => string,
  report: Report,
): (T | undefined)[] {
  const cache = new Map<unknown, T | undefined>();
  const out = new Array<T | undefined>(values.length);
  const column = what === 'GPU type' ? 'gpu' : what;
  for (let i = 0; i < values.length; i++) {
    if (blank[i]) continue;
    const v = values[i];
    let id: T | undefined;
    if (cache.has(v)) id = cache.get(v);
    else {
      id = resolve(v === null || v === undefined ? '' : String(v).trim());
      cache.set(v, id);
    }
    if (id === undefined) {
      const name = v === null || v === undefined ? '' : String(v).trim();
      report(i, column, name === '' ? `missing ${what}` : `unknown ${what} '${name}'`, fixFor(name));
    }
    out[i] = id;
  }
  return out;
}

/** Parse a numeric column: finite and positive, and whole where it counts GPUs or requests. */
function numbers(values: ArrayLike<unknown>, blank: Uint8Array, column: string, whole: boolean, report: Report): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (blank[i]) continue;
    const v = values[i];
    let x: number;
    if (typeof v === 'number') x = v;
    else {
      const s = v === null || v === undefined ? '' : String(v).trim();
      if (s === '') {
        report(i, column, 'missing value', `give a number in ${column}`);
        continue;
      }
      x = Number(s);
    }
    if (!Number.isFinite(x)) report(i, column, `'${String(v)}' is not a finite number (NaN and Infinity are not allowed)`, `give a number in ${column}`);
    else if (x <= 0) report(i, column, `${x} is not positive`, `${column} must be greater than 0`);
    else if (whole && !Number.isInteger(x)) report(i, column, `${x} is not a whole number`, `${column} counts ${column === 'tp' ? 'GPUs' : 'requests'}; give a positive integer`);
    out[i] = x;
  }
  return out;
}

interface KeyColumns {
  readonly model: readonly (string | undefined)[];
  readonly gpu: readonly (string | undefined)[];
  readonly phase: readonly (string | undefined)[];
  readonly tp: Float64Array;
  readonly freqMHz: Float64Array;
  readonly batchSize: Float64Array;
  readonly tokens: Float64Array;
}

/** Two rows for one point would make lookups depend on row order: sort by key, compare neighbours. */
function reportDuplicates(raw: RawProfileColumns, k: KeyColumns, blank: Uint8Array, bad: Uint8Array, report: Report): void {
  const rows: number[] = [];
  for (let i = 0; i < raw.length; i++) if (!blank[i] && !bad[i]) rows.push(i);
  const s = (a: string | undefined, b: string | undefined) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  // Same order as sortProfileRows (written files), so sorting an already-sorted table is one linear pass.
  const keyCompare = (a: number, b: number) =>
    s(k.model[a], k.model[b]) || s(k.gpu[a], k.gpu[b]) || (k.tp[a] as number) - (k.tp[b] as number) ||
    -s(k.phase[a], k.phase[b]) || (k.freqMHz[a] as number) - (k.freqMHz[b] as number) ||
    (k.batchSize[a] as number) - (k.batchSize[b] as number) || (k.tokens[a] as number) - (k.tokens[b] as number);
  rows.sort((a, b) => keyCompare(a, b) || a - b);
  for (let j = 1; j < rows.length; j++) {
    const a = rows[j - 1] as number;
    const b = rows[j] as number;
    if (keyCompare(a, b) === 0) {
      const where = raw.lineOf ? `line ${raw.lineOf(a)}` : `row ${a + 1}`;
      report(b, 'tokens', `duplicate point: ${where} has the same model, gpu, tp, freq_mhz, phase, batch_size and tokens`, 'keep one row per point (aggregate repeated measurements first, e.g. by their median)');
    }
  }
}
