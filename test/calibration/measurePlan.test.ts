/**
 * `profiles measure-plan`: the script is valid bash (bash -n) that locks clocks and logs power at
 * 100 ms, and its runs are the ones the fit needs: read back from the script's own `run` lines, their
 * synthetic results (5 % noise) pin every parameter of the preset that the script's fit command does
 * not hold fixed, and it holds fixed only what no affordable number of repeats would pin.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designMeasurePlan, ENGINE_BASE, expectedStdErrors, fitKeys, fitPreset, fixedFromScript, MAX_RELATIVE_STD_ERROR, MAX_REPEATS, measurePlanRuns, measurePlanScript, plannedBenchRuns, runsFromScript, type Engine, type MeasurePlanOptions } from '../../src/calibration/index.js';
import { BUILT_IN_PARAMS, ENGINE_KEYS, POWER_KEYS } from '../../src/profiles/index.js';
import { syntheticRuns } from '../helpers/syntheticBench.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcap-measure-plan-'));

const CASES: readonly MeasurePlanOptions[] = [
  { model: 'Llama-3.1-8B', gpu: 'H100-80GB', engine: 'vllm' },
  { model: 'Llama-3.1-8B', gpu: 'H100-80GB', engine: 'sglang' },
  { model: 'Llama-3.1-70B', gpu: 'H200', engine: 'vllm' },
  { model: 'Llama-2-70B', gpu: 'H100-80GB', engine: 'vllm' },
];

describe.each(CASES)('measure-plan --model $model --gpu $gpu --engine $engine', (options) => {
  const design = designMeasurePlan(options);
  const runs = design.runs;
  const script = measurePlanScript(options, design, 'llmcap profiles measure-plan (test)');

  it('is a valid bash script (bash -n) that locks clocks, logs power at 100 ms and runs every planned run', () => {
    const file = join(dir, `${options.model}-${options.gpu}-${options.engine}.sh`);
    writeFileSync(file, script);
    execFileSync('bash', ['-n', file]);
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain('nvidia-smi -i "$CUDA_VISIBLE_DEVICES" -lgc "$clock,$clock"');
    expect(script).toContain('--query-gpu=index,power.draw --format=csv,noheader,nounits -lms 100');
    expect(script).toContain(options.engine === 'vllm' ? '--save-result' : 'sglang.bench_serving');
    expect(runsFromScript(script, options)).toEqual(runs);
    // Two TP degrees and three clocks: what the TP overhead and the power terms need.
    expect(new Set(runs.map((r) => r.setup.tp)).size).toBeGreaterThan(1);
    expect(new Set(runs.map((r) => r.setup.clockMHz)).size).toBe(3);
  });

  it("pins every parameter the fit needs when fitted on exactly the script's runs", () => {
    const base = ENGINE_BASE[options.engine as Engine];
    const fromScript = runsFromScript(script, options);
    const fixed = fixedFromScript(script);
    expect(fixed).toEqual(design.fixed);
    const results = syntheticRuns(fromScript, base, {}, 0.05, 11);
    // Every non-zero engine term of the preset and the three power terms, less what the script holds.
    const engine = BUILT_IN_PARAMS.engine(base, options.gpu);
    const all = [...ENGINE_KEYS.filter((k) => engine[k] > 0 && Number.isFinite(engine[k])), ...POWER_KEYS];
    expect(fitKeys(base, options.gpu, results)).toEqual(all);
    const fit = fitPreset({ base, runs: results, fixed });
    expect(fit.parameters.map((p) => p.key)).toEqual(all.filter((k) => !fixed.includes(k)));
    expect(fit.unpinned.map((q) => `${q.key} ±${(q.relStdError * 100).toFixed(0)} %`)).toEqual([]);
    // What it holds, no repeats would pin: its expected error at the most repeats is still too wide.
    const bench = plannedBenchRuns(measurePlanRuns({ ...options, repeats: 1 }));
    const loose = expectedStdErrors(base, bench, 0.05, fixed.slice(0, -1));
    const last = fixed[fixed.length - 1];
    if (last !== undefined) expect((loose.find((e) => e.key === last)?.relStdError ?? 0) / Math.sqrt(MAX_REPEATS)).toBeGreaterThan(MAX_RELATIVE_STD_ERROR / 1.5);
  });
});

describe('measure-plan repeats', () => {
  it('runs each configuration the given number of times, under names of their own', () => {
    const once = measurePlanRuns({ model: 'Llama-3.1-8B', gpu: 'H100-80GB', engine: 'vllm' });
    const thrice = measurePlanRuns({ model: 'Llama-3.1-8B', gpu: 'H100-80GB', engine: 'vllm', repeats: 3 });
    expect(thrice).toHaveLength(3 * once.length);
    expect(new Set(thrice.map((r) => r.name)).size).toBe(thrice.length);
  });
});
