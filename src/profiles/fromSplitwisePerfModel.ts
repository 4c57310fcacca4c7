/**
 * Importer for SplitwiseSim's perf_model.csv (profiles/README.md "Importers"). Each measured
 * configuration (prompt size, batch, output length; 5 repeats, median) gives one prefill row (batch
 * prompts of prompt_size tokens, prompt_time) and one decode row (batch sequences at mean context
 * prompt + output/2, token_time). Rows that map to the same point (the anchor configuration belongs
 * to all three sweeps) are merged by their median.
 */
import { getGpu, getModel, type GpuId, type ModelId } from '../catalog/index.js';
import { InputError } from '../core/errors.js';
import { decodeStep, prefillStep } from './analyticModel.js';
import type { ProfilePhase } from './profileColumns.js';
import { profileTableFromRows, sortProfileRows, type ProfileRow, type ProfileTable } from './profileTable.js';
import { median, readSplitwisePerfModel, type SplitwiseConfiguration } from './splitwisePerfModel.js';

export interface ImportResult {
  readonly table: ProfileTable;
  /** What was skipped, approximated or taken from elsewhere, for the user to read. */
  readonly notes: readonly string[];
}

const SOURCE = 'SplitwiseSim perf_model.csv';

export async function fromSplitwisePerfModel(path: string): Promise<ImportResult> {
  const configs = await readSplitwisePerfModel(path);
  const { rows, notes } = splitwiseProfileRows(configs);
  if (rows.length === 0) {
    throw new InputError({ file: path, message: 'no row describes a catalog model on a catalog GPU', fix: `check the model and hardware columns; ${notes.join(' ')}` });
  }
  return { table: profileTableFromRows(sortProfileRows(rows), path), notes };
}

interface Point {
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly phase: ProfilePhase;
  readonly batchSize: number;
  readonly tokens: number;
  readonly tokensPerPrompt: number;
  readonly latencies: number[];
  readonly powerFractions: number[];
}

export function splitwiseProfileRows(configs: readonly SplitwiseConfiguration[]): { rows: ProfileRow[]; notes: string[] } {
  const notes: string[] = [];
  const skipped = new Map<string, { rows: number; why: string }>();
  const skip = (c: SplitwiseConfiguration, label: string, why: string) => {
    const s = skipped.get(label) ?? { rows: 0, why };
    s.rows += c.lines.length;
    skipped.set(label, s);
  };
  const points = new Map<string, Point>();
  const point = (c: SplitwiseConfiguration, phase: ProfilePhase, batchSize: number, tokens: number, tokensPerPrompt: number): Point => {
    const key = `${c.modelId}|${c.gpuId}|${c.tp}|${phase}|${batchSize}|${tokens}`;
    let p = points.get(key);
    if (!p) points.set(key, (p = { model: c.modelId as ModelId, gpu: c.gpuId as GpuId, tp: c.tp, phase, batchSize, tokens, tokensPerPrompt, latencies: [], powerFractions: [] }));
    return p;
  };
  for (const c of configs) {
    if (c.synthetic) {
      skip(c, c.hardware, `${c.synthetic}; profile tables have no power-cap dimension: llmcap models a cap by lowering the clock until the power fits (ConfigPoint.powerCapW)`);
      continue;
    }
    if (!c.modelId || !c.gpuId) {
      skip(c, `${c.model} on ${c.hardware}`, `${!c.modelId ? `model '${c.model}'` : `hardware '${c.hardware}'`} is not in the catalog`);
      continue;
    }
    if (c.anomaly) {
      notes.push(`skipped lines ${c.lines[0]}–${c.lines[c.lines.length - 1]} (${c.model} ${c.hardware} TP${c.tp} prompt ${c.promptTokens} batch ${c.batch}): ${c.anomaly}`);
      continue;
    }
    const pre = point(c, 'prefill', c.batch, c.promptTokens * c.batch, c.promptTokens);
    pre.latencies.push(c.promptTimeMs);
    if (c.peakPowerFraction !== undefined) pre.powerFractions.push(c.peakPowerFraction);
    const dec = point(c, 'decode', c.batch, c.promptTokens + c.outputTokens / 2, c.promptTokens);
    dec.latencies.push(c.tokenTimeMs);
    const decodeFraction = decodePowerFraction(c);
    if (decodeFraction !== undefined) dec.powerFractions.push(decodeFraction);
  }
  for (const [label, s] of skipped) notes.push(`skipped ${s.rows} rows of ${label}: ${s.why}`);

  let measured = 0;
  let analytic = 0;
  const rows = [...points.values()].map((p): ProfileRow => {
    const gpu = getGpu(p.gpu);
    const freqMHz = gpu.clockMHz.max.value;
    const cfg = { model: getModel(p.model), gpu, tp: p.tp, clockMHz: freqMHz };
    let powerW: number;
    let powerNote: string;
    if (p.powerFractions.length > 0) {
      powerW = median(p.powerFractions) * gpu.tdpW.value * p.tp;
      powerNote = p.phase === 'prefill' ? 'power measured (peak_power × TDP)' : 'power measured (average_power × TDP, prefill share removed)';
      measured++;
    } else {
      const s = p.phase === 'prefill' ? prefillStep(cfg, p.tokens, p.tokensPerPrompt) : decodeStep(cfg, p.batchSize, p.tokens);
      powerW = s.powerW;
      powerNote = 'power: analytic model (not measured)';
      analytic++;
    }
    return {
      model: p.model, gpu: p.gpu, tp: p.tp, freqMHz, phase: p.phase, batchSize: p.batchSize, tokens: p.tokens,
      latencyMs: median(p.latencies), powerW, source: `${SOURCE}; median of repeated runs; ${powerNote}`,
    };
  });
  if (rows.length > 0) {
    notes.push(`power: measured for ${measured} rows (A100: peak_power for prefill, average_power less the prefill share for decode; fractions of the 400 W TDP per GPU), from the analytic model for ${analytic} rows where the file has 0 (= not measured)`);
    notes.push("clock: every row is recorded at its GPU's maximum SM clock (SplitwiseSim does not lock clocks; GPUs boost to the maximum under load); at other clocks lookups use the built-in tables, and sourceOf says so");
  }
  return { rows, notes };
}

/**
 * Decode power per GPU as a fraction of TDP. average_power is the mean over the whole request
 * (prefill, then output − 1 decode steps); taking the prefill's share out (at its peak power, the best
 * figure there is) leaves the decode average: (avg·e2e − peak·t_prefill) / (e2e − t_prefill).
 */
function decodePowerFraction(c: SplitwiseConfiguration): number | undefined {
  const avg = c.averagePowerFraction;
  if (avg === undefined) return undefined;
  const peak = c.peakPowerFraction;
  const decodeMs = c.e2eTimeMs - c.promptTimeMs;
  if (peak === undefined || decodeMs <= 0) return avg;
  const f = (avg * c.e2eTimeMs - peak * c.promptTimeMs) / decodeMs;
  return f > 0 ? f : avg;
}
