/**
 * A benchmark run as the fit sees it, whatever engine tool wrote it: the setup (model, GPU, TP, clock,
 * precision), what was run (a static batch, or a serving load at some concurrency) and what was
 * measured. `predictRun` says what a step model expects for the same run, so measured and modelled
 * values can be compared quantity by quantity. Pure.
 */
import { getGpu, getModel, type GpuId, type ModelId, type Precision } from '../catalog/index.js';
import { PRESETS, type ConfigPoint, type StackId, type StepModel } from '../profiles/index.js';

export type BenchFormat = 'vllm-latency' | 'vllm-serving' | 'sglang-serving';

export interface BenchSetup {
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  /** Locked SM clock, MHz (`nvidia-smi -lgc`); the GPU's maximum when the run did not lock it. */
  readonly clockMHz: number;
  readonly precision: Precision;
}

/** vLLM benchmark_latency: `batch` prompts of `input` tokens, each generating `output` tokens, run to completion. */
export interface LatencyMeasure {
  readonly kind: 'latency';
  readonly batch: number;
  readonly input: number;
  readonly output: number;
  /** Mean wall time of one run, ms. */
  readonly latencyMs: number;
}

/** A serving benchmark: requests at a rate or a concurrency; per-request means. */
export interface ServingMeasure {
  readonly kind: 'serving';
  /** Mean requests in flight (Σ end-to-end latency ÷ duration). */
  readonly concurrency: number;
  readonly input: number;
  readonly output: number;
  readonly ttftMs: number;
  /** Mean inter-token latency, ms (one decode step as the client sees it). */
  readonly itlMs: number;
}

export interface BenchRun {
  /** How reports name the run: 'file' or 'file:line' (JSONL). */
  readonly id: string;
  readonly format: BenchFormat;
  readonly setup: BenchSetup;
  readonly measure: LatencyMeasure | ServingMeasure;
  /** Mean power per GPU over the run (nvidia-smi log), W. */
  readonly powerPerGpuW?: number;
}

export type Quantity = 'latency' | 'ttft' | 'itl' | 'power';

export interface Observation {
  readonly run: BenchRun;
  readonly quantity: Quantity;
  readonly measured: number;
}

/** The quantities a run measured, in a fixed order. */
export function observationsOf(run: BenchRun): Observation[] {
  const m = run.measure;
  const out: Observation[] = m.kind === 'latency'
    ? [{ run, quantity: 'latency', measured: m.latencyMs }]
    : [{ run, quantity: 'ttft', measured: m.ttftMs }, { run, quantity: 'itl', measured: m.itlMs }];
  if (run.powerPerGpuW !== undefined) out.push({ run, quantity: 'power', measured: run.powerPerGpuW });
  return out;
}

export function configOf(setup: BenchSetup, stack: StackId): ConfigPoint {
  return { model: getModel(setup.model), gpu: getGpu(setup.gpu), tp: setup.tp, clockMHz: setup.clockMHz, stack, precision: setup.precision };
}

export interface RunPrediction {
  readonly latency?: number;
  readonly ttft?: number;
  readonly itl?: number;
  readonly power: number;
}

/** Decode steps of a long output are summed over this many slices of the context (the step time is piecewise linear in it). */
const DECODE_SLICES = 24;

/**
 * What the step model expects for a run under a preset.
 * - Static batch: one prefill pass of B prompts, then O − 1 decode steps of B sequences whose context
 *   grows from I; power is the time-weighted mean of the steps'.
 * - Serving at concurrency C: C sequences decode at the mean context I + O/2; a chunked-prefill engine
 *   folds the arriving prompts into those steps (C·I/O prompt tokens a step on average) and a new
 *   request's first token comes from the step carrying its whole prompt beside C − 1 decodes; an engine
 *   without chunking runs a separate prefill pass, whose time the decodes wait out (C/O passes per step).
 */
export function predictRun(steps: StepModel, stack: StackId, run: BenchRun): RunPrediction {
  const cfg = configOf(run.setup, stack);
  const m = run.measure;
  if (m.kind === 'latency') {
    const prefill = steps.prefill(cfg, m.batch * m.input, m.input);
    let ms = prefill.time.totalMs;
    let energy = prefill.time.totalMs * prefill.powerW;
    const decodes = m.output - 1;
    const slices = Math.min(DECODE_SLICES, decodes);
    for (let j = 0; j < slices; j++) {
      const from = Math.floor((j * decodes) / slices);
      const to = Math.floor(((j + 1) * decodes) / slices);
      const count = to - from;
      if (count === 0) continue;
      const step = steps.decode(cfg, m.batch, m.input + (from + to + 1) / 2);
      ms += count * step.time.totalMs;
      energy += count * step.time.totalMs * step.powerW;
    }
    return { latency: ms, power: energy / ms / cfg.tp };
  }
  const context = m.input + m.output / 2;
  if (PRESETS[stack].engine.chunkedPrefill) {
    const step = steps.mixed(cfg, m.concurrency, context, (m.concurrency * m.input) / m.output, m.input);
    const first = steps.mixed(cfg, Math.max(0, m.concurrency - 1), context, m.input, m.input);
    return { ttft: first.time.totalMs, itl: step.time.totalMs, power: step.powerW / cfg.tp };
  }
  const decode = steps.decode(cfg, m.concurrency, context);
  const prefill = steps.prefill(cfg, m.input, m.input);
  const prefillsPerStep = m.concurrency / m.output;
  const itl = decode.time.totalMs + prefillsPerStep * prefill.time.totalMs;
  const energy = decode.time.totalMs * decode.powerW + prefillsPerStep * prefill.time.totalMs * prefill.powerW;
  return { ttft: prefill.time.totalMs, itl, power: energy / itl / cfg.tp };
}

export function predicted(p: RunPrediction, q: Quantity): number {
  return (q === 'power' ? p.power : p[q]) ?? Number.NaN;
}

/** One line naming a run's setup and load, for residual tables and refusal messages. */
export function describeRun(run: BenchRun): string {
  const s = run.setup;
  const m = run.measure;
  const load = m.kind === 'latency' ? `batch ${m.batch}, ${m.input}/${m.output} tokens` : `concurrency ${fmt(m.concurrency)}, ${fmt(m.input)}/${fmt(m.output)} tokens`;
  return `${s.model} ${s.gpu} TP${s.tp} ${s.precision} @ ${s.clockMHz} MHz, ${load}`;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
