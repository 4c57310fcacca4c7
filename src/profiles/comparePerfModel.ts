/**
 * The latency model against every SplitwiseSim perf_model.csv configuration the catalog covers: for
 * each, the prefill (prompt_time) and decode (token_time) errors, and for A100 rows with measured power
 * the error of the request-average power. Synthetic (power-capped) and anomalous configurations are
 * listed with the reason and left out of the medians.
 */
import { getGpu, getModel } from '../catalog/index.js';
import { median, type SplitwiseConfiguration } from './splitwisePerfModel.js';
import { analyticStepModel, type StepModel } from './stepModel.js';

export interface PerfModelRow {
  readonly config: SplitwiseConfiguration;
  /** model / measured − 1; undefined when excluded or not measured. */
  readonly prefillError?: number;
  readonly decodeError?: number;
  readonly averagePowerError?: number;
  readonly prefillMs?: number;
  readonly decodeMs?: number;
  readonly excluded?: string;
}

export interface PerfModelComparison {
  readonly rows: readonly PerfModelRow[];
  /** Median of |error| over the prefill and decode errors of the included rows. */
  readonly medianAbsLatencyError: number;
  readonly medianAbsPrefillError: number;
  readonly medianAbsDecodeError: number;
  readonly medianAbsPowerError: number;
  readonly included: number;
}

export function comparePerfModel(configs: readonly SplitwiseConfiguration[], steps: StepModel = analyticStepModel): PerfModelComparison {
  const rows = configs.map((c): PerfModelRow => {
    if (c.synthetic) return { config: c, excluded: c.synthetic };
    if (c.anomaly) return { config: c, excluded: c.anomaly };
    if (!c.modelId || !c.gpuId) return { config: c, excluded: `${!c.modelId ? `model '${c.model}'` : `hardware '${c.hardware}'`} is not in the catalog` };
    const gpu = getGpu(c.gpuId);
    const cfg = { model: getModel(c.modelId), gpu, tp: c.tp, clockMHz: gpu.clockMHz.max.value };
    const pre = steps.prefill(cfg, c.promptTokens * c.batch, c.promptTokens);
    const dec = steps.decode(cfg, c.batch, c.promptTokens + c.outputTokens / 2);
    let averagePowerError: number | undefined;
    if (c.averagePowerFraction !== undefined) {
      // The request's mean power: one prefill, then output − 1 decode steps, per GPU as a share of TDP.
      const decodeMs = dec.time.totalMs * (c.outputTokens - 1);
      const energy = pre.powerW * pre.time.totalMs + dec.powerW * decodeMs;
      const modelFraction = energy / (pre.time.totalMs + decodeMs) / (c.tp * gpu.tdpW.value);
      averagePowerError = modelFraction / c.averagePowerFraction - 1;
    }
    return {
      config: c,
      prefillMs: pre.time.totalMs,
      decodeMs: dec.time.totalMs,
      prefillError: pre.time.totalMs / c.promptTimeMs - 1,
      decodeError: dec.time.totalMs / c.tokenTimeMs - 1,
      ...(averagePowerError !== undefined ? { averagePowerError } : {}),
    };
  });
  const abs = (f: (r: PerfModelRow) => number | undefined) => rows.flatMap((r) => { const v = f(r); return v === undefined ? [] : [Math.abs(v)]; });
  const prefill = abs((r) => r.prefillError);
  const decode = abs((r) => r.decodeError);
  return {
    rows,
    medianAbsLatencyError: median([...prefill, ...decode]),
    medianAbsPrefillError: median(prefill),
    medianAbsDecodeError: median(decode),
    medianAbsPowerError: median(abs((r) => r.averagePowerError)),
    included: prefill.length,
  };
}
