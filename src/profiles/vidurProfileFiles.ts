/**
 * Vidur's profiling CSVs (shared/reference/vidur/README.md), read into lookup maps: per-layer operator
 * medians from mlp.csv, attention kernels from attention.csv, NCCL all-reduce times from all_reduce.csv.
 * Each file is recognized by its columns; the GPU and model come from Vidur's folder layout
 * (…/compute/<gpu>/<org>/<model>/mlp.csv, …/network/<gpu>_dgx/all_reduce.csv) unless given.
 */
import * as aq from 'arquero';
import { resolveGpuId, resolveModelId, type GpuId, type ModelId } from '../catalog/index.js';
import { InputError } from '../core/errors.js';

/** Non-attention operators of one transformer layer, as Vidur names them (emb runs once per step). */
export const VIDUR_LAYER_OPS = [
  'input_layernorm', 'attn_pre_proj', 'attn_rope', 'attn_post_proj', 'post_attention_layernorm', 'mlp_up_proj', 'mlp_act', 'mlp_down_proj', 'add',
] as const;

export interface VidurMlp {
  readonly file: string;
  readonly gpu?: GpuId;
  readonly model?: ModelId;
  readonly shape: { readonly hidden: number; readonly heads: number; readonly kvHeads: number };
  /** TP → num_tokens → { per-layer ms (sum of VIDUR_LAYER_OPS), embedding ms }. */
  readonly byTp: ReadonlyMap<number, ReadonlyMap<number, { readonly layerMs: number; readonly embMs: number }>>;
}

export interface VidurAttention {
  readonly file: string;
  readonly gpu?: GpuId;
  readonly shape: { readonly hidden: number; readonly heads: number; readonly kvHeads: number };
  readonly tp: number;
  /** Prefill chunk tokens (batch 1, empty KV cache) → per-layer ms, reshapes included. */
  readonly prefill: ReadonlyMap<number, number>;
  /** `${batch}|${kvTokens}` → per-layer ms of one decode step, reshapes included. */
  readonly decode: ReadonlyMap<string, number>;
  readonly decodeBatches: readonly number[];
  readonly decodeContexts: readonly number[];
}

export interface VidurAllReduce {
  readonly file: string;
  readonly gpu?: GpuId;
  /** GPUs → ascending message sizes (bytes) and their median times (ms). */
  readonly byWorkers: ReadonlyMap<number, { readonly bytes: Float64Array; readonly ms: Float64Array }>;
}

export type VidurFile =
  | { readonly kind: 'mlp'; readonly data: VidurMlp }
  | { readonly kind: 'attention'; readonly data: VidurAttention }
  | { readonly kind: 'all_reduce'; readonly data: VidurAllReduce };

export async function readVidurFile(path: string): Promise<VidurFile> {
  let table: aq.ColumnTable;
  try {
    table = await aq.loadCSV(path);
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the Vidur profile (${(err as Error).message})`, fix: 'check the path' });
  }
  const names = new Set(table.columnNames());
  const rows = table.objects() as Record<string, unknown>[];
  const need = (cols: readonly string[]) => {
    const missing = cols.filter((c) => !names.has(c));
    if (missing.length > 0) throw new InputError({ file: path, line: 1, message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, fix: "give Vidur's mlp.csv, attention.csv or all_reduce.csv as written by its profiler" });
  };
  const num = (r: Record<string, unknown>, c: string, i: number): number => {
    const v = Number(r[c]);
    if (!Number.isFinite(v) || v < 0) throw new InputError({ file: path, line: i + 2, field: `column ${c}`, message: `'${String(r[c])}' is not a non-negative number`, fix: 'fix or delete the row' });
    return v;
  };
  const gpu = gpuFromPath(path);
  if (names.has('time_stats.mlp_up_proj.median')) {
    need(['num_tokens', 'num_tensor_parallel_workers', 'n_head', 'n_kv_head', 'n_embd', 'time_stats.emb.median', ...VIDUR_LAYER_OPS.map((op) => `time_stats.${op}.median`)]);
    const byTp = new Map<number, Map<number, { layerMs: number; embMs: number }>>();
    rows.forEach((r, i) => {
      const tp = num(r, 'num_tensor_parallel_workers', i);
      const layerMs = VIDUR_LAYER_OPS.reduce((sum, op) => sum + num(r, `time_stats.${op}.median`, i), 0);
      let m = byTp.get(tp);
      if (!m) byTp.set(tp, (m = new Map()));
      m.set(num(r, 'num_tokens', i), { layerMs, embMs: num(r, 'time_stats.emb.median', i) });
    });
    const r0 = rows[0] ?? {};
    return { kind: 'mlp', data: { file: path, gpu, model: modelFromPath(path), shape: { hidden: num(r0, 'n_embd', 0), heads: num(r0, 'n_head', 0), kvHeads: num(r0, 'n_kv_head', 0) }, byTp } };
  }
  if (names.has('time_stats.attn_decode.median') || names.has('time_stats.attn_prefill.median')) {
    need(['batch_size', 'prefill_chunk_size', 'kv_cache_size', 'is_prefill', 'num_tensor_parallel_workers', 'n_embd', 'n_q_head', 'n_kv_head', 'time_stats.attn_decode.median', 'time_stats.attn_prefill.median']);
    const prefill = new Map<number, number>();
    const decode = new Map<string, number>();
    const batches = new Set<number>();
    const contexts = new Set<number>();
    const reshape = (r: Record<string, unknown>) =>
      ['time_stats.attn_input_reshape.median', 'time_stats.attn_output_reshape.median', 'time_stats.attn_kv_cache_save.median'].reduce((s, c) => s + (Number.isFinite(Number(r[c])) && r[c] !== null ? Number(r[c]) : 0), 0);
    const tps = new Set<number>();
    rows.forEach((r, i) => {
      tps.add(num(r, 'num_tensor_parallel_workers', i));
      const isPrefill = String(r.is_prefill).toLowerCase() === 'true';
      const batch = num(r, 'batch_size', i);
      const kv = num(r, 'kv_cache_size', i);
      if (isPrefill) {
        if (batch === 1 && kv === 0) prefill.set(num(r, 'prefill_chunk_size', i), num(r, 'time_stats.attn_prefill.median', i) + reshape(r));
      } else {
        decode.set(`${batch}|${kv}`, num(r, 'time_stats.attn_decode.median', i) + reshape(r));
        batches.add(batch);
        contexts.add(kv);
      }
    });
    if (tps.size !== 1) throw new InputError({ file: path, message: `attention rows for several TP degrees (${[...tps].join(', ')})`, fix: 'import one TP degree per attention file' });
    const r0 = rows[0] ?? {};
    return {
      kind: 'attention',
      data: {
        file: path, gpu, tp: [...tps][0] as number,
        shape: { hidden: num(r0, 'n_embd', 0), heads: num(r0, 'n_q_head', 0), kvHeads: num(r0, 'n_kv_head', 0) },
        prefill, decode, decodeBatches: [...batches].sort((a, b) => a - b), decodeContexts: [...contexts].sort((a, b) => a - b),
      },
    };
  }
  if (names.has('time_stats.all_reduce.median')) {
    need(['size', 'num_workers']);
    const points = new Map<number, [number, number][]>();
    rows.forEach((r, i) => {
      const w = num(r, 'num_workers', i);
      // A TP group lives in one server: keep the runs with all workers on one node, not those spanning nodes.
      if (names.has('devices_per_node') && num(r, 'devices_per_node', i) !== w) return;
      points.set(w, [...(points.get(w) ?? []), [num(r, 'size', i), num(r, 'time_stats.all_reduce.median', i)]]);
    });
    const byWorkers = new Map([...points].map(([w, p]) => {
      const s = p.sort((a, b) => a[0] - b[0]);
      return [w, { bytes: Float64Array.from(s, (x) => x[0]), ms: Float64Array.from(s, (x) => x[1]) }] as const;
    }));
    return { kind: 'all_reduce', data: { file: path, gpu, byWorkers } };
  }
  throw new InputError({ file: path, line: 1, message: 'not a Vidur profile: expected the columns of mlp.csv, attention.csv or all_reduce.csv', fix: 'give files from Vidur\'s data/profiling folder' });
}

/** A path segment naming a catalog GPU: 'a100', 'h100', or a network folder such as 'h100_dgx'. */
function gpuFromPath(path: string): GpuId | undefined {
  for (const seg of path.split(/[\\/]/).reverse()) {
    const id = resolveGpuId(seg) ?? resolveGpuId(seg.replace(/_dgx$/i, ''));
    if (id) return id;
  }
  return undefined;
}

/** Vidur stores compute profiles under <org>/<model>/, e.g. meta-llama/Llama-2-70b-hf (a catalog alias). */
function modelFromPath(path: string): ModelId | undefined {
  const segs = path.split(/[\\/]/);
  for (let i = segs.length - 2; i >= 0; i--) {
    const id = resolveModelId(`${segs[i - 1] ?? ''}/${segs[i]}`) ?? resolveModelId(segs[i] as string);
    if (id) return id;
  }
  return undefined;
}

/** Median all-reduce time for a message, interpolated in size; undefined outside the profiled sizes. */
export function allReduceMsAt(a: VidurAllReduce, workers: number, bytes: number): number | undefined {
  const w = a.byWorkers.get(workers);
  if (!w || w.bytes.length === 0) return undefined;
  const n = w.bytes.length;
  if (bytes < (w.bytes[0] as number) || bytes > (w.bytes[n - 1] as number)) return undefined;
  let j = 0;
  while (j < n - 2 && (w.bytes[j + 1] as number) <= bytes) j++;
  const b0 = w.bytes[j] as number;
  const b1 = w.bytes[j + 1] ?? b0;
  const t = b1 === b0 ? 0 : (bytes - b0) / (b1 - b0);
  return (w.ms[j] as number) + t * ((w.ms[j + 1] ?? (w.ms[j] as number)) - (w.ms[j] as number));
}
