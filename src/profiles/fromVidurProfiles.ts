/**
 * Importer for Vidur's per-operator profiles (profiles/README.md "Importers"). Vidur times operators of
 * one transformer layer on one GPU of the TP group; an iteration is composed as
 *   prefill(N)    = layers × (Σ layer ops at N tokens + attention prefill of an N-token chunk) + embedding(N) + all-reduce(N)
 *   decode(B, c)  = layers × (Σ layer ops at B tokens + attention decode of B sequences at context c) + embedding(B) + all-reduce(B)
 * with all-reduce = 2 per layer of the step's activations (tokens × hidden × 2 bytes), from all_reduce.csv
 * when given, else the analytic model. Vidur has no power and no clock axis: rows are at the GPU's
 * maximum clock, power comes from the analytic model at the same point, and there is no serving-stack
 * overhead (Vidur skips CPU overheads by default), so these are kernel times.
 */
import { getGpu, getModel, gpuIds, modelIds, resolveGpuId, resolveModelId, type GpuId, type ModelId } from '../catalog/index.js';
import { InputError } from '../core/errors.js';
import { allReduceStepMs, attentionStepMs, decodeStep, prefillStep, type ConfigPoint } from './analyticModel.js';
import type { ImportResult } from './fromSplitwisePerfModel.js';
import { profileTableFromRows, sortProfileRows, type ProfileRow } from './profileTable.js';
import { DECODE_BATCHES, DECODE_CONTEXTS, PREFILL_TOKENS, fitsUsefully } from './tableGrid.js';
import { allReduceMsAt, readVidurFile, type VidurAllReduce, type VidurAttention, type VidurMlp } from './vidurProfileFiles.js';

export interface VidurImportOptions {
  /** Catalog model, when the mlp.csv path does not name it (…/<org>/<model>/mlp.csv). */
  readonly model?: string;
  /** Catalog GPU, when the paths do not name it (…/compute/<gpu>/…). */
  readonly gpu?: string;
}

export async function fromVidurProfiles(paths: readonly string[], options: VidurImportOptions = {}): Promise<ImportResult> {
  const files = await Promise.all(paths.map(readVidurFile));
  const mlps = files.flatMap((f) => (f.kind === 'mlp' ? [f.data] : []));
  const attention = files.flatMap((f) => (f.kind === 'attention' ? [f.data] : []));
  const allReduce = files.flatMap((f) => (f.kind === 'all_reduce' ? [f.data] : []));
  const mlp = mlps[0];
  if (!mlp || mlps.length > 1) {
    throw new InputError({ file: paths.join(', '), message: mlp ? 'several mlp.csv files given' : 'no mlp.csv among the files', fix: 'import one model on one GPU at a time: one mlp.csv, optionally with its attention.csv and all_reduce.csv' });
  }
  const modelId = named(options.model, mlp.model, 'model', mlp.file) as ModelId;
  const gpuId = named(options.gpu, mlp.gpu, 'gpu', mlp.file) as GpuId;
  const model = getModel(modelId);
  const gpu = getGpu(gpuId);
  if (mlp.shape.hidden !== model.hiddenSize.value || mlp.shape.heads !== model.attentionHeads.value || mlp.shape.kvHeads !== model.kvHeads.value) {
    throw new InputError({ file: mlp.file, line: 2, field: 'columns n_embd, n_head, n_kv_head', message: `shape ${mlp.shape.hidden}/${mlp.shape.heads}/${mlp.shape.kvHeads} is not ${modelId}'s ${model.hiddenSize.value}/${model.attentionHeads.value}/${model.kvHeads.value}`, fix: 'pass --model with the catalog model these operators belong to' });
  }
  const notes: string[] = [];
  const att = attention.find((a) => (a.gpu ?? gpuId) === gpuId && a.shape.hidden === mlp.shape.hidden && a.shape.heads === mlp.shape.heads && a.shape.kvHeads === mlp.shape.kvHeads);
  for (const a of attention) if (a !== att) notes.push(`ignored ${a.file}: its GPU or model shape differs from ${mlp.file}'s (${gpuId}, ${modelId})`);
  const net = allReduce.find((a) => (a.gpu ?? gpuId) === gpuId);
  for (const a of allReduce) if (a !== net) notes.push(`ignored ${a.file}: it was profiled on another GPU than ${gpuId}`);

  const rows: ProfileRow[] = [];
  const freqMHz = gpu.clockMHz.max.value;
  const layers = model.layers.value;
  const source = `Vidur ${[mlp, att, net].filter(Boolean).map((f) => (f as { file: string }).file.split(/[\\/]/).pop()).join(' + ')}; per-layer kernel medians × ${layers} layers, no serving-stack overhead; attention: ${att ? 'Vidur' : 'analytic roofline'}; all-reduce: ${net ? 'Vidur' : 'analytic model'}; power: analytic model`;
  let commFallbacks = 0;
  for (const [tp, ops] of [...mlp.byTp].sort((a, b) => a[0] - b[0])) {
    if (!fitsUsefully(model, gpu, tp)) {
      notes.push(`TP${tp} skipped: ${modelId}'s weights and a 4K-token KV cache do not fit in ${tp} × ${gpu.memoryGB.value} GB`);
      continue;
    }
    const cfg: ConfigPoint = { model, gpu, tp, clockMHz: freqMHz };
    const comm = (tokens: number): number => {
      if (tp === 1) return 0;
      const perLayer = net ? allReduceMsAt(net, tp, tokens * model.hiddenSize.value * model.dtypeBytes.value) : undefined;
      if (perLayer === undefined) {
        if (net) commFallbacks++;
        return allReduceStepMs(cfg, tokens);
      }
      return 2 * layers * perLayer;
    };
    // Vidur times attention per GPU with the heads split over the TP group: scale another TP's profile by its head share.
    const headShare = att ? att.tp / tp : 1;
    if (att && att.tp !== tp) notes.push(`TP${tp}: attention from ${att.file}'s TP${att.tp} profile scaled by ${att.tp}/${tp} (heads per GPU)`);
    const base = { model: modelId, gpu: gpuId, tp, freqMHz } as const;
    for (const tokens of prefillGrid(ops, att)) {
      const o = ops.get(tokens) as { layerMs: number; embMs: number };
      const attMs = att ? layers * (att.prefill.get(tokens) as number) * headShare : attentionStepMs(cfg, 'prefill', tokens, tokens);
      const latencyMs = layers * o.layerMs + attMs + o.embMs + comm(tokens);
      rows.push({ ...base, phase: 'prefill', batchSize: 1, tokens, latencyMs, powerW: prefillStep(cfg, tokens).powerW, source });
    }
    const { batches, contexts } = decodeGrid(ops, att);
    for (const batch of batches) {
      const o = ops.get(batch) as { layerMs: number; embMs: number };
      for (const context of contexts) {
        const attMs = att ? layers * (att.decode.get(`${batch}|${context}`) as number) * headShare : attentionStepMs(cfg, 'decode', batch, context);
        const latencyMs = layers * o.layerMs + attMs + o.embMs + comm(batch);
        rows.push({ ...base, phase: 'decode', batchSize: batch, tokens: context, latencyMs, powerW: decodeStep(cfg, batch, context).powerW, source });
      }
    }
  }
  if (rows.length === 0) throw new InputError({ file: mlp.file, message: `no TP degree of ${modelId} fits on ${gpuId}`, fix: 'check --model and --gpu' });
  if (!att) notes.push('attention: no attention.csv for this GPU and model shape; attention time is the analytic roofline (prefill FLOPs at the fitted attention efficiency, decode KV-cache reads at the achieved bandwidth)');
  if (!net) notes.push('all-reduce: no all_reduce.csv for this GPU; two all-reduces per layer timed by the analytic model');
  if (commFallbacks > 0) notes.push(`all-reduce: ${commFallbacks} message sizes outside all_reduce.csv's range timed by the analytic model`);
  notes.push("Vidur has no clock axis and no power: rows are at the GPU's maximum clock (other clocks use the built-in tables), power is the analytic model's at the same point, and times are kernel-only (no serving-stack overhead)");
  notes.push(`prefill rows are single prompts of ${Math.min(...rows.filter((r) => r.phase === 'prefill').map((r) => r.tokens))}–${Math.max(...rows.filter((r) => r.phase === 'prefill').map((r) => r.tokens))} tokens (Vidur's attention profile has batch-1 prefills only); batched prefills of shorter prompts are charged as one prompt (the lookup reports it)`);
  return { table: profileTableFromRows(sortProfileRows(rows), mlp.file), notes };
}

function named(given: string | undefined, fromPath: string | undefined, what: 'model' | 'gpu', file: string): string {
  if (given !== undefined) {
    const id = what === 'model' ? resolveModelId(given) : resolveGpuId(given);
    if (!id) throw new InputError({ field: `--${what}`, message: `unknown ${what === 'gpu' ? 'GPU type' : 'model'} '${given}'`, fix: `use one of ${(what === 'model' ? modelIds : gpuIds).join(', ')}` });
    return id;
  }
  if (fromPath !== undefined) return fromPath;
  throw new InputError({ file, message: `cannot tell the ${what} from the path`, fix: `pass --${what} with a catalog ${what === 'gpu' ? 'GPU' : 'model'} id` });
}

/** Prefill tokens: the generator's grid (powers of two and midpoints) where Vidur profiled both parts. */
function prefillGrid(ops: ReadonlyMap<number, unknown>, att: VidurAttention | undefined): number[] {
  return PREFILL_TOKENS.filter((n) => ops.has(n) && (!att || att.prefill.has(n)));
}

function decodeGrid(ops: ReadonlyMap<number, unknown>, att: VidurAttention | undefined): { batches: number[]; contexts: number[] } {
  const batches = DECODE_BATCHES.filter((b) => ops.has(b) && (!att || att.decodeBatches.includes(b)));
  if (!att) return { batches, contexts: [...DECODE_CONTEXTS] };
  // Powers of two of the profiled KV sizes, plus the largest (Vidur stops one block short of max_model_len).
  const kv = att.decodeContexts;
  const contexts = [...new Set([...kv.filter((c) => c >= 128 && Number.isInteger(Math.log2(c))), kv[kv.length - 1] as number])].sort((a, b) => a - b);
  return { batches: batches.filter((b) => contexts.every((c) => att.decode.has(`${b}|${c}`))), contexts };
}
