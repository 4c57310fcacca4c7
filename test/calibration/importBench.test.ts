/**
 * The importers read the formats the engines' benchmarks write (fixtures in test/fixtures/calibration,
 * written in those formats by generate.ts there), and bad input names the file, the field and the fix.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectBenchFormat, importBenchText, meanPowerFromCsv, runMetaFromText, sidecarName } from '../../src/calibration/index.js';
import { InputError } from '../../src/core/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/calibration/', import.meta.url));
const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('vLLM benchmark_serving --save-result', () => {
  const name = readdirSync(join(FIXTURES, 'vllm-serving')).find((n) => n.includes('-c64-i128-o64') && n.endsWith('.json')) as string;
  const text = read(`vllm-serving/${name}`);

  it('is recognised by its per-request fields and gives per-request means, with the setup from --metadata', () => {
    expect(detectBenchFormat(text, name)).toBe('vllm-serving');
    const [run] = importBenchText(text, name, {});
    const raw = JSON.parse(text) as { ttfts: number[]; itls: number[][]; duration: number; input_lens: number[] };
    expect(run?.setup).toEqual({ model: 'Llama-3.1-8B', gpu: 'H100-80GB', tp: 1, clockMHz: 1980, precision: 'bf16' });
    if (run?.measure.kind !== 'serving') throw new Error('expected a serving run');
    const meanTtftMs = (raw.ttfts.reduce((a, b) => a + b, 0) / raw.ttfts.length) * 1e3;
    expect(run.measure.ttftMs).toBeCloseTo(meanTtftMs, 9);
    const itls = raw.itls.flat();
    expect(run.measure.itlMs).toBeCloseTo((itls.reduce((a, b) => a + b, 0) / itls.length) * 1e3, 9);
    // Mean requests in flight = Σ end-to-end ÷ duration: the fixture was written at concurrency 64.
    expect(run.measure.concurrency).toBeCloseTo(64, 3);
    expect(run.measure.input).toBe(128);
  });

  it('skips failed requests and refuses a file whose lists disagree', () => {
    const raw = JSON.parse(text) as Record<string, unknown> & { ttfts: number[]; errors: string[] };
    const failed = { ...raw, ttfts: [raw.ttfts[0], 0], errors: ['', 'timeout'] };
    const [run] = importBenchText(JSON.stringify(failed), 'x.json', {});
    if (run?.measure.kind !== 'serving') throw new Error('expected a serving run');
    expect(run.measure.ttftMs).toBeCloseTo((raw.ttfts[0] as number) * 1e3, 9);
    const err = errorOf(() => importBenchText(JSON.stringify({ ...raw, input_lens: [128] }), 'x.json', {}));
    expect(err.problems[0]).toMatchObject({ file: 'x.json', field: 'input_lens' });
    expect(err.problems[0]?.fix).toMatch(/one entry per request/);
  });

  it('names the missing field of a file that is not a serving result', () => {
    const raw = JSON.parse(text) as Record<string, unknown>;
    delete raw['duration'];
    const err = errorOf(() => importBenchText(JSON.stringify(raw), 'run.json', {}));
    expect(err.problems[0]).toMatchObject({ file: 'run.json', field: 'duration' });
    expect(err.problems[0]?.fix).toMatch(/--save-result/);
  });
});

describe('vLLM benchmark_latency --output-json', () => {
  const name = 'vllm-latency/latency-03-b32-i128-o128.json';

  it('takes the mean latency from the file and the batch and lengths from the sidecar meta file', () => {
    expect(detectBenchFormat(read(name), name)).toBe('vllm-latency');
    const meta = runMetaFromText(read(sidecarName(name)), sidecarName(name));
    const [run] = importBenchText(read(name), name, meta);
    const raw = JSON.parse(read(name)) as { avg_latency: number };
    expect(run?.measure).toEqual({ kind: 'latency', batch: 32, input: 128, output: 128, latencyMs: raw.avg_latency * 1e3 });
  });

  it('says where the lengths go when no meta file gives them', () => {
    const err = errorOf(() => importBenchText(read(name), name, { model: 'Llama-3.1-8B', gpu: 'H100-80GB' }));
    expect(err.problems[0]).toMatchObject({ file: name, field: 'batch, input, output' });
    expect(err.problems[0]?.fix).toContain('latency-03-b32-i128-o128.meta.json');
  });

  it('refuses an unknown GPU type with the catalog ids', () => {
    const err = errorOf(() => importBenchText(read(name), name, { model: 'Llama-3.1-8B', gpu: 'H101', batch: 1, input: 1, output: 2 }));
    expect(err.problems[0]).toMatchObject({ field: 'gpu' });
    expect(err.problems[0]?.fix).toContain('H100-80GB');
  });
});

describe('SGLang bench_serving --output-file (JSONL)', () => {
  it('reads one run per line, from the summary fields', () => {
    const text = read('sglang/h100-tp1.jsonl');
    const meta = runMetaFromText(read('sglang/h100-tp1.meta.json'), 'h100-tp1.meta.json');
    const runs = importBenchText(text, 'h100-tp1.jsonl', meta);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { mean_ttft_ms: number; mean_itl_ms: number; concurrency: number; total_input_tokens: number; completed: number });
    expect(runs).toHaveLength(lines.length);
    runs.forEach((r, i) => {
      const l = lines[i] as (typeof lines)[number];
      expect(r.id).toBe(`h100-tp1.jsonl:${i + 1}`);
      expect(r.measure).toMatchObject({ kind: 'serving', ttftMs: l.mean_ttft_ms, itlMs: l.mean_itl_ms, concurrency: l.concurrency, input: l.total_input_tokens / l.completed });
    });
  });

  it('names the line of a broken one', () => {
    const text = `${read('sglang/h100-tp2.jsonl').trim()}\n{"duration": 1, "completed": 0}\n`;
    const err = errorOf(() => importBenchText(text, 'r.jsonl', { model: 'Llama-3.1-8B', gpu: 'H100-80GB' }));
    const line = text.trim().split('\n').length;
    expect(err.problems.every((p) => p.file === 'r.jsonl' && p.line === line)).toBe(true);
    expect(err.problems.map((p) => p.field)).toContain('completed');
  });
});

describe('nvidia-smi power logs', () => {
  it('averages every sample, with or without header and units', () => {
    expect(meanPowerFromCsv('0, 300.00\n1, 320.00\n0, 310.00\n1, 330.00\n', 'p.csv')).toBeCloseTo(315, 9);
    expect(meanPowerFromCsv('index, power.draw [W]\n0, 300.00 W\n0, 400.00 W\n', 'p.csv')).toBeCloseTo(350, 9);
  });

  it('refuses a log with no samples or a line that is not one', () => {
    expect(errorOf(() => meanPowerFromCsv('index, power.draw [W]\n', 'p.csv')).problems[0]?.message).toMatch(/no power samples/);
    expect(errorOf(() => meanPowerFromCsv('0, 300\n0, hot\n', 'p.csv')).problems[0]).toMatchObject({ file: 'p.csv', line: 2 });
  });
});
