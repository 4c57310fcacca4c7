/**
 * Read plan.arrow (written by toPlanArrow) back into the rows the replay needs. Columns are found by
 * name, so added columns are ignored and a missing one is reported with the file and the fix.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { decodeArrowFile } from '../core/decodeArrowFile.js';
import { InputError } from '../core/errors.js';
import { MANIFEST_FILE, MANIFEST_FORMAT } from '../outdir/sealedDir.js';
import { MAX_POOL_INSTANCES, type ReplayPlan, type ReplayPlanRow, type ReplayRole } from '../sim/index.js';
import { PROVENANCE_KEY, sha256, type PlanProvenance } from './planProvenance.js';

/** A plan read back: its rows, and where it came from (absent in plans written before provenance was recorded). */
export type ReadPlan = ReplayPlan & { readonly provenance?: PlanProvenance };

const REQUIRED = ['window', 'window_start', 'model', 'gpu', 'tp', 'clock_mhz', 'role', 'instances', 'gpus', 'mean_power_kw', 'energy_kwh'] as const;
const ROLES: readonly string[] = ['mixed', 'prefill', 'decode', 'idle'] satisfies readonly ReplayRole[];
const RATE_PREFIX = 'rate_rps:';

// An Arrow IPC file starts and ends with this magic (the end follows the footer that indexes the batches).
const ARROW_MAGIC = 'ARROW1';
const REWRITE_FIX = 'pass the plan.arrow written by llmcap plan (plan again with `llmcap plan --scenario FILE --out DIR` if it was cut short)';

export function fromPlanArrow(bytes: Uint8Array, file = 'plan.arrow'): ReadPlan {
  const magicAt = (offset: number) => offset >= 0 && Buffer.from(bytes.subarray(offset, offset + ARROW_MAGIC.length)).toString('latin1') === ARROW_MAGIC;
  if (bytes.length === 0) throw new InputError({ file, message: 'the file is empty', fix: REWRITE_FIX });
  // Checked before parsing: the Arrow reader's own errors on a cut file name no cause a user can act on.
  if (magicAt(0) && !magicAt(bytes.length - ARROW_MAGIC.length)) {
    throw new InputError({ file, message: `the Arrow file is truncated (${bytes.length} bytes, its footer is missing: an interrupted copy or write?)`, fix: REWRITE_FIX });
  }
  // Structure checked, then decoded under a deadline: a flipped byte must not make the reader hang.
  return decodeArrowFile(bytes, file, REWRITE_FIX, () => decodePlan(bytes, file));
}

function decodePlan(bytes: Uint8Array, file: string): ReadPlan {
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  if (names.length === 0) throw new InputError({ file, message: 'not an Arrow IPC file (no columns could be read)', fix: REWRITE_FIX });
  const unnamed = names.findIndex((name) => typeof name !== 'string' || name === '');
  if (unnamed >= 0) throw new InputError({ file, message: `the Arrow file is damaged: column ${unnamed + 1} has no name`, fix: REWRITE_FIX });
  // A damaged length field can claim billions of rows; every row takes bytes of its fixed-width columns.
  if (table.numRows > bytes.length) throw new InputError({ file, message: `the Arrow file is damaged (it claims ${table.numRows} rows in ${bytes.length} bytes)`, fix: REWRITE_FIX });
  const { classIds, rows } = planRows({ names, numRows: table.numRows, column: (name) => table.getChild(name) ?? undefined }, file, 'pass the plan.arrow written by llmcap plan');
  const provenance = provenanceOf(table.schema.metadata.get(PROVENANCE_KEY), file);
  return { classIds, rows, ...(provenance ? { provenance } : {}) };
}

/** A table of plan columns, Arrow or CSV: its column names, row count and cells by column. */
export interface PlanColumnsSource {
  readonly names: readonly string[];
  readonly numRows: number;
  column(name: string): { get(i: number): unknown } | undefined;
}

/** The plan's rows from its columns (found by name; added columns are ignored, a missing one is reported). */
export function planRows(table: PlanColumnsSource, file: string, fix: string): ReplayPlan {
  const names = table.names;
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new InputError({ file, message: `missing column(s) ${missing.join(', ')}`, fix });
  const column = (name: string) => {
    const v = table.column(name);
    if (!v) throw new InputError({ file, message: `missing column ${name}`, fix });
    return v;
  };
  const classIds = names.filter((n) => n.startsWith(RATE_PREFIX)).map((n) => n.slice(RATE_PREFIX.length));
  const rates = classIds.map((id) => column(`${RATE_PREFIX}${id}`));
  const cols = Object.fromEntries(REQUIRED.map((c) => [c, column(c)])) as Record<(typeof REQUIRED)[number], ReturnType<typeof column>>;
  const num = (name: (typeof REQUIRED)[number], i: number): number => {
    const raw = cols[name].get(i);
    const v = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(v)) throw new InputError({ file, field: `row ${i + 1}.${name}`, message: `not a number (${String(raw)})` });
    return v;
  };
  // Counts the replay allocates by: whole numbers in range, else a damaged or hand-edited file.
  const count = (name: 'window' | 'tp' | 'instances' | 'gpus', i: number, least: number, most: number): number => {
    const v = num(name, i);
    if (!Number.isInteger(v) || v < least || v > most) {
      throw new InputError({ file, field: `row ${i + 1}.${name}`, message: Number.isInteger(v) ? `${v} is outside ${least} to ${most}` : `${v} is not a whole number`, fix });
    }
    return v;
  };
  // Plans written before engine presets have no stack or precision columns: their pools are vllm-2023 at bf16.
  const optionalColumns = { stack: table.column('stack'), precision: table.column('precision') };
  const optionalText = (name: 'stack' | 'precision', i: number): { stack?: string; precision?: string } => {
    const v = optionalColumns[name]?.get(i);
    return v === null || v === undefined || v === '' ? {} : { [name]: String(v) };
  };
  const rows: ReplayPlanRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const role = String(cols.role.get(i));
    if (!ROLES.includes(role)) throw new InputError({ file, field: `row ${i + 1}.role`, message: `unknown role '${role}'`, fix: `roles are ${ROLES.join(', ')}` });
    const ratesRps: Record<string, number> = {};
    classIds.forEach((id, k) => {
      const v = Number(rates[k]?.get(i) ?? 0);
      if (v > 0) ratesRps[id] = v;
    });
    rows.push({
      window: count('window', i, 0, Number.MAX_SAFE_INTEGER),
      windowStart: String(cols.window_start.get(i) ?? ''),
      model: String(cols.model.get(i) ?? ''),
      gpu: String(cols.gpu.get(i) ?? ''),
      tp: count('tp', i, role === 'idle' ? 0 : 1, 64),
      clockMHz: num('clock_mhz', i),
      role: role as ReplayRole,
      ...optionalText('stack', i),
      ...optionalText('precision', i),
      instances: count('instances', i, 0, MAX_POOL_INSTANCES),
      gpus: count('gpus', i, 0, 64 * MAX_POOL_INSTANCES),
      ratesRps,
      meanPowerKW: num('mean_power_kw', i),
      energyKWh: num('energy_kwh', i),
    });
  }
  return { classIds, rows };
}

function provenanceOf(text: string | undefined, file: string): PlanProvenance | undefined {
  if (text === undefined) return undefined;
  try {
    const p = JSON.parse(text) as PlanProvenance;
    if (typeof p.scenario === 'string' && typeof p.structure?.windows === 'number' && Array.isArray(p.structure.classes)) return p;
  } catch {
    // fall through
  }
  throw new InputError({ file, field: PROVENANCE_KEY, message: 'the plan\'s provenance record is damaged', fix: REWRITE_FIX });
}

/**
 * When summary.json sits beside plan.arrow and records its hash, the bytes must match: a plan changed
 * or damaged after llmcap wrote it is refused before it is decoded.
 */
async function checkAgainstSummary(path: string, bytes: Uint8Array): Promise<void> {
  let summary: { provenance?: { planArrowSha256?: unknown } };
  try {
    summary = JSON.parse(await readFile(join(dirname(path), 'summary.json'), 'utf8'));
  } catch {
    return; // no summary beside it (or not llmcap's): nothing to check against
  }
  const expected = summary?.provenance?.planArrowSha256;
  if (typeof expected !== 'string') return;
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new InputError({
      file: path,
      message: `the file differs from the plan.arrow that summary.json beside it describes (SHA-256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…): changed or damaged after llmcap wrote it`,
      fix: 'plan again with `llmcap plan --out DIR`; if you edited plan.arrow on purpose, move summary.json away',
    });
  }
}

/**
 * When the directory is a sealed output generation (manifest.json beside plan.arrow, docs/outputs.md
 * "How outputs are written"), plan.arrow must be the file the manifest lists.
 */
export async function checkAgainstManifest(path: string, bytes: Uint8Array): Promise<void> {
  let manifest: { format?: unknown; files?: unknown };
  try {
    manifest = JSON.parse(await readFile(join(dirname(path), MANIFEST_FILE), 'utf8'));
  } catch {
    return; // not a sealed directory (or not llmcap's manifest): summary.json's hash still applies
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return;
  const entry = (manifest.files as { path?: unknown; sha256?: unknown }[]).find((f) => f?.path === basename(path));
  if (typeof entry?.sha256 !== 'string') return;
  const actual = sha256(bytes);
  if (actual !== entry.sha256) {
    throw new InputError({
      file: path,
      message: `the file differs from the ${basename(path)} that ${MANIFEST_FILE} beside it lists (SHA-256 ${actual.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…): changed or damaged after llmcap wrote it`,
      fix: 'plan again with `llmcap plan --out DIR`; if you replaced plan.arrow on purpose, copy it to a directory of its own',
    });
  }
}

/** Read plan.arrow from `path` (readPlanFile.ts also takes plan.csv). */
export async function readPlanArrow(path: string): Promise<ReadPlan> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the plan (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'pass the plan.arrow written by llmcap plan, e.g. out/week/plan.arrow' });
  }
  await checkAgainstManifest(path, bytes);
  await checkAgainstSummary(path, bytes);
  return fromPlanArrow(bytes, path);
}
