/**
 * `llmcap profiles fit` and `llmcap profiles measure-plan`: read benchmark results (and their sidecar
 * meta and power files), call the pure importers, fit and script generator of src/calibration, print,
 * and write the fitted preset and its profile table atomically.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Table from 'cli-table3';
import { gpuIds, modelIds, PRECISIONS, resolveGpuId, resolveModelId, type GpuId, type ModelId, type Precision } from '../../catalog/index.js';
import { InputError } from '../../core/errors.js';
import {
  describeRun, describeUnpinned, ENGINE_BASE, ENGINES, fitPreset, fittedPreset, fittedProfileTable, fmtValue, importBenchText,
  designMeasurePlan, meanPowerFromCsv, measurePlanRuns, measurePlanScript, powerLogName, runMetaFromText, runsThatPin, sidecarName, stepModelWith,
  type BenchRun, type Engine, type FitResult, type RunMeta,
} from '../../calibration/index.js';
import { FIT_KEYS, isStackId, STACK_IDS, toProfileCsv, type FitKey, type StackId } from '../../profiles/index.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { checkOutputDir } from '../outputPaths.js';
import { PROFILES_FIT_JSON, PROFILES_MEASURE_PLAN_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface ProfilesFitOptions {
  readonly preset: string;
  readonly out?: string;
  readonly name?: string;
  readonly fix?: readonly string[];
  readonly model?: string;
  readonly gpu?: string;
  readonly tp?: number;
  readonly clock?: number;
  readonly precision?: string;
  readonly json?: boolean;
}

export interface MeasurePlanOptions {
  readonly model: string;
  readonly gpu: string;
  readonly engine?: string;
  readonly precision?: string;
  readonly repeats?: number;
  readonly json?: boolean;
}

const write = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const pct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %` : '—');
const UNITS = { latency: 'ms', ttft: 'ms', itl: 'ms', power: 'W/GPU' } as const;

export async function runProfilesFit(paths: readonly string[], options: ProfilesFitOptions): Promise<ExitCode> {
  if (!isStackId(options.preset)) throw new InputError({ field: '--preset', message: `'${options.preset}' is not a built-in preset`, fix: `use one of ${STACK_IDS.join(', ')}` });
  const base: StackId = options.preset;
  const fixed = (options.fix ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  for (const f of fixed) {
    if (!(FIT_KEYS as readonly string[]).includes(f)) throw new InputError({ field: '--fix', message: `'${f}' is not a parameter the fit moves`, fix: `use one of ${FIT_KEYS.join(', ')}` });
  }
  const outDir = options.out ?? 'calibrated';
  checkOutputDir(outDir, { flag: '--out', inputs: [...paths] });
  const files = await benchFiles(paths);
  const flags: RunMeta = {
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.gpu !== undefined ? { gpu: options.gpu } : {}),
    ...(options.tp !== undefined ? { tp: options.tp } : {}),
    ...(options.clock !== undefined ? { clockMHz: options.clock } : {}),
    ...(options.precision !== undefined ? { precision: options.precision } : {}),
  };
  const runs = (await Promise.all(files.map((f) => readRuns(f, flags)))).flat();
  const gpus = [...new Set(runs.map((r) => r.setup.gpu))];
  if (gpus.length > 1) {
    throw new InputError({ field: 'gpu', message: `the runs are on ${gpus.join(' and ')}: a fitted preset describes one GPU type`, fix: 'fit each GPU type on its own runs (one `llmcap profiles fit` per type)' });
  }
  const fit = fitPreset({ base, runs, fixed: fixed as FitKey[] });
  const gpu = fit.gpu;
  const name = options.name ?? `${base}-${gpu}-fitted`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new InputError({ field: '--name', message: `'${name}' is not a file-name-safe name`, fix: 'use letters, digits, dots, dashes and underscores' });
  if (!options.json) printFit(fit, runs.length);
  if (fit.parameters.length === 0) throw new InputError({ field: '--fix', message: 'every parameter is held fixed: nothing to fit', fix: 'drop some --fix parameters' });
  if (fit.unpinned.length > 0) throw refusal(fit, runs);

  const values = Object.fromEntries(fit.parameters.map((p) => [p.key, round(p.value)])) as Partial<Record<FitKey, number>>;
  const record = {
    runs: runs.length,
    measurements: fit.residuals.length,
    rmsLogResidual: round(fit.rms),
    fixed,
    parameters: fit.parameters.map((p) => ({ key: p.key, base: p.base, value: round(p.value), relStdError: round(p.relStdError) })),
    residuals: fit.residuals.map((r) => ({ run: r.observation.run.id, quantity: r.observation.quantity, measured: round(r.observation.measured), model: round(r.model), logResidual: round(r.logResidual) })),
  };
  const preset = fittedPreset(name, base, gpu, values, record);
  const presetPath = join(outDir, `${name}.preset.json`);
  const tablePath = join(outDir, `${name}.profile.csv`);
  const table = fittedProfileTable(name, stepModelWith(base, gpu, values), base, runs);
  await writeFilesAtomically([
    { path: presetPath, data: `${JSON.stringify(preset, null, 2)}\n` },
    { path: tablePath, data: toProfileCsv(table) },
  ]);
  if (options.json) {
    write(JSON.stringify({ ok: true, preset: presetPath, table: tablePath, base, gpu, ...record } satisfies JsonObjectOf<typeof PROFILES_FIT_JSON>));
    return EXIT.ok;
  }
  write(`wrote ${presetPath} (the fitted preset) and ${tablePath} (its profile table, ${table.length} rows)`);
  write(`plan on it: the scenario's hardware lists ${base} in stack and names this file in calibration (its path relative to the scenario file)`);
  return EXIT.ok;
}

const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

function printFit(fit: FitResult, runs: number): void {
  write(`fitted ${fit.base} on ${fit.gpu} to ${runs} runs (${fit.residuals.length} measurements) in ${fit.iterations} iterations`);
  const params = new Table({ head: ['parameter', 'base', 'fitted', '±1 s.e.', 'pinned'], style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, colAligns: ['left', 'right', 'right', 'right', 'left'] });
  for (const p of fit.parameters) params.push([p.key, fmtValue(p.base), fmtValue(p.value), Number.isFinite(p.relStdError) ? `${(p.relStdError * 100).toFixed(1)} %` : '∞', fit.unpinned.includes(p) ? 'NO' : 'yes']);
  write(params.toString());
  write(`residual per measurement, log(model / measured); rms ${(fit.rms * 100).toFixed(1)} %:`);
  const rows = new Table({ head: ['run', 'quantity', 'measured', 'model', 'residual'], style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, colAligns: ['left', 'left', 'right', 'right', 'right'] });
  for (const r of fit.residuals) {
    const unit = UNITS[r.observation.quantity];
    rows.push([r.observation.run.id, r.observation.quantity, `${r.observation.measured.toFixed(2)} ${unit}`, `${r.model.toFixed(2)} ${unit}`, pct(Math.exp(r.logResidual) - 1)]);
  }
  write(rows.toString());
}

/** The fit refused: one problem per loose parameter, each naming runs (from the measure plan) that would pin it. */
function refusal(fit: FitResult, runs: readonly BenchRun[]): InputError {
  const first = runs[0] as BenchRun;
  const candidates: BenchRun[] = measurePlanRuns({ model: first.setup.model, gpu: fit.gpu, engine: 'vllm', precision: first.setup.precision }).map((p) => ({
    id: p.name,
    format: 'vllm-serving',
    setup: p.setup,
    measure: { kind: 'serving', concurrency: p.concurrency, input: p.input, output: p.output, ttftMs: 1, itlMs: 1 },
  }));
  const values = Object.fromEntries(fit.parameters.map((p) => [p.key, p.value])) as Partial<Record<FitKey, number>>;
  return new InputError(
    fit.unpinned.map((q) => {
      const pins = runsThatPin(fit.base, q.key, values, candidates);
      const runsText = pins.length > 0 ? `add runs such as ${pins.map((p) => `[${describeRun(p.run)}]`).join(' and ')} (\`llmcap profiles measure-plan --model ${first.setup.model} --gpu ${fit.gpu}\` writes them)` : 'no serving run moves it on this model and GPU';
      return { field: q.key, message: `the measurements cannot pin it down: ${describeUnpinned(q)}`, fix: `${runsText}; or hold it at ${fit.base}'s value with --fix ${q.key}` };
    }),
  );
}

/** The result files among the paths: files as given, and a folder's *.json / *.jsonl (not the sidecars). */
async function benchFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new InputError({ message: 'no benchmark results given', fix: 'give the result files (or the folder measure-plan\'s script wrote them to)' });
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new InputError({ file: p, message: 'no such file or folder', fix: 'give the path of a benchmark result (.json / .jsonl) or of a folder of them' });
    if (statSync(p).isDirectory()) {
      const names = (await readdir(p)).filter((n) => /\.(json|jsonl)$/.test(n) && !n.endsWith('.meta.json') && !n.endsWith('.preset.json')).sort();
      if (names.length === 0) throw new InputError({ file: p, message: 'the folder holds no .json or .jsonl results', fix: 'give the folder measure-plan\'s script wrote (OUT, default llmcap-runs)' });
      out.push(...names.map((n) => join(p, n)));
    } else if (!p.endsWith('.meta.json')) out.push(p);
  }
  return out;
}

async function readRuns(file: string, flags: RunMeta): Promise<BenchRun[]> {
  const text = await readFile(file, 'utf8');
  const metaPath = sidecarName(file);
  const sidecar = existsSync(metaPath) ? runMetaFromText(await readFile(metaPath, 'utf8'), metaPath) : {};
  const runs = importBenchText(text, shortName(file), { ...flags, ...sidecar });
  const powerPath = powerLogName(file);
  if (!existsSync(powerPath)) return runs;
  // One power log per file: it describes the run only when the file holds one.
  if (runs.length !== 1) return runs;
  const powerPerGpuW = meanPowerFromCsv(await readFile(powerPath, 'utf8'), powerPath);
  return runs.map((r) => ({ ...r, powerPerGpuW }));
}

const shortName = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

export function runMeasurePlan(options: MeasurePlanOptions): ExitCode {
  const model = resolveModelId(options.model);
  if (!model) throw new InputError({ field: '--model', message: `unknown model '${options.model}'`, fix: `use one of ${modelIds.join(', ')}` });
  const gpu = resolveGpuId(options.gpu);
  if (!gpu) throw new InputError({ field: '--gpu', message: `unknown GPU type '${options.gpu}'`, fix: `use one of ${gpuIds.join(', ')}` });
  const engine = (options.engine ?? 'vllm') as Engine;
  if (!ENGINES.includes(engine)) throw new InputError({ field: '--engine', message: `'${options.engine}' is not an engine measure-plan scripts`, fix: `use one of ${ENGINES.join(', ')}` });
  const precision = (options.precision === 'fp16' ? 'bf16' : (options.precision ?? 'bf16')) as Precision;
  if (!PRECISIONS.includes(precision)) throw new InputError({ field: '--precision', message: `'${options.precision}' is not a precision`, fix: `use one of ${PRECISIONS.join(', ')}` });
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20) throw new InputError({ field: '--repeats', message: `${repeats} is not a whole number from 1 to 20`, fix: 'give how many times to run each configuration, e.g. 4' });
  const plan = { model: model as ModelId, gpu: gpu as GpuId, engine, precision, repeats };
  let design;
  try {
    design = designMeasurePlan(plan);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new InputError({ field: '--gpu', message: err.message, fix: 'choose a GPU type with more memory per server' });
  }
  const command = `llmcap profiles measure-plan --model ${model} --gpu ${gpu} --engine ${engine} --precision ${precision} --repeats ${repeats}`;
  const script = measurePlanScript(plan, design, command);
  if (options.json) {
    write(JSON.stringify({ ok: true, base: ENGINE_BASE[engine], repeats: design.repeats, fixed: design.fixed, expected: design.expected, runs: design.runs, script } satisfies JsonObjectOf<typeof PROFILES_MEASURE_PLAN_JSON>));
    return EXIT.ok;
  }
  write(script);
  return EXIT.ok;
}

