/**
 * The built-in tables: the analytic model evaluated on the generator grid, one table per model.
 * Pure and deterministic (same catalog and parameters → same rows in the same order).
 */
import { gzipSync } from 'node:zlib';
import { getGpu, getModel, gpuIds, modelIds, type GpuId, type ModelId } from '../catalog/index.js';
import { decodeStep, prefillStep, type ConfigPoint } from './analyticModel.js';
import { profileTableFromRows, type ProfileRow, type ProfileTable } from './profileTable.js';
import { toProfileArrow } from './toProfileArrow.js';
import { DECODE_BATCHES, DECODE_CONTEXTS, TABLE_TP_DEGREES, fitsUsefully, prefillPoints, tableClocksMHz } from './tableGrid.js';

export const GENERATED_SOURCE = 'analytic';

/** The (GPU, TP) pairs a model gets a built-in table for. */
export function tableConfigs(modelId: ModelId): { gpu: GpuId; tp: number }[] {
  const model = getModel(modelId);
  return gpuIds.flatMap((gpu) => TABLE_TP_DEGREES.filter((tp) => fitsUsefully(model, getGpu(gpu), tp)).map((tp) => ({ gpu, tp })));
}

export function generateModelTable(modelId: ModelId, origin = `generated ${modelId}`): ProfileTable {
  const model = getModel(modelId);
  const rows: ProfileRow[] = [];
  const prefill = prefillPoints();
  for (const { gpu: gpuId, tp } of tableConfigs(modelId)) {
    const gpu = getGpu(gpuId);
    const clocks = tableClocksMHz(gpuId);
    const base = { model: modelId, gpu: gpuId, tp, source: GENERATED_SOURCE } as const;
    for (const freqMHz of clocks) {
      const cfg: ConfigPoint = { model, gpu, tp, clockMHz: freqMHz };
      for (const { batch, tokens } of prefill) {
        const s = prefillStep(cfg, tokens, tokens / batch);
        rows.push({ ...base, freqMHz, phase: 'prefill', batchSize: batch, tokens, latencyMs: s.time.totalMs, powerW: s.powerW });
      }
    }
    for (const freqMHz of clocks) {
      const cfg: ConfigPoint = { model, gpu, tp, clockMHz: freqMHz };
      for (const batch of DECODE_BATCHES) {
        for (const context of DECODE_CONTEXTS) {
          const s = decodeStep(cfg, batch, context);
          rows.push({ ...base, freqMHz, phase: 'decode', batchSize: batch, tokens: context, latencyMs: s.time.totalMs, powerW: s.powerW });
        }
      }
    }
  }
  return profileTableFromRows(rows, origin);
}

export interface BuiltInTableFile {
  /** File name inside the built-in folder, e.g. 'Llama-2-70B.arrow.gz'. */
  readonly name: string;
  readonly model: ModelId;
  readonly rows: number;
  readonly data: Uint8Array;
}

/**
 * Every model's built-in table as gzip-compressed Arrow IPC bytes. zlib output depends only on the input
 * and the level (the gzip header carries no timestamp), so reruns are byte-identical.
 */
export function builtInTableFiles(models: readonly ModelId[] = modelIds): BuiltInTableFile[] {
  return models.map((model) => {
    const table = generateModelTable(model, `profiles/${model}.arrow.gz`);
    return { name: `${model}.arrow.gz`, model, rows: table.length, data: gzipSync(toProfileArrow(table), { level: 9 }) };
  });
}
