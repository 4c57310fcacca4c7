/**
 * `llmcap profiles list|show|plot|generate|import|check`: read tables (profiles/), call the pure
 * functions of src/profiles, print or write atomically.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Table from 'cli-table3';
import { getGpu, getModel, gpuIds, modelIds, resolveGpuId, resolveModelId, suggestGpuIds, suggestModelIds, type GpuId, type ModelId } from '../../catalog/index.js';
import { InputError } from '../../core/errors.js';
import {
  builtInProfilesDir, builtInTableFiles, comparePerfModel, fromProfileFile, fromSplitwisePerfModel, fromVidurProfiles,
  profileCurves, profileRows, profileTableFromRows, readProfileTables, readSplitwisePerfModel, runCheckPoints,
  sortProfileRows, stepModelFromTables, summarizeTables, tableClocksMHz, toProfileCsv, toProfilePlotSvg, toleranceText,
  type ImportResult, type LoadedProfileTable, type ProfilePhase, type ProfileRow,
} from '../../profiles/index.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { presetResiduals, type PointResidual } from '../../calibration/index.js';
import { PRESETS, STACK_IDS } from '../../profiles/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { checkOutputDir, checkOutputFile } from '../outputPaths.js';
import { PROFILES_LIST_JSON, PROFILES_SHOW_JSON, PROFILES_PLOT_JSON, PROFILES_GENERATE_JSON, PROFILES_IMPORT_JSON, PROFILES_CHECK_JSON, type JsonObjectOf } from '../jsonOutputs.js';

interface TableSelection {
  /** Imported tables (contract CSV or Arrow) that override the built-in ones. */
  readonly profiles?: readonly string[];
  /** Folder of built-in tables (default: the package's profiles/). */
  readonly dir?: string;
}

export interface ProfilesListOptions extends TableSelection { readonly json?: boolean }
export interface ProfilesShowOptions extends TableSelection {
  readonly model: string;
  readonly gpu: string;
  readonly tp: number;
  readonly clock?: number;
  readonly phase?: string;
  readonly json?: boolean;
}
export interface ProfilesPlotOptions extends TableSelection { readonly model: string; readonly gpu: string; readonly tp: number; readonly out: string; readonly json?: boolean }
export interface ProfilesGenerateOptions { readonly out?: string; readonly json?: boolean }
export interface ProfilesImportOptions { readonly format: 'generic' | 'splitwise' | 'vidur'; readonly out?: string; readonly model?: string; readonly gpu?: string; readonly json?: boolean }
export interface ProfilesCheckOptions { readonly perfModel?: string; readonly json?: boolean }

/** SplitwiseSim's measurements, where the team keeps them next to the repository. */
export const DEFAULT_PERF_MODEL = '../shared/reference/splitwise-sim/perf_model.csv';
/** Median |error| over perf_model.csv the calibration must stay within (profiles/README.md). */
const PERF_MODEL_MEDIAN_LIMIT = 0.15;

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const pct = (v: number | undefined) => (v === undefined ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`);
const write = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const json = (value: unknown) => write(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));

/** `align`: one letter per column, l or r (default: first column left, the rest right). */
function table(head: string[], rows: (string | number)[][], align = 'l'): string {
  const t = new Table({
    head,
    style: { head: [], border: [] },
    // No rule between body rows: the tables run to hundreds of rows.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((_, i) => ((align[i] ?? 'r') === 'l' ? 'left' : 'right')),
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

function modelOption(name: string): ModelId {
  const id = resolveModelId(name);
  if (!id) throw new InputError({ field: '--model', message: `unknown model '${name}'`, fix: `use one of ${modelIds.join(', ')}${suggestModelIds(name)[0] ? ` (did you mean '${suggestModelIds(name)[0]}'?)` : ''}` });
  return id;
}

function gpuOption(name: string): GpuId {
  const id = resolveGpuId(name);
  if (!id) throw new InputError({ field: '--gpu', message: `unknown GPU type '${name}'`, fix: `use one of ${gpuIds.join(', ')}${suggestGpuIds(name)[0] ? ` (did you mean '${suggestGpuIds(name)[0]}'?)` : ''}` });
  return id;
}

function tpOption(tp: number): number {
  if (!Number.isInteger(tp)) throw new InputError({ field: '--tp', message: `${tp} is not a whole number of GPUs`, fix: 'give a TP degree such as 1, 2, 4 or 8' });
  return tp;
}

function phaseOption(name: string | undefined): ProfilePhase | undefined {
  if (name === undefined) return undefined;
  if (name === 'prefill' || name === 'decode') return name;
  throw new InputError({ field: '--phase', message: `unknown phase '${name}'`, fix: "use 'prefill' or 'decode'" });
}

async function readTables(o: TableSelection): Promise<LoadedProfileTable[]> {
  return readProfileTables({ importPaths: o.profiles ?? [], ...(o.dir !== undefined ? { builtInDir: o.dir } : {}) });
}

/** The rows of one (model, GPU, TP, phase) from the table that answers for it: the last import that has any, else the built-in table. */
function answeringRows(tables: readonly LoadedProfileTable[], model: ModelId, gpu: GpuId, tp: number, phase: ProfilePhase): ProfileRow[] {
  const ordered = [...tables.filter((t) => t.kind === 'imported').reverse(), ...tables.filter((t) => t.kind === 'built-in')];
  for (const t of ordered) {
    const rows = profileRows(t.table).filter((r) => r.model === model && r.gpu === gpu && r.tp === tp && r.phase === phase);
    if (rows.length > 0) return rows;
  }
  return [];
}

export async function runProfilesList(options: ProfilesListOptions): Promise<ExitCode> {
  const summaries = summarizeTables(await readTables(options));
  if (options.json) {
    json({ ok: true, tables: summaries } satisfies JsonObjectOf<typeof PROFILES_LIST_JSON>);
    return EXIT.ok;
  }
  const clocks = (c: readonly number[]) => (c.length === 1 ? `${c[0]}` : `${c[0]}–${c[c.length - 1]} (${c.length})`);
  write(table(
    ['model', 'GPU', 'TP', 'clocks MHz', 'prefill rows', 'decode rows', 'source', 'file'],
    summaries.map((s) => [s.model, s.gpu, s.tp, clocks(s.clocksMHz), s.prefillRows, s.decodeRows, s.sources.map((x) => x.split(';')[0]).filter((x, i, a) => a.indexOf(x) === i).join(', '), s.file]),
    'llrrrrll',
  ));
  return EXIT.ok;
}

export async function runProfilesShow(options: ProfilesShowOptions): Promise<ExitCode> {
  const model = modelOption(options.model);
  const gpu = gpuOption(options.gpu);
  const phaseFilter = phaseOption(options.phase);
  tpOption(options.tp);
  const tables = await readTables(options);
  const steps = stepModelFromTables(tables);
  const base = { model: getModel(model), gpu: getGpu(gpu), tp: options.tp };
  const clockForSource = options.clock ?? getGpu(gpu).clockMHz.max.value;
  const source = steps.sourceOf({ ...base, clockMHz: clockForSource });
  const rows: (ProfileRow & { interpolated?: boolean })[] = [];
  for (const phase of phaseFilter ? [phaseFilter] : (['prefill', 'decode'] as const)) {
    const own = answeringRows(tables, model, gpu, options.tp, phase);
    if (options.clock === undefined) {
      rows.push(...own);
      continue;
    }
    const at = own.filter((r) => r.freqMHz === options.clock);
    if (at.length > 0 || own.length === 0) {
      rows.push(...at);
      continue;
    }
    // Not a table clock: look the table's points up at the asked clock (interpolated, or clamped if outside).
    const clocks = [...new Set(own.map((r) => r.freqMHz))];
    const nearest = clocks.reduce((b, c) => (Math.abs(c - (options.clock as number)) < Math.abs(b - (options.clock as number)) ? c : b));
    for (const r of own.filter((x) => x.freqMHz === nearest)) {
      const cfg = { ...base, clockMHz: options.clock };
      const s = phase === 'prefill' ? steps.prefill(cfg, r.tokens, r.tokens / r.batchSize) : steps.decode(cfg, r.batchSize, r.tokens);
      rows.push({ ...r, freqMHz: options.clock, latencyMs: s.time.totalMs, powerW: s.powerW, source: s.clamped ? `clamped (${s.clamped.join(', ')})` : 'interpolated', interpolated: true });
    }
  }
  if (options.json) {
    json({ ok: true, model, gpu, tp: options.tp, source, rows } satisfies JsonObjectOf<typeof PROFILES_SHOW_JSON>);
    return EXIT.ok;
  }
  write(`${model} on ${gpu}, TP${options.tp}${options.clock !== undefined ? ` at ${options.clock} MHz` : ''}\nsource: ${source}`);
  if (rows.length === 0) {
    write('no table rows for this selection (the source above answers lookups)');
    return EXIT.ok;
  }
  write(table(
    ['phase', 'clock MHz', 'batch', 'tokens', 'latency ms', 'power W', 'note'],
    rows.map((r) => [r.phase, fmt(r.freqMHz, 0), r.batchSize, fmt(r.tokens, 0), fmt(r.latencyMs, 2), fmt(r.powerW, 1), r.interpolated ? r.source : '']),
    'lrrrrrl',
  ));
  return EXIT.ok;
}

export async function runProfilesPlot(options: ProfilesPlotOptions): Promise<ExitCode> {
  const model = modelOption(options.model);
  const gpu = gpuOption(options.gpu);
  tpOption(options.tp);
  checkOutputFile(options.out, { flag: '--out', inputs: options.profiles ?? [] });
  const tables = await readTables(options);
  const steps = stepModelFromTables(tables);
  const base = { model: getModel(model), gpu: getGpu(gpu), tp: options.tp };
  const own = [...answeringRows(tables, model, gpu, options.tp, 'prefill'), ...answeringRows(tables, model, gpu, options.tp, 'decode')];
  const clocks = own.length > 0 ? [...new Set(own.map((r) => r.freqMHz))].sort((a, b) => a - b) : tableClocksMHz(gpu);
  const points = profileCurves(steps, base, clocks);
  const source = steps.sourceOf({ ...base, clockMHz: getGpu(gpu).clockMHz.max.value });
  const svg = await toProfilePlotSvg(`${model} on ${gpu}, TP${options.tp} — latency and power vs SM clock`, points);
  await writeFilesAtomically([{ path: options.out, data: svg }]);
  if (options.json) {
    json({ ok: true, file: options.out, points: points.length, clocksMHz: clocks, source, clamped: points.some((p) => p.clamped) } satisfies JsonObjectOf<typeof PROFILES_PLOT_JSON>);
    return EXIT.ok;
  }
  write(`wrote ${options.out}: ${points.length} points at ${clocks.length} clocks; source: ${source}${points.some((p) => p.clamped) ? '; some points are clamped to the table range' : ''}`);
  return EXIT.ok;
}

export async function runProfilesGenerate(options: ProfilesGenerateOptions): Promise<ExitCode> {
  const outDir = options.out ?? builtInProfilesDir();
  checkOutputDir(outDir, { flag: '--out' });
  const files = builtInTableFiles();
  await writeFilesAtomically(files.map((f) => ({ path: join(outDir, f.name), data: f.data })));
  const totalBytes = files.reduce((s, f) => s + f.data.length, 0);
  if (options.json) {
    json({ ok: true, outDir, files: files.map((f) => ({ name: f.name, model: f.model, rows: f.rows, bytes: f.data.length })), totalBytes } satisfies JsonObjectOf<typeof PROFILES_GENERATE_JSON>);
    return EXIT.ok;
  }
  write(table(['file', 'rows', 'KB'], [...files.map((f) => [f.name, f.rows.toLocaleString('en-US'), fmt(f.data.length / 1024, 0)]), ['total', files.reduce((s, f) => s + f.rows, 0).toLocaleString('en-US'), fmt(totalBytes / 1024, 0)]]));
  write(`wrote ${files.length} built-in tables to ${outDir}`);
  return EXIT.ok;
}

export async function runProfilesImport(files: readonly string[], options: ProfilesImportOptions): Promise<ExitCode> {
  const first = files[0];
  if (first === undefined) throw new InputError({ message: 'no file to import', fix: 'give the file(s) to import' });
  if (options.out !== undefined) checkOutputFile(options.out, { flag: '--out', inputs: files });
  let result: ImportResult;
  let stem: string;
  if (options.format === 'splitwise') {
    if (files.length > 1) throw new InputError({ message: 'the splitwise format takes one file', fix: 'import one perf_model.csv at a time' });
    result = await fromSplitwisePerfModel(first);
    stem = `splitwise-${basename(first).replace(/\.[^.]*$/, '')}`;
  } else if (options.format === 'vidur') {
    result = await fromVidurProfiles(files, { ...(options.model ? { model: options.model } : {}), ...(options.gpu ? { gpu: options.gpu } : {}) });
    stem = `vidur-${result.table.model[0]}-${result.table.gpu[0]}`;
  } else {
    if (files.length > 1) throw new InputError({ message: 'the generic format takes one file', fix: 'import one profile CSV at a time' });
    const t = await fromProfileFile(first);
    result = { table: profileTableFromRows(sortProfileRows(profileRows(t)), first), notes: ['validated against the profile contract; model and GPU names written as catalog ids'] };
    stem = basename(first).replace(/\.(csv|csv\.gz|arrow|arrow\.gz)$/i, '');
  }
  const out = options.out ?? join('profiles', 'imported', `${stem}.csv`);
  await writeFilesAtomically([{ path: out, data: toProfileCsv(result.table) }]);
  const configs = summarizeTables([{ kind: 'imported', origin: out, table: result.table }]);
  if (options.json) {
    json({ ok: true, out: resolve(out), rows: result.table.length, configs, notes: result.notes } satisfies JsonObjectOf<typeof PROFILES_IMPORT_JSON>);
    return EXIT.ok;
  }
  write(`wrote ${out}: ${result.table.length} rows for ${configs.map((c) => `${c.model} ${c.gpu} TP${c.tp}`).join(', ')}`);
  for (const n of result.notes) write(`  note: ${n}`);
  write(`use it with: llmcap profiles show --profiles ${out} --model ${configs[0]?.model} --gpu ${configs[0]?.gpu} --tp ${configs[0]?.tp}`);
  return EXIT.ok;
}

export async function runProfilesCheck(options: ProfilesCheckOptions): Promise<ExitCode> {
  const results = runCheckPoints();
  const perfPath = options.perfModel ?? (existsSync(DEFAULT_PERF_MODEL) ? DEFAULT_PERF_MODEL : undefined);
  if (options.perfModel !== undefined && !existsSync(options.perfModel)) {
    throw new InputError({ file: options.perfModel, field: '--perf-model', message: 'file not found', fix: "give the path of SplitwiseSim's data/perf_model.csv" });
  }
  const perf = perfPath ? comparePerfModel(await readSplitwisePerfModel(perfPath)) : undefined;
  const failed = results.filter((r) => r.status === 'fail');
  const perfOk = perf === undefined || perf.medianAbsLatencyError <= PERF_MODEL_MEDIAN_LIMIT;
  const presets = presetResiduals();
  const presetsFailed = presets.filter((r) => !r.withinTolerance);
  const ok = failed.length === 0 && perfOk && presetsFailed.length === 0;
  if (options.json) {
    json({
      ok,
      presets: STACK_IDS.map((stack) => ({
        stack,
        description: PRESETS[stack].description,
        points: presets.filter((r) => r.point.stack === stack).map((r) => ({ id: r.point.id, what: r.point.what, kind: r.point.kind, role: r.point.role, published: r.point.published, unit: r.point.unit, model: r.model, error: r.error, tolerance: r.tolerance, within: r.withinTolerance, source: r.point.source })),
      })),
      checkPoints: results.map((r) => ({ id: r.point.id, what: r.point.what, published: r.point.published, unit: r.point.unit, model: r.model, error: r.error, tolerance: toleranceText(r.point), status: r.status, source: r.point.source, knownMiss: r.point.knownMiss })),
      perfModel: perf && {
        file: perfPath,
        included: perf.included,
        medianAbsLatencyError: perf.medianAbsLatencyError,
        medianAbsPrefillError: perf.medianAbsPrefillError,
        medianAbsDecodeError: perf.medianAbsDecodeError,
        medianAbsPowerError: perf.medianAbsPowerError,
        limit: PERF_MODEL_MEDIAN_LIMIT,
        rows: perf.rows.map((r) => ({
          model: r.config.model, hardware: r.config.hardware, tp: r.config.tp, prompt: r.config.promptTokens, batch: r.config.batch, output: r.config.outputTokens,
          prefillMs: r.config.promptTimeMs, modelPrefillMs: r.prefillMs, prefillError: r.prefillError,
          decodeMs: r.config.tokenTimeMs, modelDecodeMs: r.decodeMs, decodeError: r.decodeError, averagePowerError: r.averagePowerError, excluded: r.excluded,
        })),
      },
    } satisfies JsonObjectOf<typeof PROFILES_CHECK_JSON>);
    return ok ? EXIT.ok : EXIT.internalError;
  }
  write('Check points (published-figures.md §8.3) against the analytic model');
  write(table(
    ['#', 'check point', 'published', 'model', 'error', 'tolerance', 'status'],
    results.map((r) => [r.point.id, r.point.what, `${fmt(r.point.published, r.point.published < 10 ? 2 : 1)} ${r.point.unit}`, `${fmt(r.model, r.point.published < 10 ? 3 : 1)} ${r.point.unit}`, pct(r.error), toleranceText(r.point), r.status]),
    'llrrrrl',
  ));
  const misses = new Map<string, string[]>();
  for (const r of results.filter((x) => x.status === 'known miss')) misses.set(r.point.knownMiss ?? '', [...(misses.get(r.point.knownMiss ?? '') ?? []), r.point.id]);
  for (const [why, ids] of misses) write(`${ids.join(', ')} known miss: ${why}`);
  if (perf && perfPath) {
    write(`\nSplitwiseSim ${perfPath}: every configuration the catalog covers (medians of repeated runs, max clock)`);
    const c = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
    const included = perf.rows
      .filter((r) => r.excluded === undefined)
      .sort((a, b) => c(a.config.model, b.config.model) || c(a.config.hardware, b.config.hardware) || a.config.tp - b.config.tp || a.config.batch - b.config.batch || a.config.promptTokens - b.config.promptTokens || a.config.outputTokens - b.config.outputTokens);
    write(table(
      ['model', 'GPU', 'TP', 'prompt', 'batch', 'output', 'prefill ms', 'model', 'error', 'decode ms', 'model', 'error', 'avg power error'],
      included.map((r) => [r.config.model, r.config.hardware, r.config.tp, r.config.promptTokens, r.config.batch, r.config.outputTokens, fmt(r.config.promptTimeMs), fmt(r.prefillMs ?? NaN), pct(r.prefillError), fmt(r.config.tokenTimeMs), fmt(r.decodeMs ?? NaN), pct(r.decodeError), pct(r.averagePowerError)]),
      'll',
    ));
    write(`median |error| over ${perf.included} configurations: latency ${pct(perf.medianAbsLatencyError).replace('+', '')} (prefill ${pct(perf.medianAbsPrefillError).replace('+', '')}, decode ${pct(perf.medianAbsDecodeError).replace('+', '')}; limit ${PERF_MODEL_MEDIAN_LIMIT * 100} %); request-average power (A100 rows) ${pct(perf.medianAbsPowerError).replace('+', '')}`);
    const excluded = new Map<string, number>();
    for (const r of perf.rows) if (r.excluded) excluded.set(r.excluded, (excluded.get(r.excluded) ?? 0) + 1);
    for (const [why, n] of excluded) write(`excluded ${n} configuration${n > 1 ? 's' : ''}: ${why}`);
  } else {
    write(`\n(no perf_model.csv: pass --perf-model FILE; default ${DEFAULT_PERF_MODEL} does not exist here)`);
  }
  writePresetResiduals(presets);
  if (!ok) write(`FAILED: ${[...failed.map((r) => r.point.id), ...presetsFailed.map((r) => `${r.point.stack} ${r.point.id}`)].join(', ')}${perfOk ? '' : ' perf_model median above the limit'}`);
  return ok ? EXIT.ok : EXIT.internalError;
}

/** Per engine preset: each calibration point's residual, fitted and held-back points apart (profiles/README.md). */
function writePresetResiduals(residuals: readonly PointResidual[]): void {
  write('\nEngine presets: residuals at their calibration points (fitted within ±20 %, held back within ±30 %)');
  for (const stack of STACK_IDS) {
    const own = residuals.filter((r) => r.point.stack === stack);
    write(`\n${stack}: ${PRESETS[stack].description}`);
    if (own.length === 0) {
      write('  today\'s tables: fitted before presets existed to SplitwiseSim perf_model.csv and the §8.3 check points above (no held-back set)');
      continue;
    }
    for (const role of ['fit', 'held-back'] as const) {
      const rows = own.filter((r) => r.point.role === role);
      const worst = rows.reduce((m, r) => Math.max(m, Math.abs(r.error)), 0);
      write(`${role === 'fit' ? 'fitted' : 'held back'} (${rows.length} points, largest |error| ${pct(worst).replace('+', '')}, tolerance ±${(rows[0]?.tolerance ?? 0) * 100} %)`);
      write(table(
        ['#', 'point', 'published', 'model', 'error', 'status'],
        rows.map((r) => [r.point.id, r.point.what, `${fmt(r.point.published, 1)} ${r.point.unit}`, `${fmt(r.model, 1)} ${r.point.unit}`, pct(r.error), r.withinTolerance ? 'pass' : 'FAIL']),
        'llrrrl',
      ));
    }
  }
}
