/**
 * Calibration end to end, once per supported format (fixtures in test/fixtures/calibration, written
 * in vLLM benchmark_serving, vLLM benchmark_latency and SGLang bench_serving formats from known
 * parameters, truth.ts): `profiles fit` → a preset file → a scenario that names it
 * (hardware.calibration) → `plan --validate` (plan, then replay) on the fitted speeds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FitKey } from '../../src/profiles/index.js';
import { TRUTH } from '../fixtures/calibration/truth.js';
import { runCli } from '../helpers/runCli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/calibration/', import.meta.url));
// What each fixture set cannot pin (the fit says so, see below) is held at the preset's values: prompts
// of ≤ 8k tokens leave the attention efficiency loose; the latency runs are all at TP 1.
const FIX: Readonly<Record<string, readonly string[]>> = {
  'vllm-serving': ['--fix', 'etaAttentionPrefill'],
  'vllm-latency': ['--fix', 'etaAttentionPrefill', 'overheadPerLog2TpMs'],
  sglang: ['--fix', 'etaAttentionPrefill'],
};

function scenarioYaml(presetFile: string): string {
  return [
    'name: calibrated',
    'horizon: { start: "2024-01-01T00:00:00Z", windows: 1, windowMinutes: 10 }',
    'services:',
    '  - name: chat',
    '    model: Llama-3.1-8B',
    '    classes:',
    '      inputThresholds: []',
    '      outputThresholds: []',
    '      stats:',
    '        AA: { share: 1, input: { mean: 512 }, output: { mean: 128 } }',
    '    slo:',
    '      default: { ttft: { percentile: 99, ms: 2000 }, tbt: { percentile: 99, ms: 100 } }',
    '    demand:',
    '      meanRps: 4',
    'hardware:',
    '  gpus: [H100-80GB]',
    '  tp: [1]',
    '  clocks: { count: 1 }',
    '  stack: vllm-2025',
    `  calibration: ${presetFile}`,
    '',
  ].join('\n');
}

describe.each(['vllm-serving', 'vllm-latency', 'sglang'])('calibration from %s results', (format) => {
  const dir = mkdtempSync(join(tmpdir(), `llmcap-calibrate-${format}-`));
  const name = `fixture-${format}`;

  it('fits, then plans and replays a scenario that names the fitted preset', async () => {
    const fit = await runCli(['profiles', 'fit', '--preset', 'vllm-2025', ...(FIX[format] ?? []), '--name', name, '--out', dir, join(FIXTURES, format)]);
    expect(fit.code, fit.stderr).toBe(0);
    expect(fit.stdout).toContain('residual per measurement');
    const preset = JSON.parse(readFileSync(join(dir, `${name}.preset.json`), 'utf8')) as {
      format: string; base: string; gpu: string; params: Record<string, number>; fit: { residuals: { run: string; logResidual: number }[]; rmsLogResidual: number };
    };
    expect(preset).toMatchObject({ format: 'llmcap-fitted-preset/1', base: 'vllm-2025', gpu: 'H100-80GB' });
    // A residual per measurement, printed per run; the fixtures carry 2 % noise.
    for (const r of preset.fit.residuals) expect(fit.stdout).toContain(r.run);
    expect(preset.fit.rmsLogResidual).toBeGreaterThan(0.005);
    expect(preset.fit.rmsLogResidual).toBeLessThan(0.04);
    // Units and fields read right: the fit lands near the parameters the fixtures were written with.
    expect(preset.params['etaComputePrefill']).toBeCloseTo(TRUTH.etaComputePrefill as number, 1);
    const fitted: readonly FitKey[] = ['etaComputeDecode', 'kvReadEfficiency', 'overheadStepMs', 'overheadPerSequenceMs', ...(format === 'vllm-latency' ? [] : ['overheadPerLog2TpMs' as const])];
    for (const key of fitted) expect(Math.abs((preset.params[key] as number) / (TRUTH[key] as number) - 1), key).toBeLessThan(0.2);
    if (format === 'vllm-latency') expect(preset.params['overheadPerLog2TpMs']).toBeUndefined();
    // Power terms only where power was logged (the serving runs' nvidia-smi logs).
    expect(preset.params['powerComputeW'] !== undefined).toBe(format === 'vllm-serving');
    if (format === 'vllm-serving') expect(Math.abs((preset.params['powerComputeW'] as number) / (TRUTH.powerComputeW as number) - 1)).toBeLessThan(0.1);
    expect(preset.params['etaAttentionPrefill']).toBeUndefined();
    // Its profile table: the contract's columns, rows at the measured configuration.
    const table = readFileSync(join(dir, `${name}.profile.csv`), 'utf8').split('\n');
    expect(table[0]).toBe('model,gpu,tp,freq_mhz,phase,batch_size,tokens,latency_ms,power_w,source');
    expect(table[1]).toMatch(/^Llama-3\.1-8B,H100-80GB,1,/);

    writeFileSync(join(dir, 'scenario.yaml'), scenarioYaml(`${name}.preset.json`));
    const out = join(dir, 'out');
    const plan = await runCli(['plan', '--scenario', join(dir, 'scenario.yaml'), '--validate', '--out', out, '--quiet']);
    expect(plan.code, plan.stderr).toBe(0);
    const summary = readFileSync(join(out, 'summary.json'), 'utf8');
    expect(summary).toContain(`fitted preset ${name}`);
    const replay = JSON.parse(readFileSync(join(out, 'replay.json'), 'utf8')) as { settings: { stepSource: string }; requests: { simulated: number; completed: number }; verdict: { pass: boolean } };
    expect(replay.settings.stepSource).toContain(`fitted preset ${name}`);
    expect(replay.requests.simulated).toBeGreaterThan(1000);
    expect(replay.requests.completed).toBe(replay.requests.simulated);
    expect(replay.verdict.pass).toBe(true);
  }, 120_000);
});

describe('profiles fit refuses what the runs cannot pin down', () => {
  it('names the parameter, runs that would pin it and the --fix way out, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-calibrate-refuse-'));
    const run = await runCli(['profiles', 'fit', '--preset', 'vllm-2025', '--out', dir, join(FIXTURES, 'vllm-latency')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/overheadPerLog2TpMs: the measurements cannot pin it down: overheadPerLog2TpMs is not moved by any of these runs/);
    expect(run.stderr).toMatch(/add runs such as \[Llama-3\.1-8B H100-80GB TP[248] /);
    expect(run.stderr).toContain('--fix overheadPerLog2TpMs');
    expect(readFileSync(join(FIXTURES, 'vllm-latency', 'latency-01-b1-i128-o128.json'), 'utf8')).toContain('avg_latency');
    expect(() => readFileSync(join(dir, 'vllm-2025-H100-80GB-fitted.preset.json'))).toThrow();
  });

  it('names the file and the field of a scenario whose fitted preset is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-calibrate-bad-'));
    writeFileSync(join(dir, 'bad.preset.json'), JSON.stringify({ format: 'llmcap-fitted-preset/1', base: 'vllm-2025', gpu: 'H100-80GB', params: { etaComputeDecode: 1.7 } }));
    writeFileSync(join(dir, 'scenario.yaml'), scenarioYaml('bad.preset.json'));
    const run = await runCli(['capacity', '--scenario', join(dir, 'scenario.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.preset.json');
    expect(run.stderr).toMatch(/params\.etaComputeDecode/);
  });
});

describe('a scenario whose fitted preset does not apply', () => {
  const preset = { format: 'llmcap-fitted-preset/1', name: 'x', base: 'vllm-2025', gpu: 'H100-80GB', params: { overheadStepMs: 2 } };

  it('refuses a preset whose base the scenario does not list, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-calibrate-base-'));
    writeFileSync(join(dir, 'x.preset.json'), JSON.stringify({ ...preset, base: 'trtllm-2024' }));
    writeFileSync(join(dir, 'scenario.yaml'), scenarioYaml('x.preset.json'));
    const run = await runCli(['capacity', '--scenario', join(dir, 'scenario.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hardware\.calibration: x\.preset\.json replaces trtllm-2024's parameters, and hardware\.stack does not list trtllm-2024/);
    expect(run.stderr).toContain('add trtllm-2024 to hardware.stack');
  });

  it('refuses two presets for the same preset and GPU type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-calibrate-twice-'));
    writeFileSync(join(dir, 'a.preset.json'), JSON.stringify(preset));
    writeFileSync(join(dir, 'b.preset.json'), JSON.stringify(preset));
    writeFileSync(join(dir, 'scenario.yaml'), scenarioYaml('[a.preset.json, b.preset.json]'));
    const run = await runCli(['capacity', '--scenario', join(dir, 'scenario.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('b.preset.json and a.preset.json both replace vllm-2025 on H100-80GB');
  });
});
