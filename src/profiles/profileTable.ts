/**
 * ProfileTable: the validated, column-oriented form of a profile file (DESIGN.md "Profile table").
 * Numbers live in typed arrays; a table is never mutated once built.
 */
import type { GpuId, ModelId } from '../catalog/index.js';
import type { ProfilePhase } from './profileColumns.js';

/** One point of the contract, as importers and the generator produce it. */
export interface ProfileRow {
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly freqMHz: number;
  readonly phase: ProfilePhase;
  readonly batchSize: number;
  readonly tokens: number;
  readonly latencyMs: number;
  readonly powerW: number;
  readonly source: string;
}

export interface ProfileTable {
  /** The file the rows were read from, or what produced them (e.g. 'generated'). */
  readonly origin: string;
  readonly length: number;
  readonly model: readonly ModelId[];
  readonly gpu: readonly GpuId[];
  readonly tp: Int32Array;
  readonly freqMHz: Float64Array;
  readonly phase: readonly ProfilePhase[];
  readonly batchSize: Float64Array;
  readonly tokens: Float64Array;
  readonly latencyMs: Float64Array;
  readonly powerW: Float64Array;
  readonly source: readonly string[];
}

export function profileTableFromRows(rows: readonly ProfileRow[], origin: string): ProfileTable {
  const n = rows.length;
  const model: ModelId[] = new Array<ModelId>(n);
  const gpu: GpuId[] = new Array<GpuId>(n);
  const phase: ProfilePhase[] = new Array<ProfilePhase>(n);
  const source: string[] = new Array<string>(n);
  const tp = new Int32Array(n);
  const freqMHz = new Float64Array(n);
  const batchSize = new Float64Array(n);
  const tokens = new Float64Array(n);
  const latencyMs = new Float64Array(n);
  const powerW = new Float64Array(n);
  // One plain loop: typed-array .from() with a map function goes through the iterator protocol and is
  // several times slower on the 100,000-row built-in tables.
  for (let i = 0; i < n; i++) {
    const r = rows[i] as ProfileRow;
    model[i] = r.model;
    gpu[i] = r.gpu;
    phase[i] = r.phase;
    source[i] = r.source;
    tp[i] = r.tp;
    freqMHz[i] = r.freqMHz;
    batchSize[i] = r.batchSize;
    tokens[i] = r.tokens;
    latencyMs[i] = r.latencyMs;
    powerW[i] = r.powerW;
  }
  return Object.freeze({ origin, length: n, model, gpu, tp, freqMHz, phase, batchSize, tokens, latencyMs, powerW, source });
}

export function profileRowAt(t: ProfileTable, i: number): ProfileRow {
  return {
    model: t.model[i] as ModelId,
    gpu: t.gpu[i] as GpuId,
    tp: t.tp[i] ?? 0,
    freqMHz: t.freqMHz[i] ?? NaN,
    phase: t.phase[i] as ProfilePhase,
    batchSize: t.batchSize[i] ?? NaN,
    tokens: t.tokens[i] ?? NaN,
    latencyMs: t.latencyMs[i] ?? NaN,
    powerW: t.powerW[i] ?? NaN,
    source: t.source[i] ?? '',
  };
}

export function profileRows(t: ProfileTable): ProfileRow[] {
  return Array.from({ length: t.length }, (_, i) => profileRowAt(t, i));
}

/** Row identity: imported rows replace generated ones with the same key. */
export function profileRowKey(r: ProfileRow): string {
  return `${r.model}|${r.gpu}|${r.tp}|${r.freqMHz}|${r.phase}|${r.batchSize}|${r.tokens}`;
}

/** Deterministic row order (model, gpu, tp, phase, clock, batch, tokens), so written files are byte-stable. */
export function sortProfileRows(rows: readonly ProfileRow[]): ProfileRow[] {
  const phaseRank = (p: ProfilePhase) => (p === 'prefill' ? 0 : 1);
  return [...rows].sort(
    (a, b) =>
      cmp(a.model, b.model) ||
      cmp(a.gpu, b.gpu) ||
      a.tp - b.tp ||
      phaseRank(a.phase) - phaseRank(b.phase) ||
      a.freqMHz - b.freqMHz ||
      a.batchSize - b.batchSize ||
      a.tokens - b.tokens,
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
