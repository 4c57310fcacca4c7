/** What profile tables exist: one summary per (table, model, GPU, TP), for `llmcap profiles list`. */
import type { GpuId, ModelId } from '../catalog/index.js';
import type { LoadedProfileTable } from './loadStepModel.js';
import type { ProfileKind } from './profileIndex.js';

export interface TableSummary {
  readonly kind: ProfileKind;
  readonly file: string;
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly clocksMHz: readonly number[];
  readonly prefillRows: number;
  readonly decodeRows: number;
  readonly sources: readonly string[];
}

export function summarizeTables(tables: readonly LoadedProfileTable[]): TableSummary[] {
  const out: TableSummary[] = [];
  for (const { kind, origin, table } of tables) {
    const groups = new Map<string, { model: ModelId; gpu: GpuId; tp: number; clocks: Set<number>; prefill: number; decode: number; sources: Set<string> }>();
    for (let i = 0; i < table.length; i++) {
      const key = `${table.model[i]}|${table.gpu[i]}|${table.tp[i]}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { model: table.model[i] as ModelId, gpu: table.gpu[i] as GpuId, tp: table.tp[i] as number, clocks: new Set(), prefill: 0, decode: 0, sources: new Set() }));
      g.clocks.add(table.freqMHz[i] as number);
      if (table.phase[i] === 'prefill') g.prefill++;
      else g.decode++;
      g.sources.add(table.source[i] as string);
    }
    for (const g of groups.values()) {
      out.push({
        kind, file: origin, model: g.model, gpu: g.gpu, tp: g.tp,
        clocksMHz: [...g.clocks].sort((a, b) => a - b), prefillRows: g.prefill, decodeRows: g.decode, sources: [...g.sources],
      });
    }
  }
  return out.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'imported' ? 1 : -1) || cmp(a.model, b.model) || cmp(a.gpu, b.gpu) || a.tp - b.tp);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
