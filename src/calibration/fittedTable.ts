/**
 * The profile table of a fitted preset: its step model evaluated on the built-in tables' grid for the
 * (model, GPU, TP) configurations the runs measured, so `llmcap profiles show/plot --profiles` can put
 * the fitted speeds beside the built-in ones. Pure and deterministic.
 */
import { getGpu, getModel, type ModelId } from '../catalog/index.js';
import {
  DECODE_BATCHES, DECODE_CONTEXTS, prefillPoints, profileTableFromRows, tableClocksMHz,
  type ConfigPoint, type ProfileRow, type ProfileTable, type StepModel,
} from '../profiles/index.js';
import type { BenchRun } from './benchRun.js';

export function fittedProfileTable(name: string, steps: StepModel, base: ConfigPoint['stack'], runs: readonly BenchRun[]): ProfileTable {
  const configs = [...new Map(runs.map((r) => [`${r.setup.model}|${r.setup.tp}|${r.setup.precision}`, r.setup])).values()]
    .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.tp - b.tp));
  const rows: ProfileRow[] = [];
  for (const setup of configs) {
    const gpu = getGpu(setup.gpu);
    const model = getModel(setup.model as ModelId);
    const source = `fitted preset ${name} (${base} at ${setup.precision})`;
    const row = { model: setup.model, gpu: setup.gpu, tp: setup.tp, source } as const;
    const clocks = tableClocksMHz(setup.gpu);
    for (const freqMHz of clocks) {
      const cfg: ConfigPoint = { model, gpu, tp: setup.tp, clockMHz: freqMHz, stack: base, precision: setup.precision };
      for (const { batch, tokens } of prefillPoints()) {
        const s = steps.prefill(cfg, tokens, tokens / batch);
        rows.push({ ...row, freqMHz, phase: 'prefill', batchSize: batch, tokens, latencyMs: s.time.totalMs, powerW: s.powerW });
      }
      for (const batch of DECODE_BATCHES) {
        for (const context of DECODE_CONTEXTS) {
          const s = steps.decode(cfg, batch, context);
          rows.push({ ...row, freqMHz, phase: 'decode', batchSize: batch, tokens: context, latencyMs: s.time.totalMs, powerW: s.powerW });
        }
      }
    }
  }
  return profileTableFromRows(rows, `fitted ${name}`);
}
