/**
 * The sweep's own files, made from its variant directories: a whole run, a resumed run and
 * `sweep merge` of shards all call collectVariants → writeSweepTables, so they write the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { readSealed } from '../outdir/sealedDir.js';
import { writeFilesAtomically, type OutputFile } from '../report/writeAtomic.js';
import { SWEEP_FORMAT, SWEEP_JSON, type SweepDefinition, type SweepVariantEntry } from './definition.js';
import { VARIANT_FILES } from './variantFiles.js';
import { toSweepArrow, toSweepCsv, toSweepParquet, toTimingsCsv, type SweepRow } from './sweepTable.js';
import type { VariantResult, VariantTiming } from './variantResult.js';

export const VARIANTS_DIR = 'variants';
export const SWEEP_FILES = { arrow: 'sweep.arrow', csv: 'sweep.csv', parquet: 'sweep.parquet', timings: 'timings.csv', report: 'report.html' } as const;

export const variantDir = (outDir: string, id: string) => join(outDir, VARIANTS_DIR, id);

export async function readDefinition(dir: string): Promise<SweepDefinition> {
  const path = join(dir, SWEEP_JSON);
  let parsed: SweepDefinition;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as SweepDefinition;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file: path, message: code === 'ENOENT' ? 'not a sweep directory (no sweep.json)' : `cannot read the sweep definition (${code ?? (err as Error).message})`, fix: 'give the --out directory of `llmcap sweep` (each shard\'s, or the shared one)' });
  }
  if (parsed?.format !== SWEEP_FORMAT || !Array.isArray(parsed.variants)) {
    throw new InputError({ file: path, message: `not a sweep definition of this llmcap (format ${String(parsed?.format)})`, fix: 'rerun the sweep with this version of llmcap' });
  }
  return parsed;
}

export interface FinishedVariant extends SweepRow {
  readonly timing?: VariantTiming;
}

/** A variant's result from its sealed directory, if it is complete and made from the same inputs. */
export async function readFinished(outDir: string, entry: SweepVariantEntry): Promise<FinishedVariant | undefined> {
  const dir = variantDir(outDir, entry.id);
  if (!(await readSealed(dir, { key: entry.key }))) return undefined;
  const result = JSON.parse(await readFile(join(dir, VARIANT_FILES.result), 'utf8')) as VariantResult;
  let timing: VariantTiming | undefined;
  try {
    timing = JSON.parse(await readFile(join(dir, VARIANT_FILES.timing), 'utf8')) as VariantTiming;
  } catch {
    timing = undefined;
  }
  return { entry, result, ...(timing ? { timing } : {}) };
}

export interface Collected {
  readonly rows: readonly FinishedVariant[];
  readonly missing: readonly SweepVariantEntry[];
}

/**
 * Every variant's result, in variant order, from the first directory holding it finished; `extra`
 * supplies results of this run that are not kept (crashed variants), so they still get a row.
 */
export async function collectVariants(definition: SweepDefinition, dirs: readonly string[], extra: ReadonlyMap<string, FinishedVariant> = new Map()): Promise<Collected> {
  const rows: FinishedVariant[] = [];
  const missing: SweepVariantEntry[] = [];
  for (const entry of definition.variants) {
    let found: FinishedVariant | undefined;
    for (const dir of dirs) {
      found = await readFinished(dir, entry);
      if (found) break;
    }
    found ??= extra.get(entry.id);
    if (found) rows.push(found);
    else missing.push(entry);
  }
  return { rows, missing };
}

export interface WriteTablesOptions {
  /** Also write sweep.parquet (default true). */
  readonly parquet?: boolean;
}

/** sweep.json, sweep.arrow, sweep.csv, sweep.parquet, timings.csv and report.html, atomically together. */
export async function writeSweepTables(outDir: string, definition: SweepDefinition, rows: readonly FinishedVariant[], options: WriteTablesOptions = {}): Promise<string[]> {
  const arrow = toSweepArrow(definition, rows);
  const files: OutputFile[] = [
    { path: join(outDir, SWEEP_JSON), data: definitionJson(definition) },
    { path: join(outDir, SWEEP_FILES.arrow), data: arrow },
    { path: join(outDir, SWEEP_FILES.csv), data: toSweepCsv(definition, rows) },
    ...(options.parquet === false ? [] : [{ path: join(outDir, SWEEP_FILES.parquet), data: await toSweepParquet(arrow) }]),
    { path: join(outDir, SWEEP_FILES.timings), data: toTimingsCsv(rows.map((r) => ({ id: r.entry.id, status: r.result.status, ...(r.timing ? { timing: r.timing } : {}) }))) },
    // vega is loaded only here, when the sweep is complete.
    { path: join(outDir, SWEEP_FILES.report), data: await (await import('../report/html/toSweepReportHtml.js')).toSweepReportHtml(definition, rows) },
  ];
  await writeFilesAtomically(files);
  return files.map((f) => f.path);
}

export function definitionJson(definition: SweepDefinition): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}

/** `llmcap sweep merge`: the sweep's tables from shard directories (or one shared directory). */
export async function mergeSweep(dirs: readonly string[], outDir: string, options: WriteTablesOptions = {}): Promise<{ definition: SweepDefinition; rows: readonly FinishedVariant[]; files: string[] }> {
  if (dirs.length === 0) throw new InputError({ field: 'DIR', message: 'no directory to merge', fix: 'give the --out directories of the shards' });
  const definitions = await Promise.all(dirs.map(readDefinition));
  const first = definitions[0] as SweepDefinition;
  const other = definitions.findIndex((d) => d.sweepId !== first.sweepId);
  if (other >= 0) {
    throw new InputError({ file: join(dirs[other] as string, SWEEP_JSON), message: `belongs to another sweep than ${join(dirs[0] as string, SWEEP_JSON)} (other scenario, grid, options or llmcap version)`, fix: 'merge only the shards of one sweep command' });
  }
  const { rows, missing } = await collectVariants(first, dirs);
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).map((m) => m.id).join(', ');
    throw new InputError({ field: 'DIR', message: `${missing.length} of ${first.variants.length} variants have no finished output in ${dirs.join(', ')}: ${shown}${missing.length > 8 ? ', …' : ''}`, fix: 'run the shards that hold them (rerunning a shard resumes it), then merge again' });
  }
  return { definition: first, rows, files: await writeSweepTables(outDir, first, rows, options) };
}
