/**
 * A StepModel wrapper that records which lookups were clamped to a table's edge, so a plan summary can
 * say "decode batch above the table's 256 for Llama-3.1-8B on B200 TP8 at 1965 MHz (1,204 lookups)".
 * The caller owns the record; nothing is global.
 */
import type { GpuId, ModelId } from '../catalog/index.js';
import type { ClampedAxis, ConfigPoint, StepEstimate } from './analyticModel.js';
import type { ProfilePhase } from './profileColumns.js';
import type { StepModel } from './stepModel.js';

export interface ClampRecord {
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly clockMHz: number;
  readonly phase: ProfilePhase;
  readonly axes: readonly ClampedAxis[];
  readonly lookups: number;
  /** Largest batch (decode) or batched prompt tokens (prefill) among the clamped lookups. */
  readonly maxQuery: number;
}

export function recordClamps(inner: StepModel): { readonly steps: StepModel; clamps(): ClampRecord[] } {
  const seen = new Map<string, { cfg: ConfigPoint; phase: ProfilePhase; axes: Set<ClampedAxis>; lookups: number; maxQuery: number }>();
  const note = (cfg: ConfigPoint, phase: ProfilePhase, query: number, s: StepEstimate): StepEstimate => {
    if (s.clamped === undefined) return s;
    const key = `${cfg.model.id}|${cfg.gpu.id}|${cfg.tp}|${cfg.clockMHz}|${phase}`;
    let r = seen.get(key);
    if (!r) seen.set(key, (r = { cfg, phase, axes: new Set(), lookups: 0, maxQuery: 0 }));
    for (const a of s.clamped) r.axes.add(a);
    r.lookups++;
    r.maxQuery = Math.max(r.maxQuery, query);
    return s;
  };
  const steps: StepModel = {
    prefill: (cfg, promptTokens, tokensPerPrompt) => note(cfg, 'prefill', promptTokens, inner.prefill(cfg, promptTokens, tokensPerPrompt)),
    decode: (cfg, batch, context) => note(cfg, 'decode', batch, inner.decode(cfg, batch, context)),
    mixed: (cfg, batch, context, chunk, attended) => note(cfg, 'decode', batch, inner.mixed(cfg, batch, context, chunk, attended)),
    idlePowerW: (cfg) => inner.idlePowerW(cfg),
    sourceOf: (cfg) => inner.sourceOf(cfg),
  };
  return {
    steps,
    clamps: () =>
      [...seen.values()].map((r) => ({
        model: r.cfg.model.id, gpu: r.cfg.gpu.id, tp: r.cfg.tp, clockMHz: r.cfg.clockMHz, phase: r.phase,
        axes: [...r.axes].sort(), lookups: r.lookups, maxQuery: r.maxQuery,
      })),
  };
}
