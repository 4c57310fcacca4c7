/**
 * The committed built-in tables: generated deterministically from the analytic model, up to date,
 * small, covering the catalog, found relative to the package, and as exact as the model at grid points.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runProfilesGenerate } from '../../src/cli/commands/profiles.js';
import { KV_MEMORY_MARGIN, configId, kvCapacityTokens } from '../../src/capacity/index.js';
import { clockGrid, getGpu, getModel, gpuIds, modelIds, type GpuId, type ModelId } from '../../src/catalog/index.js';
import {
  BUILT_IN_EXTENSION, DECODE_BATCHES, DECODE_CONTEXTS, HBM_MARGIN, PREFILL_TOKENS, USEFUL_KV_TOKENS, builtInProfilesDir,
  decodeStep, loadStepModel, prefillPoints, prefillStep, tableClocksMHz, tableConfigs,
  type StepModel,
} from '../../src/profiles/index.js';

// These read files and generate or load ~100k-row tables: allow for a machine shared with other suites.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));

describe('built-in table generation', () => {
  it('is deterministic: `llmcap profiles generate` rewrites the committed tables byte for byte (regenerate after changing the model or catalog)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'llmcap-generate-'));
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runProfilesGenerate({ out, json: true })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const committed = readdirSync(DIR).filter((n) => n.endsWith(BUILT_IN_EXTENSION)).sort();
    expect(committed).toEqual(modelIds.map((m) => `${m}${BUILT_IN_EXTENSION}`).sort());
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const name of committed) {
      // Compare the Arrow bytes, not the gzip stream, so a different zlib build cannot fail the test.
      const onDisk = gunzipSync(readFileSync(join(DIR, name)));
      const fresh = gunzipSync(readFileSync(join(out, name)));
      expect(fresh.equals(onDisk), `${name} is stale: run \`llmcap profiles generate\``).toBe(true);
    }
  }, 60_000); // ~1.5 s alone; generous for a CI machine shared with other suites

  it('stays small: under 2 MB committed', () => {
    const bytes = readdirSync(DIR).filter((n) => n.endsWith(BUILT_IN_EXTENSION)).reduce((s, n) => s + readFileSync(join(DIR, n)).length, 0);
    expect(bytes).toBeLessThan(2_000_000);
  });

  it('covers every (model, GPU, TP) that holds the weights and a 4K-token KV cache, with capacity\'s HBM margin', () => {
    expect(HBM_MARGIN).toBe(KV_MEMORY_MARGIN);
    for (const model of modelIds) {
      const covered = new Set(tableConfigs(model).map((c) => `${c.gpu}/${c.tp}`));
      for (const gpu of gpuIds) {
        for (const tp of [1, 2, 4, 8]) {
          const c = { model, gpu, tp, clockMHz: 1000, role: 'mixed' as const };
          const useful = kvCapacityTokens({ ...c, id: configId(c) }) >= USEFUL_KV_TOKENS;
          expect(covered.has(`${gpu}/${tp}`), `${model} ${gpu} TP${tp}`).toBe(useful);
        }
      }
    }
  });

  it('spans each GPU from below the scenario default lowest clock to the maximum in steps of at most 200 MHz', () => {
    for (const gpu of gpuIds) {
      const spec = getGpu(gpu);
      const clocks = tableClocksMHz(gpu);
      expect(clocks[clocks.length - 1]).toBe(spec.clockMHz.max.value);
      for (let i = 1; i < clocks.length; i++) expect((clocks[i] as number) - (clocks[i - 1] as number)).toBeLessThanOrEqual(200);
      // Scenarios default to the settable clock nearest 40 % of the maximum.
      const target = 0.4 * spec.clockMHz.max.value;
      const defaultLowest = clockGrid(spec).reduce((b, c) => (Math.abs(c - target) < Math.abs(b - target) ? c : b));
      expect(clocks[0]).toBeLessThanOrEqual(defaultLowest);
    }
    expect(tableClocksMHz('H100-80GB')).toEqual([580, 780, 980, 1180, 1380, 1580, 1780, 1980]);
  });
});

describe('built-in table-backed StepModel', () => {
  let steps: StepModel;
  beforeAll(async () => {
    steps = await loadStepModel();
  });

  it('finds the package\'s profiles/ folder from its own location, not the working directory', () => {
    expect(builtInProfilesDir()).toBe(DIR);
  });

  it('says where each config comes from', () => {
    const cfg = { model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp: 8, clockMHz: 1500 };
    expect(steps.sourceOf(cfg)).toBe('built-in analytic table profiles/Llama-2-70B.arrow.gz');
    expect(steps.sourceOf({ ...cfg, tp: 1 })).toMatch(/^analytic model .*no profile table covers Llama-2-70B on H100-80GB TP1/);
  });

  it('equals the analytic model exactly at every grid point of a config', () => {
    const model: ModelId = 'Llama-2-70B';
    const gpu: GpuId = 'H100-80GB';
    // The grid points themselves, from the generator's grid definition.
    const rows = tableClocksMHz(gpu).flatMap((freqMHz) => [
      ...prefillPoints().map((p) => ({ freqMHz, phase: 'prefill' as const, batchSize: p.batch, tokens: p.tokens })),
      ...DECODE_BATCHES.flatMap((batchSize) => DECODE_CONTEXTS.map((tokens) => ({ freqMHz, phase: 'decode' as const, batchSize, tokens }))),
    ]);
    expect(rows.length).toBe(8 * (66 + 16 * 8));
    for (const r of rows) {
      const cfg = { model: getModel(model), gpu: getGpu(gpu), tp: 8, clockMHz: r.freqMHz };
      const t = r.phase === 'prefill' ? steps.prefill(cfg, r.tokens, r.tokens / r.batchSize) : steps.decode(cfg, r.batchSize, r.tokens);
      const a = r.phase === 'prefill' ? prefillStep(cfg, r.tokens, r.tokens / r.batchSize) : decodeStep(cfg, r.batchSize, r.tokens);
      expect(t.time.totalMs).toBe(a.time.totalMs);
      expect(t.powerW).toBe(a.powerW);
      expect(t.clamped).toBeUndefined();
    }
  });

  it('stays within the documented interpolation error midway between grid points on every axis (latency p99 ≤ 4 %, max ≤ 8 %; power max ≤ 7 %)', () => {
    const geo = (a: readonly number[]) => a.slice(1).map((v, i) => Math.sqrt(v * (a[i] as number)));
    const latency: number[] = [];
    const power: number[] = [];
    for (const [model, gpu, tp] of [['Llama-2-70B', 'A100-80GB', 2], ['Llama-3.1-8B', 'L40S', 1], ['Mixtral-8x7B', 'H200', 4]] as const) {
      for (const clockMHz of geo(tableClocksMHz(gpu))) {
        const cfg = { model: getModel(model), gpu: getGpu(gpu), tp, clockMHz };
        for (const n of geo(PREFILL_TOKENS)) {
          for (const perPrompt of [n, n / 3]) {
            const t = steps.prefill(cfg, n, perPrompt);
            const a = prefillStep(cfg, n, perPrompt);
            latency.push(Math.abs(t.time.totalMs / a.time.totalMs - 1));
            power.push(Math.abs(t.powerW / a.powerW - 1));
          }
        }
        for (const b of geo(DECODE_BATCHES)) {
          for (const c of geo(DECODE_CONTEXTS)) {
            const t = steps.decode(cfg, b, c);
            const a = decodeStep(cfg, b, c);
            latency.push(Math.abs(t.time.totalMs / a.time.totalMs - 1));
            power.push(Math.abs(t.powerW / a.powerW - 1));
          }
        }
      }
    }
    latency.sort((x, y) => x - y);
    expect(latency[latency.length >> 1]).toBeLessThanOrEqual(0.001);
    expect(latency[Math.floor(0.99 * latency.length)]).toBeLessThanOrEqual(0.04);
    expect(latency[latency.length - 1]).toBeLessThanOrEqual(0.08);
    expect(Math.max(...power)).toBeLessThanOrEqual(0.07);
  });

  it('reports a clamp beyond the grid (decode batch above 256) instead of extrapolating', () => {
    const cfg = { model: getModel('Llama-3.1-8B'), gpu: getGpu('B200'), tp: 8, clockMHz: 1965 };
    const s = steps.decode(cfg, 600, 1024);
    expect(s.clamped).toEqual(['batch-above']);
    expect(s.time.totalMs).toBe(steps.decode(cfg, 256, 1024).time.totalMs);
  });

  it('gives a breakdown of where time goes, scaled to the table total', () => {
    const cfg = { model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp: 8, clockMHz: 1500 };
    const t = steps.prefill(cfg, 3000).time;
    const a = prefillStep(cfg, 3000).time;
    const k = t.totalMs / a.totalMs;
    expect(t.computeMs).toBeCloseTo(a.computeMs * k, 9);
    expect(t.communicationMs).toBeCloseTo(a.communicationMs * k, 9);
    expect(JSON.parse(JSON.stringify(t)).overheadMs).toBeCloseTo(a.overheadMs * k, 9);
  });

  it('follows the analytic model under a power cap (the clock drops until the table power fits)', () => {
    const cfg = { model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp: 2, clockMHz: 1980, powerCapW: 450 };
    const t = steps.prefill(cfg, 4096);
    const a = prefillStep(cfg, 4096);
    expect(t.powerW / 2).toBeLessThanOrEqual(450 + 1e-6);
    expect(Math.abs(t.effectiveClockMHz / a.effectiveClockMHz - 1)).toBeLessThan(0.03);
    expect(Math.abs(t.time.totalMs / a.time.totalMs - 1)).toBeLessThan(0.03);
  });
});
