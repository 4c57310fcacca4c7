/** Pinned pools (`plan --fix-pools`, `plan --deployment`): the pins hold exactly, the rest is optimized, on any backend. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentFromText, pinnedPlanInputs } from '../../src/deployment/index.js';
import { MONOLITHIC_MAX_WINDOWS, planScenario, type Plan } from '../../src/plan/index.js';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenario, tinyScenarioYaml } from '../helpers/tinyScenario.js';

const instancesOf = (plan: Plan, w: number, match: { gpu: string; tp: number; role: string }) =>
  plan.rows.filter((r) => r.window === w && r.gpu === match.gpu && r.tp === match.tp && r.role === match.role).reduce((s, r) => s + r.instances, 0);

describe('plan with pinned pools', () => {
  const scenario = tinyScenario({ windows: 2, rps: [6, 2], gpus: ['H100-80GB', 'A100-80GB'], tp: [4, 8] });
  const a100 = { gpu: 'A100-80GB', tp: 8, role: 'mixed' };

  for (const backend of ['highs', 'glpk'] as const) {
    it(`keeps the pinned pool exactly as given and adds what the demand needs (${backend})`, async () => {
      const free = (await planScenario(scenario, { backend })).plan;
      // Pin A100 TP8 at a size the free plan did not choose, in every window: the pin, not the optimum, sets it.
      const pin = instancesOf(free, 0, a100) === 1 ? 2 : 1;
      const pins = deploymentFromText(`name: pin\npools:\n  - { gpu: A100-80GB, tp: 8, role: mixed, instances: ${pin} }\n`, 'pin.yaml');
      const input = pinnedPlanInputs(pins, scenario, 'fix');
      const pinned = (await planScenario(input.scenario, { backend, pinned: input.pinned })).plan;
      // Two windows: one MILP on HiGHS; glpk.js takes the per-window (fleet-decomposition) path.
      expect(pinned.solve.method).toBe(backend === 'highs' ? 'monolithic' : 'fleet-decomposition');
      for (const w of [0, 1]) expect(instancesOf(pinned, w, a100)).toBe(pin);
      // The rest is optimized: other pools carry what the pinned instances cannot, at a cost no lower than the free optimum.
      const others = pinned.rows.filter((r) => r.window === 0 && r.role !== 'idle' && !(r.gpu === a100.gpu && r.tp === a100.tp));
      expect(others.reduce((s, r) => s + r.instances, 0)).toBeGreaterThan(0);
      expect(pinned.totals.totalCostUsd).toBeGreaterThanOrEqual(free.totals.totalCostUsd * (1 - 0.02));
    }, 60_000);
  }

  it('with the pools priced (--deployment), the deployment is the whole plan: its fleet, its pools, no other config', async () => {
    const deployment = deploymentFromText('name: two\npools:\n  - { gpu: H100-80GB, tp: 8, role: mixed, instances: 2 }\n  - { gpu: H100-80GB, tp: 4, role: mixed, instances: 2 }\n', 'two.yaml');
    const input = pinnedPlanInputs(deployment, scenario, 'price');
    const plan = (await planScenario(input.scenario, { pinned: input.pinned })).plan;
    for (const w of [0, 1]) {
      expect(instancesOf(plan, w, { gpu: 'H100-80GB', tp: 8, role: 'mixed' })).toBe(2);
      expect(instancesOf(plan, w, { gpu: 'H100-80GB', tp: 4, role: 'mixed' })).toBe(2);
      expect(plan.rows.filter((r) => r.window === w && r.role !== 'idle').every((r) => r.gpu === 'H100-80GB')).toBe(true);
    }
    // 24 GPUs need 3 DGX-H100: the fleet is the deployment's.
    expect(plan.procurement.find((p) => p.gpu === 'H100-80GB')?.servers).toBe(3);
  }, 60_000);
});

describe('pinned pools on the fleet-decomposition path (more windows than one MILP takes)', () => {
  // Demand alternating 3 and 6 req/s: windows of equal demand share a subproblem, which the
  // operation stage solves once and reuses, unless their pins differ (A100 TP8 is pinned at 1 in
  // the first half of the horizon, at 2 in the second).
  const windows = MONOLITHIC_MAX_WINDOWS + 2;
  const rps = Array.from({ length: windows }, (_, w) => (w % 2 === 0 ? 3 : 6));
  const scenario = tinyScenario({ windows, rps, gpus: ['H100-80GB', 'A100-80GB'], tp: [4, 8] });
  const a100 = { gpu: 'A100-80GB', tp: 8, role: 'mixed' };
  const pinOf = (w: number) => (w < windows / 2 ? 1 : 2);

  it('keeps each window\'s pin exactly and sizes the other pools per window', async () => {
    const free = (await planScenario(scenario, { backend: 'highs' })).plan;
    expect(free.solve.method).toBe('fleet-decomposition');
    const listed = Array.from({ length: windows }, (_, w) => `  - window: ${w}\n    pools: [{ gpu: A100-80GB, tp: 8, role: mixed, instances: ${pinOf(w)} }]`);
    const input = pinnedPlanInputs(deploymentFromText(`name: pins\nwindows:\n${listed.join('\n')}\n`, 'pins.yaml'), scenario, 'fix');
    const pinned = (await planScenario(input.scenario, { backend: 'highs', pinned: input.pinned })).plan;
    expect(pinned.solve.method).toBe('fleet-decomposition');
    for (let w = 0; w < windows; w++) expect(instancesOf(pinned, w, a100), `window ${w}`).toBe(pinOf(w));
    // The rest is optimized per window. At 3 req/s the free plan runs one A100 TP8 and nothing else,
    // so a pin of one or two carries those windows alone: nothing is added. At 6 req/s one pinned
    // instance is not enough (the free plan needs more) and other pools make up the difference, less
    // of it where two are pinned.
    const others = (w: number) => pinned.rows.filter((r) => r.window === w && r.role !== 'idle' && !(r.gpu === a100.gpu && r.tp === a100.tp && r.role === a100.role)).reduce((s, r) => s + r.gpus, 0);
    const freeRows = (w: number) => free.rows.filter((r) => r.window === w && r.role !== 'idle' && r.instances > 0).map((r) => `${r.gpu}/tp${r.tp}/${r.role}:${r.instances}`);
    expect(freeRows(0)).toEqual(['A100-80GB/tp8/mixed:1']);
    expect(freeRows(1)).not.toEqual(['A100-80GB/tp8/mixed:1']);
    for (let w = 0; w < windows; w += 2) expect(others(w), `window ${w}`).toBe(0);
    const half = windows / 2;
    for (let w = 1; w < half; w += 2) expect(others(w), `window ${w}`).toBeGreaterThan(0);
    for (let w = half + (half % 2 === 0 ? 1 : 0); w < windows; w += 2) expect(others(w), `window ${w}`).toBeLessThan(others(1));
    expect(pinned.totals.totalCostUsd).toBeGreaterThanOrEqual(free.totals.totalCostUsd * (1 - 0.02));
  }, 60_000);
});

describe('llmcap plan --deployment and --fix-pools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-pins-'));
  const scenarioPath = join(dir, 'tiny.yaml');
  writeFileSync(scenarioPath, tinyScenarioYaml({ windows: 1, rps: 2 }));

  it('prices a deployment (exit 0, its pools in plan.csv) and explains one too small for the demand (exit 3)', async () => {
    const ok = join(dir, 'ok.yaml');
    writeFileSync(ok, 'name: ok\npools:\n  - { gpu: H100-80GB, tp: 8, role: mixed, instances: 3 }\n');
    const r = await runCli(['plan', '--scenario', scenarioPath, '--deployment', ok, '--out', join(dir, 'ok-out'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(readFileSync(join(dir, 'ok-out', 'plan.csv'), 'utf8')).filter((row) => row['role'] !== 'idle');
    expect(rows.map((row) => [row['gpu'], row['tp'], row['role'], row['instances']])).toEqual([['H100-80GB', '8', 'mixed', '3']]);
    const busy = join(dir, 'busy.yaml');
    writeFileSync(busy, tinyScenarioYaml({ windows: 1, rps: 40 }));
    writeFileSync(join(dir, 'one.yaml'), 'name: one\nwindows:\n  - window: 0\n    pools: [{ gpu: H100-80GB, tp: 8, role: mixed, instances: 1 }]\n');
    const tooSmall = await runCli(['plan', '--scenario', busy, '--deployment', join(dir, 'one.yaml'), '--out', join(dir, 'one-out'), '--quiet']);
    expect(tooSmall.code).toBe(3);
    expect(tooSmall.stderr).toMatch(/deployment's pools cannot carry/);
  }, 60_000);

  it('refuses --deployment with --fix-pools', async () => {
    const r = await runCli(['plan', '--scenario', scenarioPath, '--deployment', 'a.yaml', '--fix-pools', 'b.yaml', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/both given/);
  });
});
