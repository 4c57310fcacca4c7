/**
 * A StepModel backed by profile tables. Layers are searched in order (imports first, built-in tables
 * last); the first layer with rows for the config's (model, GPU, TP, phase) whose clock range holds the
 * requested clock answers, so an import overrides the built-in table wherever it has data and the
 * built-in table fills in the TPs and clocks it lacks. A config no table covers falls back to the
 * analytic model. sourceOf(cfg) says which layer answers and why the ones before it did not.
 */
import { precisionOf, stackOf, type ConfigPoint, type ClampedAxis, type StepEstimate, type StepTime } from './analyticModel.js';
import { DEFAULT_STACK } from './presets.js';
import {
  CLAMP_CLOCK_HIGH, CLAMP_CLOCK_LOW, CLAMP_INNER_HIGH, CLAMP_INNER_LOW, CLAMP_OUTER_HIGH, CLAMP_OUTER_LOW,
  clockUnderPowerCap, lookupGrid, newGridOut, type PhaseGrid,
} from './interpolate.js';
import type { ProfilePhase } from './profileColumns.js';
import { configGrids, type ProfileIndex } from './profileIndex.js';
import { analyticStepModel, type StepModel } from './stepModel.js';

export function tableStepModel(layers: readonly ProfileIndex[], fallback: StepModel = analyticStepModel): StepModel {
  // One scratch buffer per model instance: lookups are synchronous, so it is never shared mid-call.
  const out = newGridOut();

  const resolve = (cfg: ConfigPoint, phase: ProfilePhase): PhaseGrid | undefined => {
    if (!tabulated(cfg)) return undefined;
    for (const layer of layers) {
      const g = configGrids(layer, cfg.model.id, cfg.gpu.id, cfg.tp)?.[phase];
      if (g && clockInRange(g, cfg.clockMHz)) return g;
    }
    return undefined;
  };

  const estimate = (g: PhaseGrid, cfg: ConfigPoint, phase: ProfilePhase, outerQuery: number, innerQuery: number): StepEstimate => {
    let clock = cfg.clockMHz;
    let capMask = 0;
    const capW = cfg.powerCapW;
    // Tables are recorded under the default power limit (TDP); only a lower cap changes anything.
    if (capW !== undefined && capW < cfg.gpu.tdpW.value) {
      const instanceCapW = capW * cfg.tp;
      const f = clockUnderPowerCap(g, clock, outerQuery, innerQuery, instanceCapW, out);
      if (Number.isNaN(f)) {
        // Even the table's lowest clock draws more than the cap: report the clamp; the cap itself holds.
        clock = g.clocksMHz[0] as number;
        lookupGrid(g, clock, outerQuery, innerQuery, out);
        out[1] = Math.min(out[1] as number, instanceCapW);
        capMask = CLAMP_CLOCK_LOW;
      } else if (f < clock) {
        clock = f;
        lookupGrid(g, clock, outerQuery, innerQuery, out);
      }
    } else {
      lookupGrid(g, clock, outerQuery, innerQuery, out);
    }
    const mask = (out[2] as number) | capMask;
    return {
      time: new TableStepTime(out[0] as number, fallback, cfg, clock, phase, outerQuery, innerQuery),
      powerW: out[1] as number,
      effectiveClockMHz: clock,
      clamped: mask === 0 ? undefined : CLAMP_NAMES[phase][mask],
    };
  };

  const model: StepModel = {
    prefill(cfg, promptTokens, tokensPerPrompt = promptTokens) {
      const g = resolve(cfg, 'prefill');
      if (!g) return fallback.prefill(cfg, promptTokens, tokensPerPrompt);
      // Inner prefill coordinate: the prompt's share of the batched tokens (1 / prompts in the batch).
      const share = promptTokens > 0 ? Math.min(1, tokensPerPrompt / promptTokens) : 1;
      return estimate(g, cfg, 'prefill', promptTokens, share);
    },
    decode(cfg, batch, meanContextTokens) {
      const g = resolve(cfg, 'decode');
      if (!g) return fallback.decode(cfg, batch, meanContextTokens);
      return estimate(g, cfg, 'decode', batch, meanContextTokens);
    },
    mixed(cfg, batch, meanContextTokens, chunkTokens, chunkAttendedTokens) {
      if (chunkTokens <= 0) return model.decode(cfg, batch, meanContextTokens);
      if (!resolve(cfg, 'decode') || !resolve(cfg, 'prefill')) return fallback.mixed(cfg, batch, meanContextTokens, chunkTokens, chunkAttendedTokens);
      return fusedFromTables(model.decode(cfg, batch, meanContextTokens), model.prefill(cfg, chunkTokens, chunkAttendedTokens));
    },
    // Tables hold busy steps only; idle power is the analytic model's floor (published-figures.md §1.3 idle figures).
    idlePowerW: (cfg) => fallback.idlePowerW(cfg),
    sourceOf: (cfg) => describeSource(layers, fallback, cfg),
  };
  return model;
}

/**
 * Tables hold the vllm-2023 preset at BF16 (the built-in tables, and imports such as SplitwiseSim's
 * measurements of that stack); other presets and precisions come from the analytic model.
 */
function tabulated(cfg: ConfigPoint): boolean {
  return stackOf(cfg) === DEFAULT_STACK && precisionOf(cfg) === 'bf16';
}

/**
 * A fused chunked-prefill step from a table's decode and prefill rows: the decode's roofline part
 * max(compute, memory) becomes max(compute + chunk compute, memory) — one weight read — and the chunk's
 * all-reduce is added; power moves from the decode's towards the prefill's by the chunk's share of the compute.
 */
function fusedFromTables(decode: StepEstimate, chunk: StepEstimate): StepEstimate {
  const d = decode.time;
  const c = chunk.time;
  const computeMs = d.computeMs + c.computeMs;
  const totalMs = d.totalMs - Math.max(d.computeMs, d.memoryMs) + Math.max(computeMs, d.memoryMs) + c.communicationMs;
  const share = computeMs > 0 ? c.computeMs / computeMs : 0;
  const clamped = [...new Set([...(decode.clamped ?? []), ...(chunk.clamped ?? [])])];
  return {
    time: { computeMs, memoryMs: d.memoryMs, communicationMs: d.communicationMs + c.communicationMs, overheadMs: d.overheadMs, totalMs },
    powerW: decode.powerW + (chunk.powerW - decode.powerW) * share,
    effectiveClockMHz: Math.min(decode.effectiveClockMHz, chunk.effectiveClockMHz),
    ...(clamped.length > 0 ? { clamped } : {}),
  };
}

function clockInRange(g: PhaseGrid, clockMHz: number): boolean {
  const lo = g.clocksMHz[0] as number;
  const hi = g.clocksMHz[g.clocksMHz.length - 1] as number;
  return clockMHz >= lo * (1 - 1e-9) && clockMHz <= hi * (1 + 1e-9);
}

/**
 * Where time goes, for a table row that records only the total: the analytic model's parts at the same
 * point, scaled so they relate to the table's total as the analytic parts relate to the analytic total.
 * Computed on first access only, so plain lookups stay cheap.
 */
class TableStepTime implements StepTime {
  #parts: StepTime | undefined;
  constructor(
    readonly totalMs: number,
    private readonly fallback: StepModel,
    private readonly cfg: ConfigPoint,
    private readonly clockMHz: number,
    private readonly phase: ProfilePhase,
    private readonly outerQuery: number,
    private readonly innerQuery: number,
  ) {}

  private parts(): StepTime {
    if (!this.#parts) {
      const at: ConfigPoint = { model: this.cfg.model, gpu: this.cfg.gpu, tp: this.cfg.tp, clockMHz: this.clockMHz };
      const a = this.phase === 'prefill'
        ? this.fallback.prefill(at, this.outerQuery, this.innerQuery * this.outerQuery).time
        : this.fallback.decode(at, this.outerQuery, this.innerQuery).time;
      const k = a.totalMs > 0 ? this.totalMs / a.totalMs : 0;
      this.#parts = { computeMs: a.computeMs * k, memoryMs: a.memoryMs * k, communicationMs: a.communicationMs * k, overheadMs: a.overheadMs * k, totalMs: this.totalMs };
    }
    return this.#parts;
  }

  get computeMs(): number { return this.parts().computeMs; }
  get memoryMs(): number { return this.parts().memoryMs; }
  get communicationMs(): number { return this.parts().communicationMs; }
  get overheadMs(): number { return this.parts().overheadMs; }
  toJSON(): StepTime { return { ...this.parts() }; }
}

/** Clamp bits → axis names, precomputed per phase so a clamped lookup allocates nothing extra. */
const CLAMP_NAMES: Readonly<Record<ProfilePhase, readonly (readonly ClampedAxis[] | undefined)[]>> = {
  prefill: clampNameTable('tokens', 'tokens-per-prompt'),
  decode: clampNameTable('batch', 'context'),
};

function clampNameTable(outer: 'tokens' | 'batch', inner: 'tokens-per-prompt' | 'context'): (readonly ClampedAxis[] | undefined)[] {
  const bits: [number, ClampedAxis][] = [
    [CLAMP_CLOCK_LOW, 'clock-below'], [CLAMP_CLOCK_HIGH, 'clock-above'],
    [CLAMP_OUTER_LOW, `${outer}-below`], [CLAMP_OUTER_HIGH, `${outer}-above`],
    [CLAMP_INNER_LOW, `${inner}-below`], [CLAMP_INNER_HIGH, `${inner}-above`],
  ];
  return Array.from({ length: 64 }, (_, mask) => (mask === 0 ? undefined : Object.freeze(bits.filter(([b]) => (mask & b) !== 0).map(([, name]) => name))));
}

function describeSource(layers: readonly ProfileIndex[], fallback: StepModel, cfg: ConfigPoint): string {
  if (!tabulated(cfg)) return `${fallback.sourceOf(cfg)}, preset ${stackOf(cfg)} at ${precisionOf(cfg)} (profile tables hold vllm-2023 at bf16)`;
  const phaseSource = (phase: ProfilePhase): string => {
    const passed: string[] = [];
    for (const layer of layers) {
      const grids = configGrids(layer, cfg.model.id, cfg.gpu.id, cfg.tp);
      const g = grids?.[phase];
      if (g && grids && clockInRange(g, cfg.clockMHz)) return `${layerName(layer, grids.sources)}${passed.length > 0 ? ` (${passed.join('; ')})` : ''}`;
      // Say why a table that knows this model on this GPU did not answer; stay quiet about unrelated ones.
      const sameGpu = layer.byConfig.get(cfg.model.id)?.get(cfg.gpu.id);
      if (!sameGpu) continue;
      if (!g) passed.push(`${layer.origin} has no TP${cfg.tp} rows${grids ? ` for ${phase}` : ''}`);
      else passed.push(`${layer.origin} covers only ${clockRange(g)}, not ${cfg.clockMHz} MHz`);
    }
    return `${fallback.sourceOf(cfg)}, as no profile table covers ${cfg.model.id} on ${cfg.gpu.id} TP${cfg.tp} at ${cfg.clockMHz} MHz${passed.length > 0 ? ` (${passed.join('; ')})` : ''}`;
  };
  const prefill = phaseSource('prefill');
  const decode = phaseSource('decode');
  return prefill === decode ? prefill : `prefill: ${prefill}; decode: ${decode}`;
}

function layerName(layer: ProfileIndex, sources: readonly string[]): string {
  if (layer.kind === 'built-in') return `built-in ${sources.join(', ')} table ${layer.origin}`;
  // Importers write '<format> <file>; notes' in the source column: name the formats, then the file.
  const formats = [...new Set(sources.map((s) => s.split(';')[0]?.trim() ?? s))];
  return `imported: ${formats.join(', ')} (file ${layer.origin})`;
}

function clockRange(g: PhaseGrid): string {
  const lo = g.clocksMHz[0] as number;
  const hi = g.clocksMHz[g.clocksMHz.length - 1] as number;
  return lo === hi ? `${lo} MHz` : `${lo}–${hi} MHz`;
}
