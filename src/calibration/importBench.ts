/**
 * Importers for what serving engines' own benchmarks write, as BenchRuns. Formats, as read from the
 * engines' public sources:
 * - vLLM `benchmark_serving --save-result` (also `vllm bench serve`): one JSON object with the run's
 *   duration (s), optional request_rate / max_concurrency, `--metadata KEY=VALUE` pairs as string
 *   fields, and per-request lists input_lens, output_lens, ttfts (s) and itls (lists of s), errors.
 * - vLLM `benchmark_latency --output-json`: {avg_latency (s), latencies (s), percentiles}; the batch
 *   size and lengths are the run's arguments, not in the file: they come from the sidecar meta file.
 * - SGLang `bench_serving --output-file` (JSONL, one line appended per run): summary fields
 *   duration, completed, total_input_tokens, total_output_tokens, mean_ttft_ms, mean_itl_ms,
 *   concurrency (mean requests in flight); per-request lists with --output-details.
 * What no format records (GPU, TP, clock, precision, and a latency run's lengths) comes from
 * `llmcap_*` metadata fields, a `NAME.meta.json` sidecar (measure-plan's script writes both), or the
 * command's flags. Pure: texts in, runs out; every problem names the file, the field and the fix.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { getGpu, gpuIds, modelIds, PRECISIONS, resolveGpuId, resolveModelId, supportsPrecision, type Precision } from '../catalog/index.js';
import { InputError, type InputProblem } from '../core/errors.js';
import type { BenchFormat, BenchRun, BenchSetup } from './benchRun.js';

/** What a run's file does not say: from the sidecar meta file or the command's flags (the sidecar wins). */
export interface RunMeta {
  readonly model?: string;
  readonly gpu?: string;
  readonly tp?: number;
  readonly clockMHz?: number;
  readonly precision?: string;
  /** Latency runs: the run's --batch-size, --input-len, --output-len. */
  readonly batch?: number;
  readonly input?: number;
  readonly output?: number;
}

const Num = Type.Number();
const MetaSchema = Type.Object({
  model: Type.Optional(Type.String({ minLength: 1 })),
  gpu: Type.Optional(Type.String({ minLength: 1 })),
  tp: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  clockMHz: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  precision: Type.Optional(Type.String()),
  batch: Type.Optional(Type.Integer({ minimum: 1 })),
  input: Type.Optional(Type.Integer({ minimum: 1 })),
  output: Type.Optional(Type.Integer({ minimum: 1 })),
});

const VllmLatencySchema = Type.Object({
  avg_latency: Type.Number({ exclusiveMinimum: 0 }),
  latencies: Type.Optional(Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1 })),
  percentiles: Type.Optional(Type.Record(Type.String(), Num)),
});

const PerRequest = {
  input_lens: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1 }),
  output_lens: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1 }),
  ttfts: Type.Array(Type.Union([Num, Type.Null()]), { minItems: 1 }),
  itls: Type.Array(Type.Array(Num), { minItems: 1 }),
  errors: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Null()]))),
};

const VllmServingSchema = Type.Object({
  model_id: Type.Optional(Type.String()),
  duration: Type.Number({ exclusiveMinimum: 0 }),
  request_rate: Type.Optional(Type.Union([Num, Type.String()])),
  max_concurrency: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  ...PerRequest,
});

const SglangLineSchema = Type.Object({
  duration: Type.Number({ exclusiveMinimum: 0 }),
  completed: Type.Integer({ minimum: 1 }),
  total_input_tokens: Type.Number({ minimum: 0 }),
  total_output_tokens: Type.Number({ exclusiveMinimum: 0 }),
  mean_ttft_ms: Type.Number({ exclusiveMinimum: 0 }),
  mean_itl_ms: Type.Number({ exclusiveMinimum: 0 }),
  concurrency: Type.Number({ exclusiveMinimum: 0 }),
  max_concurrency: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  request_rate: Type.Optional(Type.Union([Num, Type.String()])),
});

const ajv = new Ajv({ allErrors: true, strict: false, strictNumbers: true });
const compiled = new Map<TSchema, ReturnType<Ajv['compile']>>();

/** Schema check with one problem per failing field: the file, the field, what is wrong and how to fix it. */
function check<T extends TSchema>(schema: T, data: unknown, file: string, what: string, fix: string, line?: number): Static<T> {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(data)) return data as Static<T>;
  const problems: InputProblem[] = (validate.errors ?? []).slice(0, 8).map((e) => {
    const field = e.keyword === 'required' ? String(e.params['missingProperty']) : e.instancePath.slice(1).replace(/\//g, '.');
    const message = e.keyword === 'required' ? `is missing: not ${what}` : `${e.message ?? 'is invalid'}`;
    return { file, ...(line !== undefined ? { line } : {}), field: field || '(top level)', message, fix };
  });
  throw new InputError(problems);
}

function parseJson(text: string, file: string, what: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError({ file, ...(line !== undefined ? { line } : {}), message: `not JSON (${(err as Error).message})`, fix: `give ${what}` });
  }
}

export function runMetaFromText(text: string, file: string): RunMeta {
  return check(MetaSchema, parseJson(text, file, 'a JSON object such as {"gpu": "H100-80GB", "tp": 1}'), file, 'a run description', 'write {"model", "gpu", "tp", "clockMHz", "precision", and for a latency run "batch", "input", "output"}');
}

/** Which format a file holds, from its content (a JSONL line-per-run file is SGLang's). */
export function detectBenchFormat(text: string, file: string): BenchFormat {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not one JSON document: JSONL, one result per line, as SGLang appends them.
    const first = text.split('\n').find((l) => l.trim() !== '');
    if (first !== undefined && text.split('\n').filter((l) => l.trim() !== '').length > 1) return 'sglang-serving';
    data = parseJson(text, file, 'a benchmark result: the JSON of benchmark_latency / benchmark_serving, or the JSONL of SGLang bench_serving');
  }
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const d = data as Record<string, unknown>;
    if ('avg_latency' in d) return 'vllm-latency';
    if ('ttfts' in d || 'input_lens' in d) return 'vllm-serving';
    if ('mean_ttft_ms' in d && 'concurrency' in d) return 'sglang-serving';
  }
  throw new InputError({
    file,
    message: 'not a benchmark result llmcap reads: no avg_latency (vLLM benchmark_latency), ttfts/input_lens (vLLM benchmark_serving --save-result) or mean_ttft_ms/concurrency (SGLang bench_serving)',
    fix: 'give the JSON written by `benchmark_latency --output-json`, `benchmark_serving --save-result`, or the JSONL of `sglang.bench_serving --output-file`',
  });
}

/** Every run in one file; `meta` is the sidecar merged over the flags. */
export function importBenchText(text: string, file: string, meta: RunMeta): BenchRun[] {
  const format = detectBenchFormat(text, file);
  if (format === 'vllm-latency') return [vllmLatency(text, file, meta)];
  if (format === 'vllm-serving') return [vllmServing(text, file, meta)];
  return text.split('\n').flatMap((l, i) => (l.trim() === '' ? [] : [sglangLine(l, file, i + 1, meta)]));
}

function vllmLatency(text: string, file: string, meta: RunMeta): BenchRun {
  const d = check(VllmLatencySchema, parseJson(text, file, 'the JSON of benchmark_latency --output-json'), file, 'a benchmark_latency result', 'give the file benchmark_latency --output-json wrote');
  const missing = (['batch', 'input', 'output'] as const).filter((k) => meta[k] === undefined);
  if (missing.length > 0) {
    throw new InputError({
      file,
      field: missing.join(', '),
      message: "benchmark_latency's JSON does not record the run's --batch-size, --input-len and --output-len",
      fix: `write them beside it in ${sidecarName(file)}, e.g. {"batch": 8, "input": 128, "output": 128}`,
    });
  }
  return { id: file, format: 'vllm-latency', setup: setupOf(file, meta), measure: { kind: 'latency', batch: meta.batch as number, input: meta.input as number, output: meta.output as number, latencyMs: d.avg_latency * 1e3 } };
}

function vllmServing(text: string, file: string, meta: RunMeta): BenchRun {
  const data = parseJson(text, file, 'the JSON of benchmark_serving --save-result');
  const d = check(VllmServingSchema, data, file, 'a benchmark_serving result', 'give the file benchmark_serving --save-result wrote');
  const n = d.ttfts.length;
  for (const [name, list] of [['input_lens', d.input_lens], ['output_lens', d.output_lens], ['itls', d.itls]] as const) {
    if (list.length !== n) throw new InputError({ file, field: name, message: `has ${list.length} entries and ttfts ${n}`, fix: 'give the file as benchmark_serving wrote it: one entry per request in every list' });
  }
  const ok = d.ttfts.map((t, i) => t !== null && t > 0 && (d.output_lens[i] ?? 0) > 0 && !d.errors?.[i]);
  const idx = ok.flatMap((good, i) => (good ? [i] : []));
  if (idx.length === 0) throw new InputError({ file, field: 'errors', message: 'no request succeeded', fix: 'rerun the benchmark; check the server log for the errors listed' });
  const itls = idx.flatMap((i) => d.itls[i] as number[]);
  if (itls.length === 0) throw new InputError({ file, field: 'itls', message: 'no request generated more than one token', fix: 'rerun with --random-output-len (or --sharegpt-output-len) above 1 and --ignore-eos' });
  const e2e = idx.reduce((s, i) => s + (d.ttfts[i] as number) + (d.itls[i] as number[]).reduce((a, b) => a + b, 0), 0);
  const fields = data as Record<string, unknown>;
  const fromMeta = (key: string) => (typeof fields[`llmcap_${key}`] === 'string' ? (fields[`llmcap_${key}`] as string) : undefined);
  const merged: RunMeta = {
    ...(d.model_id !== undefined ? { model: d.model_id } : {}),
    ...numbersFrom({ gpu: fromMeta('gpu'), tp: fromMeta('tp'), clockMHz: fromMeta('clock_mhz'), precision: fromMeta('precision') }, file),
    ...meta,
  };
  return {
    id: file,
    format: 'vllm-serving',
    setup: setupOf(file, merged),
    measure: {
      kind: 'serving',
      concurrency: e2e / d.duration,
      input: mean(idx.map((i) => d.input_lens[i] as number)),
      output: mean(idx.map((i) => d.output_lens[i] as number)),
      ttftMs: mean(idx.map((i) => d.ttfts[i] as number)) * 1e3,
      itlMs: mean(itls) * 1e3,
    },
  };
}

function sglangLine(text: string, file: string, line: number, meta: RunMeta): BenchRun {
  const d = check(SglangLineSchema, parseJson(text, file, 'one JSON object per line, as bench_serving --output-file appends', line), file, 'a bench_serving result line', 'give the JSONL sglang.bench_serving --output-file wrote', line);
  return {
    id: `${file}:${line}`,
    format: 'sglang-serving',
    setup: setupOf(`${file}:${line}`, meta),
    measure: {
      kind: 'serving',
      concurrency: d.concurrency,
      input: d.total_input_tokens / d.completed,
      output: d.total_output_tokens / d.completed,
      ttftMs: d.mean_ttft_ms,
      itlMs: d.mean_itl_ms,
    },
  };
}

/** `--metadata` values are strings: numbers where the meta file has numbers. */
function numbersFrom(raw: { gpu?: string; tp?: string; clockMHz?: string; precision?: string }, file: string): RunMeta {
  const num = (field: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new InputError({ file, field, message: `'${v}' is not a positive number`, fix: `pass --metadata ${field}=NUMBER to the benchmark` });
    return x;
  };
  const tp = num('llmcap_tp', raw.tp);
  const clockMHz = num('llmcap_clock_mhz', raw.clockMHz);
  return { ...(raw.gpu !== undefined ? { gpu: raw.gpu } : {}), ...(tp !== undefined ? { tp } : {}), ...(clockMHz !== undefined ? { clockMHz } : {}), ...(raw.precision !== undefined ? { precision: raw.precision } : {}) };
}

function setupOf(where: string, meta: RunMeta): BenchSetup {
  const file = where;
  const sidecar = sidecarName(where.replace(/:\d+$/, ''));
  const need = (field: string, example: string) =>
    new InputError({ file, field, message: 'the run does not say it', fix: `give --${field === 'clockMHz' ? 'clock' : field} ${example} to \`llmcap profiles fit\`, or "${field}": ${JSON.stringify(example)} in ${sidecar}` });
  if (meta.model === undefined) throw need('model', 'Llama-3.1-8B');
  const model = resolveModelId(meta.model);
  if (!model) throw new InputError({ file, field: 'model', message: `'${meta.model}' is not a catalog model`, fix: `use one of ${modelIds.join(', ')} (or a Hugging Face name of one)` });
  if (meta.gpu === undefined) throw need('gpu', 'H100-80GB');
  const gpu = resolveGpuId(meta.gpu);
  if (!gpu) throw new InputError({ file, field: 'gpu', message: `'${meta.gpu}' is not a catalog GPU type`, fix: `use one of ${gpuIds.join(', ')}` });
  const spec = getGpu(gpu);
  const tp = meta.tp ?? 1;
  if (!Number.isInteger(tp) || tp < 1 || tp > spec.server.gpusPerServer.value) throw new InputError({ file, field: 'tp', message: `${tp} is not a TP degree on one ${gpu} server`, fix: `give a whole number from 1 to ${spec.server.gpusPerServer.value}` });
  const clockMHz = meta.clockMHz ?? spec.clockMHz.max.value;
  if (clockMHz < spec.clockMHz.min.value || clockMHz > spec.clockMHz.max.value) {
    throw new InputError({ file, field: 'clockMHz', message: `${clockMHz} MHz is outside ${gpu}'s ${spec.clockMHz.min.value}–${spec.clockMHz.max.value} MHz`, fix: 'give the clock the run locked with nvidia-smi -lgc' });
  }
  const given = meta.precision === 'fp16' ? 'bf16' : (meta.precision ?? 'bf16');
  if (!(PRECISIONS as readonly string[]).includes(given) || !supportsPrecision(spec, given as Precision)) {
    throw new InputError({ file, field: 'precision', message: `'${meta.precision}' is not a precision ${gpu} runs`, fix: `use one of ${PRECISIONS.filter((p) => supportsPrecision(spec, p)).join(', ')}` });
  }
  return { model, gpu, tp, clockMHz, precision: given as Precision };
}

/** Where a run's own description sits: results.json → results.meta.json. */
export function sidecarName(file: string): string {
  return file.replace(/\.(jsonl|json)$/, '') + '.meta.json';
}

/** Where a run's power log sits: results.json → results.power.csv. */
export function powerLogName(file: string): string {
  return file.replace(/\.(jsonl|json)$/, '') + '.power.csv';
}

/**
 * Mean power per GPU from an nvidia-smi log (`--query-gpu=index,power.draw --format=csv -lms 100`,
 * with or without header and units): the last field of every row is a sample of one GPU.
 */
export function meanPowerFromCsv(text: string, file: string): number {
  const samples: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const last = (line.split(',').pop() ?? '').trim().replace(/\s*W$/, '');
    const w = Number(last);
    if (last !== '' && Number.isFinite(w)) {
      if (w < 0 || w > 5000) throw new InputError({ file, line: i + 1, field: 'power.draw', message: `${w} W is not a GPU's power`, fix: 'log with nvidia-smi --query-gpu=index,power.draw --format=csv,noheader,nounits -lms 100' });
      samples.push(w);
    } else if (i > 0 && !/power/i.test(line) && !/N\/A|Not Supported/i.test(line)) {
      throw new InputError({ file, line: i + 1, field: 'power.draw', message: `'${line}' is not a power sample`, fix: 'log with nvidia-smi --query-gpu=index,power.draw --format=csv,noheader,nounits -lms 100' });
    }
  });
  if (samples.length === 0) throw new InputError({ file, field: 'power.draw', message: 'no power samples', fix: 'log with nvidia-smi --query-gpu=index,power.draw --format=csv,noheader,nounits -lms 100 while the benchmark runs' });
  return mean(samples);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
