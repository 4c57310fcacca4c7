/** Deployment files end to end: from-plan round trip, simulate --deployment, plan.csv input, located errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentFromText, deploymentPlan } from '../../src/deployment/index.js';
import { InputError } from '../../src/core/errors.js';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenario, tinyScenarioYaml } from '../helpers/tinyScenario.js';

describe('deployment from-plan and simulate --deployment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-deploy-'));
  const scenarioPath = join(dir, 'tiny.yaml');
  const planDir = join(dir, 'plan');

  beforeAll(async () => {
    writeFileSync(scenarioPath, tinyScenarioYaml({ windows: 2, rps: [3, 1], tp: [4, 8] }));
    const planned = await runCli(['plan', '--scenario', scenarioPath, '--out', planDir, '--no-baseline', '--quiet']);
    expect(planned.code).toBe(0);
  });

  it('replaying the written deployment gives the windows.csv of the plan, from plan.arrow and from plan.csv (same seed)', async () => {
    const depFile = join(dir, 'tiny.deployment.yaml');
    const written = await runCli(['deployment', 'from-plan', join(planDir, 'plan.arrow'), '-o', depFile]);
    expect(written.code).toBe(0);
    const replays: Record<string, string[]> = {
      arrow: ['--plan', join(planDir, 'plan.arrow')],
      csv: ['--plan', join(planDir, 'plan.csv')],
      deployment: ['--deployment', depFile],
    };
    const windows: Record<string, string> = {};
    for (const [name, input] of Object.entries(replays)) {
      const r = await runCli(['simulate', ...input, '--scenario', scenarioPath, '--out', join(dir, name), '--seed', '4', '--requests', 'none', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      windows[name] = readFileSync(join(dir, name, 'windows.csv'), 'utf8');
    }
    expect(readCsv(windows['arrow'] as string).length).toBeGreaterThan(2);
    expect(windows['csv']).toBe(windows['arrow']);
    expect(windows['deployment']).toBe(windows['arrow']);
  });

  it('replays a hand-written deployment with its routing, which takes precedence over the scenario, and --router over both', async () => {
    const depFile = join(dir, 'hand.yaml');
    writeFileSync(depFile, ['name: hand', 'routing: { policy: token-jsq }', 'pools:', '  - { gpu: H100-80GB, tp: 8, role: mixed, instances: 2 }', ''].join('\n'));
    const r = await runCli(['simulate', '--deployment', depFile, '--scenario', scenarioPath, '--out', join(dir, 'hand'), '--requests', 'none', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.settings.router).toBe('token-jsq');
    expect(json.requests.rejected).toBe(0);
    expect(json.requests.unplanned).toBe(0);
    const flagged = await runCli(['simulate', '--deployment', depFile, '--scenario', scenarioPath, '--out', join(dir, 'hand2'), '--router', 'round-robin', '--requests', 'none', '--json', '--quiet']);
    expect(JSON.parse(flagged.stdout).settings.router).toBe('round-robin');
  });

  it('refuses a bad deployment with the file, line, field and fix (exit 2)', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, ['name: bad', 'pools:', '  - gpu: H100-80G', '    tp: 8', '    role: mixed', '    instances: 2', ''].join('\n'));
    const r = await runCli(['simulate', '--deployment', bad, '--scenario', scenarioPath, '--out', join(dir, 'bad-out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3`);
    expect(r.stderr).toContain('pools[0].gpu');
    expect(r.stderr).toContain("did you mean 'H100-80GB'");
  });
});

describe('deploymentPlan', () => {
  const scenario = tinyScenario({ windows: 2, rps: [3, 1] });
  const parse = (yaml: string) => deploymentFromText(yaml, 'd.yaml');

  it('splits each class over pools in proportion to their GPUs, window by window, at the GPU maximum clock', () => {
    const plan = deploymentPlan(parse('name: d\npools:\n  - { gpu: H100-80GB, tp: 8, role: mixed, instances: 1 }\n  - { gpu: H100-80GB, tp: 4, role: mixed, instances: 6 }\n'), scenario);
    expect(plan.rows).toHaveLength(4);
    const w0 = plan.rows.filter((r) => r.window === 0);
    expect(w0.map((r) => r.ratesRps['chat/AA'])).toEqual([0.75, 2.25]);
    expect(w0.every((r) => r.clockMHz === 1980)).toBe(true);
    expect(plan.rows.filter((r) => r.window === 1).map((r) => r.ratesRps['chat/AA'])).toEqual([0.25, 0.75]);
  });

  it('names the line of a window outside the scenario and of an unknown class in rates', () => {
    const text = 'name: d\nwindows:\n  - window: 0\n    pools: [{ gpu: H100-80GB, tp: 8, role: mixed, instances: 1, rates: { chat/XX: 1 } }]\n  - window: 5\n    pools: []\n';
    let caught: unknown;
    try {
      deploymentPlan(parse(text), scenario);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    const message = String((caught as Error).message);
    expect(message).toMatch(/d\.yaml:4.*rates.*chat\/XX/s);
    expect(message).toMatch(/d\.yaml:5.*window 5 is outside/s);
  });

  it('refuses pools and windows together, and a prefill pool with nothing to decode its requests', () => {
    expect(() => parse('name: d\npools: []\nwindows: []\n')).toThrow(/both pools and windows/);
    expect(() => deploymentPlan(parse('name: d\npools:\n  - { gpu: H100-80GB, tp: 8, role: prefill, instances: 1 }\n'), scenario)).toThrow(/no decode or mixed pool/);
  });
});
