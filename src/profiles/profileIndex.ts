/**
 * ProfileTable → lookup index: each (model, GPU, TP, phase) pre-indexed once into a PhaseGrid of typed
 * arrays (src/profiles/interpolate.ts), so lookups never touch the table again.
 */
import type { GpuId, ModelId } from '../catalog/index.js';
import type { PhaseGrid } from './interpolate.js';
import type { ProfilePhase } from './profileColumns.js';
import type { ProfileTable } from './profileTable.js';

export interface ConfigGrids {
  readonly prefill?: PhaseGrid;
  readonly decode?: PhaseGrid;
  /** Distinct `source` values of the config's rows, in first-seen order. */
  readonly sources: readonly string[];
  readonly rows: number;
}

/** Built-in tables ship with llmcap; imported ones are the user's, and override them. */
export type ProfileKind = 'built-in' | 'imported';

export interface ProfileIndex {
  readonly kind: ProfileKind;
  /** The file, as named in sourceOf: e.g. 'profiles/Llama-2-70B.arrow' or '/tmp/x.csv'. */
  readonly origin: string;
  /** Nested by model, GPU and TP so a lookup resolves its grid without building a key string. */
  readonly byConfig: ReadonlyMap<ModelId, ReadonlyMap<GpuId, ReadonlyMap<number, ConfigGrids>>>;
}

export function indexProfileTable(table: ProfileTable, kind: ProfileKind, origin: string = table.origin): ProfileIndex {
  const groups = new Map<string, number[]>();
  let list: number[] = [];
  for (let i = 0; i < table.length; i++) {
    // Tables are usually sorted by config: build a key string only where the config changes.
    if (i === 0 || table.model[i] !== table.model[i - 1] || table.gpu[i] !== table.gpu[i - 1] || table.tp[i] !== table.tp[i - 1]) {
      const key = `${table.model[i]}|${table.gpu[i]}|${table.tp[i]}`;
      const found = groups.get(key);
      if (found) list = found;
      else groups.set(key, (list = []));
    }
    list.push(i);
  }
  const byConfig = new Map<ModelId, Map<GpuId, Map<number, ConfigGrids>>>();
  for (const rows of groups.values()) {
    const i0 = rows[0] as number;
    const model = table.model[i0] as ModelId;
    const gpu = table.gpu[i0] as GpuId;
    const tp = table.tp[i0] as number;
    const prefill = rows.filter((i) => table.phase[i] === 'prefill');
    const decode = rows.filter((i) => table.phase[i] === 'decode');
    const grids: ConfigGrids = {
      ...(prefill.length > 0 ? { prefill: buildPhaseGrid(table, prefill, 'prefill') } : {}),
      ...(decode.length > 0 ? { decode: buildPhaseGrid(table, decode, 'decode') } : {}),
      sources: [...new Set(rows.map((i) => table.source[i] as string))],
      rows: rows.length,
    };
    let gpus = byConfig.get(model);
    if (!gpus) byConfig.set(model, (gpus = new Map()));
    let tps = gpus.get(gpu);
    if (!tps) gpus.set(gpu, (tps = new Map()));
    tps.set(tp, grids);
  }
  return { kind, origin, byConfig };
}

/** Decode: outer = batch, inner = context. Prefill: outer = batched tokens, inner = 1 / batch (tokens per prompt ÷ batched tokens). */
export function buildPhaseGrid(table: ProfileTable, rows: readonly number[], phase: ProfilePhase): PhaseGrid {
  const outerOf = (i: number) => (phase === 'decode' ? (table.batchSize[i] as number) : (table.tokens[i] as number));
  const innerOf = (i: number) => (phase === 'decode' ? (table.tokens[i] as number) : 1 / (table.batchSize[i] as number));
  const sorted = [...rows].sort(
    (a, b) => (table.freqMHz[a] as number) - (table.freqMHz[b] as number) || outerOf(a) - outerOf(b) || innerOf(a) - innerOf(b),
  );
  const clocks: number[] = [];
  const outerStart: number[] = [];
  const outer: number[] = [];
  const innerStart: number[] = [];
  const inner: number[] = [];
  const latency: number[] = [];
  const power: number[] = [];
  for (const i of sorted) {
    const f = table.freqMHz[i] as number;
    const o = outerOf(i);
    if (clocks[clocks.length - 1] !== f) {
      clocks.push(f);
      outerStart.push(outer.length);
    }
    if (outer.length === outerStart[outerStart.length - 1] || outer[outer.length - 1] !== o) {
      outer.push(o);
      innerStart.push(inner.length);
    }
    inner.push(innerOf(i));
    latency.push(table.latencyMs[i] as number);
    power.push(table.powerW[i] as number);
  }
  outerStart.push(outer.length);
  innerStart.push(inner.length);
  return {
    clocksMHz: Float64Array.from(clocks),
    outerStart: Int32Array.from(outerStart),
    outer: Float64Array.from(outer),
    innerStart: Int32Array.from(innerStart),
    inner: Float64Array.from(inner),
    latencyMs: Float64Array.from(latency),
    powerW: Float64Array.from(power),
  };
}

export function configGrids(index: ProfileIndex, model: ModelId, gpu: GpuId, tp: number): ConfigGrids | undefined {
  return index.byConfig.get(model)?.get(gpu)?.get(tp);
}
