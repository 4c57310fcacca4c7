/**
 * Importers end to end: SplitwiseSim perf_model.csv and Vidur's profiles (read from ../shared; the
 * product never needs them), and the generic contract CSV; the imported tables then answer lookups
 * through loadStepModel, overriding the built-in tables where they have data.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { runProfilesImport } from '../../src/cli/commands/profiles.js';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { InputError } from '../../src/core/errors.js';
import { PROFILE_COLUMN_NAMES, fromProfileCsv, fromSplitwisePerfModel, fromVidurProfiles, loadStepModel, profileRows } from '../../src/profiles/index.js';

// These read files and generate or load ~100k-row tables: allow for a machine shared with other suites.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const REF = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));
const PERF = join(REF, 'splitwise-sim/perf_model.csv');
const VIDUR = join(REF, 'vidur');
const MLP_A100 = join(VIDUR, 'main/data/profiling/compute/a100/meta-llama/Llama-2-70b-hf/mlp.csv');
const MLP_H100 = join(VIDUR, 'main/data/profiling/compute/h100/meta-llama/Llama-2-70b-hf/mlp.csv');
const ATTENTION_A100 = join(VIDUR, 'oss-release-acb95f6/data/profiling/a100/attention.csv');
const ALL_REDUCE_A100 = join(VIDUR, 'main/data/profiling/network/a100_dgx/all_reduce.csv');

const tmp = () => mkdtempSync(join(tmpdir(), 'llmcap-import-'));
const quietly = async <T>(fn: () => Promise<T>): Promise<T> => {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
};
const llama = (gpu: 'A100-80GB' | 'H100-80GB', tp: number, clockMHz?: number) => ({ model: getModel('Llama-2-70B'), gpu: getGpu(gpu), tp, clockMHz: clockMHz ?? getGpu(gpu).clockMHz.max.value });

describe.runIf(existsSync(PERF))('SplitwiseSim perf_model.csv importer', () => {
  it('imports end to end (`profiles import --format splitwise -o`), and a table-backed StepModel answers from it', async () => {
    const out = join(tmp(), 'x.csv');
    await quietly(() => runProfilesImport([PERF], { format: 'splitwise', out }));
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(PROFILE_COLUMN_NAMES.join(','));
    const steps = await loadStepModel({ importPaths: [out] });
    // Medians of the repeated runs; a prefill of 512 tokens was measured in the anchor (94.3 ms) and again in
    // each run of the output-length sweep (92.6–93.3 ms): the row is their median.
    expect(steps.prefill(llama('A100-80GB', 8), 512).time.totalMs).toBeCloseTo(92.83, 1);
    expect(steps.decode(llama('A100-80GB', 8), 1, 576).time.totalMs).toBeCloseTo(44.85, 1);
    expect(steps.decode(llama('H100-80GB', 4), 16, 576).time.totalMs).toBeCloseTo(32.84, 1);
    expect(steps.sourceOf(llama('A100-80GB', 8))).toBe('imported: SplitwiseSim perf_model.csv (file ' + out + ')');
    // What the import lacks comes from the built-in tables, and sourceOf says why.
    expect(steps.sourceOf(llama('H100-80GB', 8, 1380))).toBe(`built-in analytic table profiles/Llama-2-70B.arrow.gz (${out} covers only 1980 MHz, not 1380 MHz)`);
    expect(steps.sourceOf({ ...llama('H100-80GB', 8), model: getModel('Mixtral-8x7B') })).toBe('built-in analytic table profiles/Mixtral-8x7B.arrow.gz');
  });

  it('takes medians, skips anomalous and synthetic rows with a note, and says where power comes from', async () => {
    const { table, notes } = await fromSplitwisePerfModel(PERF);
    const rows = profileRows(table);
    expect(rows.some((r) => r.tp === 2 && r.batchSize === 64)).toBe(false);
    expect(notes.filter((n) => n.includes('likely a failed or out-of-memory run'))).toHaveLength(2);
    expect(notes.find((n) => n.startsWith('skipped 420 rows of h100-80gb-pcap'))).toMatch(/synthetic/);
    const a100 = rows.find((r) => r.model === 'Llama-2-70B' && r.gpu === 'A100-80GB' && r.tp === 8 && r.phase === 'prefill' && r.tokens === 2048 && r.batchSize === 1);
    expect(a100?.powerW).toBeCloseTo(0.9893 * 400 * 8, 0);
    expect(a100?.source).toContain('power measured');
    const h100 = rows.find((r) => r.gpu === 'H100-80GB' && r.phase === 'decode');
    expect(h100?.source).toContain('power: analytic model');
    // 12 groups minus the 4 synthetic ones; prefill + decode rows for each measured point.
    expect(new Set(rows.map((r) => `${r.model}/${r.gpu}/${r.tp}`)).size).toBe(8);
  });
});

describe.runIf(existsSync(MLP_A100) && existsSync(ATTENTION_A100) && existsSync(ALL_REDUCE_A100))('Vidur importer', () => {
  it('composes iterations from per-layer operators × layers + attention + all-reduce', async () => {
    const { table, notes } = await fromVidurProfiles([MLP_A100, ATTENTION_A100, ALL_REDUCE_A100]);
    const rows = profileRows(table);
    expect([...new Set(rows.map((r) => r.tp))]).toEqual([2, 4, 8]);
    // TP4, batch 1, context 512: 80 × (0.311 ms of layer ops + (0.017 + 0.001) ms attention × 2/4)
    // + 0.003 ms embedding + 2 × 80 all-reduces of 16 KiB (0.016 → 0.018 ms between 10 and 18 KiB).
    const d = rows.find((r) => r.tp === 4 && r.phase === 'decode' && r.batchSize === 1 && r.tokens === 512);
    expect(d?.latencyMs).toBeCloseTo(80 * (0.311 + 0.018 * 0.5) + 0.003 + 160 * (0.016 + (6144 / 8192) * 0.002), 6);
    expect(d?.source).toMatch(/^Vidur mlp\.csv \+ attention\.csv \+ all_reduce\.csv;/);
    expect(notes.some((n) => n.includes('TP1 skipped'))).toBe(true);
    expect(notes.some((n) => n.includes('scaled by 2/4'))).toBe(true);
    const steps = await loadStepModel({ importPaths: [await writeCsv(table)] });
    expect(steps.decode(llama('A100-80GB', 4), 1, 512).time.totalMs).toBeCloseTo(d?.latencyMs ?? NaN, 9);
    expect(steps.sourceOf(llama('A100-80GB', 4))).toMatch(/^imported: Vidur mlp\.csv \+ attention\.csv \+ all_reduce\.csv \(file /);
  });

  it.runIf(existsSync(MLP_H100))('without attention and network profiles falls back to the analytic parts and says so', async () => {
    const { table, notes } = await fromVidurProfiles([MLP_H100]);
    expect(table.gpu[0]).toBe('H100-80GB');
    expect(notes.some((n) => n.startsWith('attention: no attention.csv'))).toBe(true);
    expect(notes.some((n) => n.startsWith('all-reduce: no all_reduce.csv'))).toBe(true);
  });

  it('refuses a model whose shape does not match the operators', async () => {
    await expect(fromVidurProfiles([MLP_A100], { model: 'BLOOM-176B' })).rejects.toThrow(/shape 8192\/64\/8 is not BLOOM-176B's/);
    await expect(fromVidurProfiles([ATTENTION_A100])).rejects.toBeInstanceOf(InputError);
  });
});

async function writeCsv(table: Parameters<typeof import('../../src/profiles/index.js').toProfileCsv>[0]): Promise<string> {
  const { toProfileCsv } = await import('../../src/profiles/index.js');
  const path = join(tmp(), 'vidur.csv');
  writeFileSync(path, toProfileCsv(table));
  return path;
}

describe('generic importer', () => {
  it('validates the contract, writes catalog ids, and the result overrides the built-in table for its config', async () => {
    const dir = tmp();
    const src = join(dir, 'lab.csv');
    writeFileSync(src, [
      PROFILE_COLUMN_NAMES.join(','),
      'llama2-70b,h100,8,1980,decode,1,1000,25,1500,lab H100 box',
      'llama2-70b,h100,8,1980,decode,32,1000,35,2500,lab H100 box',
      'llama2-70b,h100,8,1980,prefill,1,2048,120,4500,lab H100 box',
    ].join('\n'));
    const out = join(dir, 'lab-out.csv');
    await quietly(() => runProfilesImport([src], { format: 'generic', out }));
    const t = await fromProfileCsv(out);
    expect(t.model[0]).toBe('Llama-2-70B');
    const steps = await loadStepModel({ importPaths: [out] });
    expect(steps.decode(llama('H100-80GB', 8), 16.5, 1000).time.totalMs).toBeCloseTo(30, 9);
    expect(steps.sourceOf(llama('H100-80GB', 8))).toBe(`imported: lab H100 box (file ${out})`);
    // Prefill of a batch: the import has single prompts only, so it is charged as one prompt and says so.
    expect(steps.prefill(llama('H100-80GB', 8), 2048, 512).clamped).toEqual(['tokens-per-prompt-below']);
  });

  it('refuses a file with an unknown GPU, naming the line', async () => {
    const src = join(tmp(), 'bad.csv');
    writeFileSync(src, `${PROFILE_COLUMN_NAMES.join(',')}\nllama2-70b,h1000,8,1980,decode,1,1000,25,1500,x\n`);
    await expect(runProfilesImport([src], { format: 'generic', out: join(tmp(), 'o.csv') })).rejects.toThrow(/bad\.csv:2: column gpu: unknown GPU type 'h1000'/);
  });
});
