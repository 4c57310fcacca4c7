/**
 * The benchmark runs that pin a preset's parameters down on one model and GPU type, and the bash
 * script that runs them (`llmcap profiles measure-plan`). Every run is a serving benchmark at a fixed
 * concurrency with fixed prompt and output lengths against a warm server, its power logged at 100 ms:
 * - concurrency 1 … the engine's limit at short prompts: per-step and per-sequence overhead, then the
 *   decode GEMMs once the batch turns compute-bound;
 * - long contexts at mid concurrency: the KV-cache read;
 * - single long prompts: prefill GEMMs, and the attention cost that grows with the prompt squared;
 * - the same short runs at twice the TP: the overhead that grows with TP;
 * - a lower locked clock (`nvidia-smi -lgc`): with the power logs, the power terms.
 * Pure: names in, runs and script text out.
 */
import { clockGrid, getGpu, getModel, type GpuId, type ModelId, type Precision } from '../catalog/index.js';
import { kvCapacityTokens } from '../capacity/index.js';
import { fitsUsefully, PRESETS, type FitKey, type StackId } from '../profiles/index.js';
import type { BenchRun, BenchSetup } from './benchRun.js';
import { expectedStdErrors, MAX_RELATIVE_STD_ERROR } from './fitPreset.js';

export type Engine = 'vllm' | 'sglang';
export const ENGINES: readonly Engine[] = ['vllm', 'sglang'];

/** The preset a measured engine is fitted as: both schedule like V1 vLLM (chunked prefill, CUDA graphs). */
export const ENGINE_BASE: Readonly<Record<Engine, StackId>> = { vllm: 'vllm-2025', sglang: 'vllm-2025' };

export interface PlannedRun {
  /** File stem of the run's outputs: NAME.json / NAME.jsonl, NAME.meta.json, NAME.power.csv. */
  readonly name: string;
  readonly setup: BenchSetup;
  readonly concurrency: number;
  readonly input: number;
  readonly output: number;
  /** Requests sent: a few waves of the concurrency, so the engine reaches its steady state. */
  readonly prompts: number;
  readonly purpose: string;
}

export interface MeasurePlanOptions {
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly engine: Engine;
  readonly precision?: Precision;
  /** Each run this many times (run-to-run noise averages out; docs/calibrate.md says how many it takes). */
  readonly repeats?: number;
}

/** The lower clocks of the power runs, as shares of the maximum: above the memory knee (analyticParams xKnee 0.45). */
const LOW_CLOCK_FRACTIONS = [0.75, 0.5];

export function measurePlanRuns(options: MeasurePlanOptions): PlannedRun[] {
  const model = getModel(options.model);
  const gpu = getGpu(options.gpu);
  const precision = options.precision ?? 'bf16';
  const fits = [1, 2, 4, 8].filter((tp) => tp <= gpu.server.gpusPerServer.value && fitsUsefully(model, gpu, tp));
  const tp = fits[0];
  if (tp === undefined) throw new RangeError(`${model.id} does not fit on one ${gpu.id} server`);
  const otherTps = fits.filter((t) => t > tp).slice(0, 2);
  const maxClock = gpu.clockMHz.max.value;
  const lowClocks = LOW_CLOCK_FRACTIONS.map((f) => nearest(clockGrid(gpu), f * maxClock));
  const engine = PRESETS[ENGINE_BASE[options.engine]].engine;
  const maxPrompt = Math.min(32_768, Math.floor((model.maxContextTokens.value - 256) / 256) * 256);
  const runs: PlannedRun[] = [];
  const add = (purpose: string, t: number, clockMHz: number, concurrency: number, input: number, output: number) => {
    if (input > maxPrompt) return;
    const kv = kvCapacityTokens({ id: 'measure-plan', model: model.id, gpu: gpu.id, tp: t, clockMHz, role: 'mixed', precision });
    // Only as many sequences as the KV cache holds at full length: more would queue, not batch.
    const c = Math.max(1, Math.min(concurrency, engine.maxBatch, Math.floor((0.9 * kv) / (input + output))));
    const key = `tp${t}-${clockMHz}mhz-c${c}-i${input}-o${output}`;
    if (runs.some((r) => r.name.endsWith(`-${key}`))) return;
    const name = `r${String(runs.length + 1).padStart(2, '0')}-${key}`;
    runs.push({ name, setup: { model: model.id, gpu: gpu.id, tp: t, clockMHz, precision }, concurrency: c, input, output, prompts: Math.max(8, 4 * c), purpose });
  };
  for (const c of [1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512, 768, 1024]) add('overheads, then decode GEMMs: concurrency sweep at short prompts', tp, maxClock, c, 128, 256);
  for (const input of [2048, 4096, 8192]) for (const c of [8, 32, 64]) add('KV-cache read: long contexts, long outputs', tp, maxClock, c, input, 512);
  for (const input of [512, 1024, 2048, 4096, 8192, 12_288, 16_384, 24_576, 32_768]) add('prefill GEMMs and attention: one prompt at a time', tp, maxClock, 1, input, 16);
  for (const input of [2048, 8192, 16_384, 32_768]) add('prefill GEMMs and attention: a few prompts at a time', tp, maxClock, 4, input, 16);
  for (const t of otherTps) {
    for (const c of [1, 4, 16, 64, 128, 256]) add('overheads per TP degree and per sequence', t, maxClock, c, 128, 256);
    for (const c of [8, 32]) add('overheads per TP degree: long contexts', t, maxClock, c, 4096, 512);
    add('overhead per TP degree', t, maxClock, 1, 4096, 16);
  }
  for (const clock of lowClocks) {
    for (const c of [1, 4, 16, 64, 128, 256, 512]) add('power terms and clock scaling: a lower locked clock', tp, clock, c, 128, 256);
    for (const c of [8, 32]) add('power terms and clock scaling: a lower locked clock', tp, clock, c, 4096, 512);
    for (const input of [4096, 16_384]) add('power terms and clock scaling: a lower locked clock', tp, clock, 1, input, 16);
  }
  return repeated(runs, options.repeats ?? 1);
}

function repeated(runs: readonly PlannedRun[], repeats: number): PlannedRun[] {
  if (repeats <= 1) return [...runs];
  return runs.flatMap((r) => Array.from({ length: repeats }, (_, i) => ({ ...r, name: `${r.name}-rep${i + 1}` })));
}

/** The runs as the fit would see them (measured values are placeholders: a Jacobian does not read them). */
export function plannedBenchRuns(runs: readonly PlannedRun[]): BenchRun[] {
  return runs.map((r) => ({
    id: r.name,
    format: 'vllm-serving',
    setup: r.setup,
    measure: { kind: 'serving', concurrency: r.concurrency, input: r.input, output: r.output, ttftMs: 1, itlMs: 1 },
    powerPerGpuW: 1,
  }));
}

/** Run-to-run noise the plan is designed for (relative, per measured mean): docs/calibrate.md. */
export const DESIGN_NOISE = 0.05;
/** Most repeats of the whole plan the design asks for (4 × ~75 runs is a few hours of benchmarking). */
export const MAX_REPEATS = 4;
/** Expected standard errors the design aims at: two thirds of the fit's limit, so a real run still passes. */
const DESIGN_TARGET = MAX_RELATIVE_STD_ERROR / 1.5;

export interface MeasurePlanDesign {
  readonly runs: readonly PlannedRun[];
  readonly repeats: number;
  /** Parameters these runs cannot pin down on this model and GPU even at MAX_REPEATS: hold them with --fix. */
  readonly fixed: readonly FitKey[];
  /** Standard errors the fit would reach with `runs` at the design noise. */
  readonly expected: readonly { readonly key: FitKey; readonly relStdError: number }[];
}

/**
 * The plan, checked before anyone runs it: the fit's expected standard errors at the design noise
 * (from the model's Jacobian at the preset's values) decide how often to repeat the runs, and which
 * parameters no affordable number of repeats pins down (those the script's fit command holds fixed).
 */
export function designMeasurePlan(options: MeasurePlanOptions, noise = DESIGN_NOISE): MeasurePlanDesign {
  const base = ENGINE_BASE[options.engine];
  const once = measurePlanRuns({ ...options, repeats: 1 });
  const bench = plannedBenchRuns(once);
  const fixed: FitKey[] = [];
  let expected = expectedStdErrors(base, bench, noise, fixed);
  for (;;) {
    const worst = expected.reduce<(typeof expected)[number] | undefined>((w, e) => (w === undefined || !(e.relStdError <= w.relStdError) ? e : w), undefined);
    if (worst === undefined || worst.relStdError / Math.sqrt(MAX_REPEATS) <= DESIGN_TARGET) break;
    fixed.push(worst.key);
    expected = expectedStdErrors(base, bench, noise, fixed);
  }
  const need = Math.max(1, ...expected.map((e) => Math.ceil((e.relStdError / DESIGN_TARGET) ** 2)));
  const repeats = Math.min(MAX_REPEATS, Math.max(options.repeats ?? 1, need));
  return {
    runs: repeated(once, repeats),
    repeats,
    fixed,
    expected: expected.map((e) => ({ key: e.key, relStdError: e.relStdError / Math.sqrt(repeats) })),
  };
}

function nearest(grid: readonly number[], target: number): number {
  return grid.reduce((best, c) => (Math.abs(c - target) < Math.abs(best - target) ? c : best), grid[0] as number);
}

/** The Hugging Face name llmcap knows the model by (its first alias with an organization). */
function hfName(model: ModelId): string {
  return getModel(model).aliases.find((a) => a.includes('/')) ?? model;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A bash script that runs the plan: server per TP degree, clocks locked per run, power logged per run. */
export function measurePlanScript(options: MeasurePlanOptions, design: Pick<MeasurePlanDesign, 'runs' | 'fixed' | 'expected'>, command: string): string {
  const runs = design.runs;
  const precision = options.precision ?? 'bf16';
  const fp8 = precision === 'fp8';
  const vllm = options.engine === 'vllm';
  // The engine's batch limit as the preset has it, so the runs' concurrency is the batch the fit assumes.
  const maxBatch = PRESETS[ENGINE_BASE[options.engine]].engine.maxBatch;
  const serverArgs = vllm
    ? `vllm serve "$MODEL_PATH" --tensor-parallel-size "$tp" --port "$PORT" --max-num-seqs ${maxBatch}${fp8 ? ' --quantization fp8 --kv-cache-dtype fp8' : ''}`
    : `python3 -m sglang.launch_server --model-path "$MODEL_PATH" --tp "$tp" --port "$PORT" --max-running-requests ${maxBatch}${fp8 ? ' --quantization fp8 --kv-cache-dtype fp8_e5m2' : ''}`;
  const bench = vllm
    ? [
        '  $VLLM_BENCH --backend vllm --model "$MODEL_PATH" --port "$PORT" \\',
        '    --dataset-name random --random-input-len "$input" --random-output-len "$output" \\',
        '    --num-prompts "$prompts" --max-concurrency "$conc" --request-rate inf --ignore-eos \\',
        '    --save-result --result-dir "$OUT" --result-filename "$name.json" \\',
        '    --metadata "llmcap_gpu=$GPU" "llmcap_tp=$tp" "llmcap_clock_mhz=$clock" "llmcap_precision=$PRECISION"',
      ]
    : [
        '  python3 -m sglang.bench_serving --backend sglang --model "$MODEL_PATH" --port "$PORT" \\',
        '    --dataset-name random --random-input-len "$input" --random-output-len "$output" --random-range-ratio 1 \\',
        '    --num-prompts "$prompts" --max-concurrency "$conc" --request-rate inf \\',
        '    --output-file "$OUT/$name.jsonl"',
      ];
  const lines = [
    '#!/usr/bin/env bash',
    `# Benchmark runs that pin llmcap's ${ENGINE_BASE[options.engine]} preset down for ${options.model} on ${options.gpu} (${precision}), with ${vllm ? 'vLLM' : 'SGLang'}.`,
    `# Written by: ${command}`,
    `# ${runs.length} runs (${distinct(runs)} configurations × ${runs.length / distinct(runs)}), most under a minute each. Needs: the engine installed, sudo for nvidia-smi -lgc (clock locking), curl.`,
    `# Expected standard errors of the fit at ${DESIGN_NOISE * 100} % run-to-run noise: ${design.expected.map((e) => `${e.key} ±${(e.relStdError * 100).toFixed(1)} %`).join(', ')}.`,
    ...(design.fixed.length > 0 ? [`# These runs cannot pin ${design.fixed.join(', ')} down on this model and GPU: the fit holds them at the preset's values.`] : []),
    `# Afterwards: ${fitCommand(options, design.fixed)}`,
    'set -euo pipefail',
    '',
    `MODEL_PATH="\${MODEL_PATH:-${hfName(options.model)}}"`,
    `GPU=${quote(options.gpu)}`,
    `MODEL=${quote(options.model)}`,
    `PRECISION=${quote(precision)}`,
    'OUT="${OUT:-llmcap-runs}"',
    'PORT="${PORT:-8000}"',
    ...(vllm ? ['VLLM_BENCH="${VLLM_BENCH:-vllm bench serve}"   # or: python3 benchmarks/benchmark_serving.py'] : []),
    'SERVER_PID=""',
    'SERVER_TP=""',
    'mkdir -p "$OUT"',
    '',
    'stop_server() {',
    '  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi',
    '  SERVER_PID=""; SERVER_TP=""',
    '}',
    'cleanup() { stop_server; sudo nvidia-smi -rgc >/dev/null 2>&1 || true; }',
    'trap cleanup EXIT',
    '',
    '# One server per TP degree, on GPUs 0 … tp-1; ready when /health answers.',
    'start_server() {',
    '  local tp=$1',
    '  if [ "$SERVER_TP" = "$tp" ]; then return; fi',
    '  stop_server',
    '  export CUDA_VISIBLE_DEVICES=$(seq -s, 0 $((tp - 1)))',
    `  ${serverArgs} > "$OUT/server-tp$tp.log" 2>&1 &`,
    '  SERVER_PID=$!; SERVER_TP=$tp',
    '  until curl -sf "http://localhost:$PORT/health" > /dev/null; do',
    '    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server for TP$tp exited: see $OUT/server-tp$tp.log" >&2; exit 1; }',
    '    sleep 5',
    '  done',
    '}',
    '',
    '# One run: lock the clock, describe the run for llmcap, log power at 100 ms while the benchmark runs.',
    'run() {',
    '  local name=$1 tp=$2 clock=$3 conc=$4 input=$5 output=$6 prompts=$7',
    '  start_server "$tp"',
    '  sudo nvidia-smi -i "$CUDA_VISIBLE_DEVICES" -lgc "$clock,$clock" > /dev/null',
    '  printf \'{"model": "%s", "gpu": "%s", "tp": %d, "clockMHz": %d, "precision": "%s"}\\n\' "$MODEL" "$GPU" "$tp" "$clock" "$PRECISION" > "$OUT/$name.meta.json"',
    '  nvidia-smi -i "$CUDA_VISIBLE_DEVICES" --query-gpu=index,power.draw --format=csv,noheader,nounits -lms 100 > "$OUT/$name.power.csv" &',
    '  local power_pid=$!',
    ...bench,
    '  kill "$power_pid"; wait "$power_pid" 2>/dev/null || true',
    '}',
    '',
    '#   name                                        tp clock conc input output prompts   # what it pins',
  ];
  for (const r of runs) {
    lines.push(`run ${r.name.padEnd(43)} ${String(r.setup.tp).padStart(2)} ${String(r.setup.clockMHz).padStart(5)} ${String(r.concurrency).padStart(4)} ${String(r.input).padStart(5)} ${String(r.output).padStart(6)} ${String(r.prompts).padStart(7)}   # ${r.purpose}`);
  }
  lines.push('', 'echo "done: $(ls "$OUT"/r*.json* | wc -l) runs in $OUT"', '');
  return lines.join('\n');
}

const distinct = (runs: readonly PlannedRun[]) => new Set(runs.map((r) => r.name.replace(/-rep\d+$/, ''))).size;

export function fitCommand(options: MeasurePlanOptions, fixed: readonly FitKey[]): string {
  return `llmcap profiles fit --preset ${ENGINE_BASE[options.engine]}${fixed.length > 0 ? ` --fix ${fixed.join(' ')}` : ''} --out calibrated llmcap-runs`;
}

/** The parameters a script's fit command holds fixed. */
export function fixedFromScript(script: string): FitKey[] {
  const m = /^# Afterwards: llmcap profiles fit .*?--fix ((?:\w+ )+)--out/m.exec(script);
  return m ? ((m[1] as string).trim().split(' ') as FitKey[]) : [];
}

/** The runs a script's `run` lines describe (the fit test reads a script back with this). */
export function runsFromScript(script: string, options: MeasurePlanOptions): PlannedRun[] {
  const precision = options.precision ?? 'bf16';
  return script.split('\n').flatMap((line) => {
    const m = /^run (\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+# (.*)$/.exec(line);
    if (!m) return [];
    const [, name, tp, clock, conc, input, output, prompts, purpose] = m as unknown as string[];
    return [{ name: name as string, setup: { model: options.model, gpu: options.gpu, tp: Number(tp), clockMHz: Number(clock), precision }, concurrency: Number(conc), input: Number(input), output: Number(output), prompts: Number(prompts), purpose: purpose as string }];
  });
}
