/** `llmcap profiles list|show|plot|check`, called as the CLI calls them. */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runProfilesCheck, runProfilesList, runProfilesPlot, runProfilesShow } from '../../src/cli/commands/profiles.js';
import { InputError } from '../../src/core/errors.js';

// These read files and generate or load ~100k-row tables: allow for a machine shared with other suites.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const PERF = fileURLToPath(new URL('../../../shared/reference/splitwise-sim/perf_model.csv', import.meta.url));
/** A built-in folder with one model's table: show and plot need no more, and load faster. */
function oneModelDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-builtin-'));
  copyFileSync(fileURLToPath(new URL('../../profiles/Llama-2-70B.arrow.gz', import.meta.url)), join(dir, 'Llama-2-70B.arrow.gz'));
  return dir;
}

async function stdoutOf(fn: () => Promise<unknown>): Promise<{ text: string; result: unknown }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const result = await fn();
    return { text: chunks.join(''), result };
  } finally {
    spy.mockRestore();
  }
}

describe('llmcap profiles list / show / plot', () => {
  it('lists every built-in (model, GPU, TP) with clocks, rows and source', async () => {
    const { text } = await stdoutOf(() => runProfilesList({ json: true }));
    const { tables } = JSON.parse(text) as { tables: { model: string; gpu: string; tp: number; clocksMHz: number[]; prefillRows: number; decodeRows: number; sources: string[]; file: string }[] };
    const h100 = tables.find((t) => t.model === 'Llama-2-70B' && t.gpu === 'H100-80GB' && t.tp === 8);
    expect(h100).toMatchObject({ clocksMHz: [580, 780, 980, 1180, 1380, 1580, 1780, 1980], prefillRows: 8 * 66, decodeRows: 8 * 128, sources: ['analytic'], file: 'profiles/Llama-2-70B.arrow.gz' });
    expect(tables.length).toBe(72);
    expect(new Set(tables.map((t) => t.file)).size).toBe(5);
  });

  it('shows one config at a clock between table clocks, interpolated, with its source', async () => {
    const { text } = await stdoutOf(() => runProfilesShow({ model: 'llama2-70b', gpu: 'h100', tp: 8, clock: 1500, phase: 'decode', json: true, dir: oneModelDir() }));
    const out = JSON.parse(text) as { source: string; rows: { freqMHz: number; batchSize: number; tokens: number; latencyMs: number; source: string }[] };
    expect(out.source).toMatch(/^built-in analytic table .*llmcap-builtin-.*\/Llama-2-70B\.arrow\.gz$/);
    expect(out.rows).toHaveLength(128);
    expect(out.rows.every((r) => r.freqMHz === 1500 && r.source === 'interpolated')).toBe(true);
    await expect(runProfilesShow({ model: 'llama-9', gpu: 'h100', tp: 8 })).rejects.toBeInstanceOf(InputError);
  });

  it('plots latency and power against clock as an SVG', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'llmcap-plot-')), 'h100.svg');
    const { text } = await stdoutOf(() => runProfilesPlot({ model: 'Llama-2-70B', gpu: 'H100-80GB', tp: 8, out, dir: oneModelDir() }));
    expect(text).toContain('48 points at 8 clocks');
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('SM clock (MHz)');
    expect(svg).toContain('decode batch 16, ctx 1024');
  });
});

describe.runIf(existsSync(PERF))('llmcap profiles check', () => {
  it('prints the calibration table, reports the #7 miss with its reason, and passes the perf_model median', async () => {
    const { text, result } = await stdoutOf(() => runProfilesCheck({ perfModel: PERF, json: true }));
    expect(result).toBe(0);
    const out = JSON.parse(text) as { ok: boolean; checkPoints: { id: string; status: string; knownMiss?: string }[]; perfModel: { medianAbsLatencyError: number; included: number } };
    expect(out.ok).toBe(true);
    expect(out.checkPoints.filter((c) => c.status === 'fail')).toEqual([]);
    expect(out.checkPoints.find((c) => c.id === '#7c')).toMatchObject({ status: 'known miss' });
    expect(out.perfModel.medianAbsLatencyError).toBeLessThanOrEqual(0.15);
    const plain = await stdoutOf(() => runProfilesCheck({ perfModel: PERF }));
    expect(plain.text).toMatch(/#7a, #7b, #7c known miss: the 490 W cap binds only on the compute share/);
    expect(plain.text).toMatch(/median \|error\| over 150 configurations: latency \d+\.\d %/);
    expect(plain.text).toContain('excluded 76 configurations: power-capped H100 rows are synthetic');
    expect(plain.text.match(/excluded 1 configuration: prefill time .* likely a failed or out-of-memory run/g)).toHaveLength(2);
  });

  it('refuses a --perf-model path that does not exist', async () => {
    await expect(runProfilesCheck({ perfModel: '/nonexistent/perf_model.csv' })).rejects.toBeInstanceOf(InputError);
  });
});
