/**
 * Deployment files carry each pool's engine preset and precision: `deployment from-plan` of a plan made
 * on a modern preset keeps it, `simulate --deployment` replays it, `plan --deployment` prices it, and
 * `llmcap schema --deployment` declares the fields.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentFromText, deploymentPlan } from '../../src/deployment/index.js';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenario, tinyScenarioYaml } from '../helpers/tinyScenario.js';

describe('deployments on a modern preset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-deploy-presets-'));
  const scenarioPath = join(dir, 'tiny.yaml');
  const planDir = join(dir, 'plan');
  const depFile = join(dir, 'written.yaml');
  const simulate = async (name: string, input: string[]) => {
    const r = await runCli(['simulate', ...input, '--scenario', scenarioPath, '--out', join(dir, name), '--seed', '5', '--requests', 'none', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    return readFileSync(join(dir, name, 'windows.csv'), 'utf8');
  };

  beforeAll(async () => {
    // The planner may choose only TensorRT-LLM in FP8 on H100: every pool of the plan runs it.
    writeFileSync(scenarioPath, tinyScenarioYaml({ windows: 2, rps: [4, 2], tp: [2, 4], stack: 'trtllm-2024', precisions: ['fp8'] }));
    const planned = await runCli(['plan', '--scenario', scenarioPath, '--out', planDir, '--no-baseline', '--no-repair', '--quiet']);
    expect(planned.code, planned.stderr).toBe(0);
    const written = await runCli(['deployment', 'from-plan', join(planDir, 'plan.arrow'), '-o', depFile]);
    expect(written.code, written.stderr).toBe(0);
  }, 60_000);

  it("from-plan writes every pool's preset and precision, as plan.csv has them", () => {
    const planRows = readCsv(readFileSync(join(planDir, 'plan.csv'), 'utf8')).filter((r) => r['role'] !== 'idle');
    expect(planRows.length).toBeGreaterThan(0);
    expect(new Set(planRows.map((r) => `${r['stack']}/${r['precision']}`))).toEqual(new Set(['trtllm-2024/fp8']));
    const doc = parse(readFileSync(depFile, 'utf8')) as { windows: { pools: { stack: string; precision: string }[] }[] };
    const pools = doc.windows.flatMap((w) => w.pools);
    expect(pools).toHaveLength(planRows.length);
    for (const p of pools) expect([p.stack, p.precision]).toEqual(['trtllm-2024', 'fp8']);
  });

  it('simulate --deployment on the written file gives the windows.csv of simulate --plan (same seed); the preset is what runs', async () => {
    const fromPlan = await simulate('plan-arrow', ['--plan', join(planDir, 'plan.arrow')]);
    const fromDeployment = await simulate('deployment', ['--deployment', depFile]);
    expect(fromDeployment).toBe(fromPlan);
    // The same pools on the 2023 engine at bf16 replay differently: the fields are read, not ignored.
    const old = join(dir, 'old-engine.yaml');
    writeFileSync(old, readFileSync(depFile, 'utf8').replaceAll('stack: trtllm-2024', 'stack: vllm-2023').replaceAll('precision: fp8', 'precision: bf16'));
    expect(await simulate('old-engine', ['--deployment', old])).not.toBe(fromPlan);
  }, 60_000);

  it("plan --deployment prices the pools on their preset and precision", async () => {
    const priced = join(dir, 'priced');
    const r = await runCli(['plan', '--scenario', scenarioPath, '--deployment', depFile, '--out', priced, '--no-baseline', '--no-repair', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(readFileSync(join(priced, 'plan.csv'), 'utf8')).filter((row) => row['role'] !== 'idle' && Number(row['instances']) > 0);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => `${row['stack']}/${row['precision']}`))).toEqual(new Set(['trtllm-2024/fp8']));
  }, 60_000);
});

describe('deployment stack and precision fields', () => {
  const scenario = tinyScenario({ windows: 1, rps: 1, stack: ['vllm-2025', 'vllm-2023'] });

  it("a pool naming none runs the deployment's, else the scenario's first preset, at bf16 unless the file opts into fp8", () => {
    const plan = (yaml: string) => deploymentPlan(deploymentFromText(yaml, 'd.yaml'), scenario);
    const pool = '{ gpu: H100-80GB, tp: 8, role: mixed, instances: 1 }';
    expect(plan(`name: d\npools:\n  - ${pool}\n`).rows.map((r) => [r.stack, r.precision])).toEqual([['vllm-2025', 'bf16']]);
    expect(plan(`name: d\nstack: trtllm-2024\nprecision: fp8\npools:\n  - ${pool}\n  - { gpu: H100-80GB, tp: 4, role: mixed, instances: 1, stack: vllm-2023, precision: fp16 }\n`).rows.map((r) => [r.stack, r.precision])).toEqual([
      ['trtllm-2024', 'fp8'],
      ['vllm-2023', 'bf16'],
    ]);
  });

  it('names the line of a precision the GPU cannot run, and of an unknown preset', () => {
    expect(() => deploymentFromText('name: d\npools:\n  - { gpu: A100-80GB, tp: 8, role: mixed, instances: 1, precision: fp8 }\n', 'd.yaml')).toThrow(/d\.yaml:3.*pools\[0\]\.precision.*A100-80GB has no fp8/s);
    expect(() => deploymentFromText('name: d\npools:\n  - { gpu: H100-80GB, tp: 8, role: mixed, instances: 1, stack: vllm-2024 }\n', 'd.yaml')).toThrow(/d\.yaml:3.*stack/s);
  });

  it('llmcap schema --deployment declares stack and precision, per pool and for the whole file', async () => {
    const r = await runCli(['schema', '--deployment']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    const enumOf = (s: { anyOf: { const: string }[] }) => s.anyOf.map((x) => x.const);
    const pool = schema.properties.pools.items.properties;
    expect(enumOf(pool.stack)).toEqual(['vllm-2023', 'trtllm-2024', 'vllm-2025']);
    expect(enumOf(pool.precision)).toEqual(['bf16', 'fp16', 'fp8', 'fp4']);
    expect(enumOf(schema.properties.stack)).toEqual(enumOf(pool.stack));
    expect(schema.properties.windows.items.properties.pools.items.properties.stack).toEqual(pool.stack);
  });
});
