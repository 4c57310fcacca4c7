/**
 * SplitwiseSim's perf_model.csv (published-figures.md §4.4), read into one record per measured
 * configuration: the median of its repeated runs, its catalog ids where llmcap knows them, and flags
 * for rows that are not measurements (the power-capped H100 rows) or look broken (time falling with
 * batch). Shared by the importer and `llmcap profiles check`.
 */
import * as aq from 'arquero';
import { resolveGpuId, resolveModelId, type GpuId, type ModelId } from '../catalog/index.js';
import { InputError, type InputProblem } from '../core/errors.js';

export const SPLITWISE_COLUMNS = [
  'model', 'hardware', 'prompt_size', 'batch_size', 'token_size', 'peak_power', 'average_power',
  'prompt_time', 'token_time', 'e2e_time', 'tensor_parallel',
] as const;

/** A prefill that gets this much faster when the batch grows was not a normal run (TP2 batch 64 rows). */
const ANOMALY_DROP = 0.2;

export interface SplitwiseConfiguration {
  readonly model: string;
  readonly hardware: string;
  readonly modelId?: ModelId;
  readonly gpuId?: GpuId;
  readonly tp: number;
  readonly promptTokens: number;
  readonly batch: number;
  readonly outputTokens: number;
  /** File lines of the repeated runs (1-based, header = line 1). */
  readonly lines: readonly number[];
  readonly promptTimeMs: number;
  readonly tokenTimeMs: number;
  readonly e2eTimeMs: number;
  /** Per-GPU power as a fraction of TDP; undefined where every run has 0 (= not measured). */
  readonly peakPowerFraction?: number;
  readonly averagePowerFraction?: number;
  /** Why the rows are not a measurement of a catalog GPU, e.g. the synthetic power-capped H100. */
  readonly synthetic?: string;
  /** Why the rows look broken. */
  readonly anomaly?: string;
}

export async function readSplitwisePerfModel(path: string): Promise<SplitwiseConfiguration[]> {
  let table: aq.ColumnTable;
  try {
    table = await aq.loadCSV(path, { autoType: false });
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read SplitwiseSim perf_model.csv (${(err as Error).message})`, fix: 'check the path' });
  }
  return splitwiseConfigurations(table, path);
}

export function splitwiseConfigurations(table: aq.ColumnTable, file: string): SplitwiseConfiguration[] {
  const names = new Set(table.columnNames());
  const missing = SPLITWISE_COLUMNS.filter((c) => !names.has(c));
  if (missing.length > 0) {
    throw new InputError({ file, line: 1, message: `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}`, fix: `SplitwiseSim's perf_model.csv has the columns ${SPLITWISE_COLUMNS.join(',')}` });
  }
  // Materialize each column once: table.array() copies, and the loop below reads every cell.
  const columns = new Map(SPLITWISE_COLUMNS.map((c) => [c as string, table.array(c) as ArrayLike<unknown>]));
  const col = (c: string) => columns.get(c) as ArrayLike<unknown>;
  const problems: InputProblem[] = [];
  const num = (c: string, i: number, allowZero: boolean): number => {
    const raw = col(c)[i];
    const v = Number(raw === null || raw === undefined || String(raw).trim() === '' ? NaN : raw);
    if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      if (problems.length < 20) problems.push({ file, line: i + 2, field: `column ${c}`, message: `'${String(raw)}' is not a ${allowZero ? 'non-negative' : 'positive'} finite number`, fix: 'fix or delete the row' });
    }
    return v;
  };
  const groups = new Map<string, { model: string; hardware: string; tp: number; prompt: number; batch: number; output: number; lines: number[]; prompt_time: number[]; token_time: number[]; e2e: number[]; peak: number[]; avg: number[] }>();
  for (let i = 0; i < table.numRows(); i++) {
    const model = String(col('model')[i] ?? '').trim();
    const hardware = String(col('hardware')[i] ?? '').trim();
    if (model === '' && hardware === '') continue;
    const tp = num('tensor_parallel', i, false);
    const prompt = num('prompt_size', i, false);
    const batch = num('batch_size', i, false);
    const output = num('token_size', i, false);
    const key = `${model}|${hardware}|${tp}|${prompt}|${batch}|${output}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { model, hardware, tp, prompt, batch, output, lines: [], prompt_time: [], token_time: [], e2e: [], peak: [], avg: [] }));
    g.lines.push(i + 2);
    g.prompt_time.push(num('prompt_time', i, false));
    g.token_time.push(num('token_time', i, false));
    g.e2e.push(num('e2e_time', i, false));
    // 0 means "not measured" (only A100 rows carry power, published-figures.md §4.4).
    const peak = num('peak_power', i, true);
    const avg = num('average_power', i, true);
    if (peak > 0) g.peak.push(peak);
    if (avg > 0) g.avg.push(avg);
  }
  if (problems.length > 0) throw new InputError(problems);
  const configs: SplitwiseConfiguration[] = [...groups.values()].map((g) => {
    const synthetic = /-pcap$/i.test(g.hardware)
      ? 'power-capped H100 rows are synthetic: H100 prompt_time × 1.3 and unchanged token_time, SplitwiseSim\'s model of a 70 % cap (published-figures.md §4.4)'
      : undefined;
    return {
      model: g.model,
      hardware: g.hardware,
      modelId: resolveModelId(g.model),
      gpuId: synthetic ? undefined : resolveGpuId(g.hardware),
      tp: g.tp,
      promptTokens: g.prompt,
      batch: g.batch,
      outputTokens: g.output,
      lines: g.lines,
      promptTimeMs: median(g.prompt_time),
      tokenTimeMs: median(g.token_time),
      e2eTimeMs: median(g.e2e),
      ...(g.peak.length > 0 ? { peakPowerFraction: median(g.peak) } : {}),
      ...(g.avg.length > 0 ? { averagePowerFraction: median(g.avg) } : {}),
      ...(synthetic ? { synthetic } : {}),
    };
  });
  return flagAnomalies(configs);
}

/** Within one batch sweep (same model, hardware, TP, prompt and output), time must not fall as the batch grows. */
function flagAnomalies(configs: SplitwiseConfiguration[]): SplitwiseConfiguration[] {
  const sweeps = new Map<string, SplitwiseConfiguration[]>();
  for (const c of configs) {
    const key = `${c.model}|${c.hardware}|${c.tp}|${c.promptTokens}|${c.outputTokens}`;
    sweeps.set(key, [...(sweeps.get(key) ?? []), c]);
  }
  const anomalies = new Map<SplitwiseConfiguration, string>();
  for (const sweep of sweeps.values()) {
    const byBatch = [...sweep].sort((a, b) => a.batch - b.batch);
    let slowest: SplitwiseConfiguration | undefined;
    for (const c of byBatch) {
      if (slowest && c.promptTimeMs < (1 - ANOMALY_DROP) * slowest.promptTimeMs) {
        anomalies.set(c, `prefill time ${c.promptTimeMs.toFixed(0)} ms at batch ${c.batch} is below ${slowest.promptTimeMs.toFixed(0)} ms at batch ${slowest.batch}: likely a failed or out-of-memory run (published-figures.md §4.4 marks these rows anomalous)`);
        continue;
      }
      if (!slowest || c.promptTimeMs > slowest.promptTimeMs) slowest = c;
    }
  }
  return configs.map((c) => {
    const anomaly = anomalies.get(c);
    return anomaly ? { ...c, anomaly } : c;
  });
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
