/**
 * A capacity table built on the table-backed StepModel (an imported SplitwiseSim table over the
 * built-in ones): positive capacities, and sourceOf names the import for the configs it covers.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { fromSplitwisePerfModel, loadStepModel, recordClamps, toProfileCsv } from '../../src/profiles/index.js';
import { writeFilesAtomically } from '../../src/report/writeAtomic.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

// These read files and generate or load ~100k-row tables: allow for a machine shared with other suites.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const PERF = fileURLToPath(new URL('../../../shared/reference/splitwise-sim/perf_model.csv', import.meta.url));

describe.runIf(existsSync(PERF))('capacity on imported profile tables', () => {
  it('gives positive capacities, and every config names where its numbers come from', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'llmcap-cap-')), 'splitwise.csv');
    const { table } = await fromSplitwisePerfModel(PERF);
    await writeFilesAtomically([{ path: out, data: toProfileCsv(table) }]);
    const { steps, clamps } = recordClamps(await loadStepModel({ importPaths: [out] }));
    const scenario = tinyScenario({
      gpus: ['A100-80GB', 'H100-80GB'],
      tp: [4, 8],
      clocks: { 'A100-80GB': [1410], 'H100-80GB': [1380, 1980] },
      inputMean: 1000,
      outputMean: 100,
      ttftMs: 3000,
      tbtMs: 150,
    });
    const capacity = buildCapacityTable(scenario, steps);
    expect(capacity.configs.length).toBe(6);
    expect(capacity.rows.length).toBeGreaterThan(0);
    for (const r of capacity.rows) expect(r.maxRps).toBeGreaterThan(0);
    for (const c of capacity.configs) {
      const point = { model: getModel(c.model), gpu: getGpu(c.gpu), tp: c.tp, clockMHz: c.clockMHz };
      const source = steps.sourceOf(point);
      if (c.clockMHz === getGpu(c.gpu).clockMHz.max.value) expect(source).toBe(`imported: SplitwiseSim perf_model.csv (file ${out})`);
      else expect(source).toBe(`built-in analytic table profiles/Llama-2-70B.arrow.gz (${out} covers only 1980 MHz, not 1380 MHz)`);
    }
    // The measured table is the one timing these configs: H100 TP8 decodes at SplitwiseSim's ~30 ms, not the model's.
    const h100 = capacity.rows.find((r) => r.configId.startsWith('Llama-2-70B/H100-80GB/tp8/1980/'));
    expect(h100?.maxRps).toBeGreaterThan(0);
    // Clamps are recorded for the plan summary: the mean context (1,050) at batch > 1 exceeds the import's sweep at 576.
    expect(clamps().some((c) => c.phase === 'decode' && c.axes.includes('context-above'))).toBe(true);
  });
});
