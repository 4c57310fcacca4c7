/**
 * `compare --deployment D --routers …`: the deployment held fixed, one replay per routing policy with
 * the same trace and seed. Each row must be the replay `simulate --deployment --router` gives for that
 * policy (same seed), and the policies must see the same requests.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

describe('llmcap compare --deployment --routers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-routers-'));
  const scenarioPath = join(dir, 'tiny.yaml');
  const deploymentPath = join(dir, 'two.yaml');
  const routers = ['token-jsq', 'round-robin', 'random'];
  let rows: Record<string, number | string>[];
  let csv: Record<string, string>[];

  beforeAll(async () => {
    // One window, two TP8 instances busy enough (with 1,000-token prompts) for queues to form.
    writeFileSync(scenarioPath, tinyScenarioYaml({ windows: 1, rps: 3 }));
    writeFileSync(deploymentPath, 'name: two\nrouting: { policy: request-jsq }\npools:\n  - { gpu: H100-80GB, tp: 8, role: mixed, instances: 2 }\n');
    const r = await runCli(['compare', '--scenario', scenarioPath, '--deployment', deploymentPath, '--routers', routers.join(','), '--seed', '3', '--out', join(dir, 'cmp'), '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    rows = JSON.parse(r.stdout).rows;
    csv = readCsv(readFileSync(join(dir, 'cmp', 'compare.csv'), 'utf8'));
  }, 30_000);

  it('writes one row per policy, in order, over the same trace and seed', () => {
    expect(rows.map((r) => r['router'])).toEqual(routers);
    expect(csv.map((r) => r['router'])).toEqual(routers);
    expect(new Set(rows.map((r) => r['requests'])).size).toBe(1);
    expect(rows[0]?.['requests']).toBeGreaterThan(5000);
    expect(rows.every((r) => r['seed'] === 3 && r['deployment'] === 'two')).toBe(true);
    expect(existsSync(join(dir, 'cmp', 'compare.arrow'))).toBe(true);
    const html = readFileSync(join(dir, 'cmp', 'report.html'), 'utf8');
    for (const router of routers) expect(html).toContain(`>${router}<`);
  });

  it("each row is the replay `simulate --deployment --router` gives for that policy (verdict, queue tails per input bin, energy)", async () => {
    for (const [i, router] of routers.entries()) {
      const r = await runCli(['simulate', '--deployment', deploymentPath, '--scenario', scenarioPath, '--router', router, '--seed', '3', '--requests', 'none', '--out', join(dir, `sim-${router}`), '--json', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const sim = JSON.parse(r.stdout);
      const row = rows[i] as Record<string, number | string>;
      expect(sim.settings.router).toBe(router);
      expect(row['slo_verdict']).toBe(sim.verdict.pass ? 'pass' : `fail: ${sim.verdict.failures.length}`);
      expect(row['failing_cells']).toBe(sim.verdict.failures.length);
      expect(row['queue_p99_ms']).toBe(sim.latency.all.queue.p99Ms);
      expect(row['ttft_p99_ms']).toBe(sim.latency.all.ttft.p99Ms);
      // The tiny scenario has one class, so one input bin, unbounded: its column is queue_p99_ms_any.
      expect(sim.latency.inputBins).toHaveLength(1);
      expect(row['queue_p99_ms_any']).toBe(sim.latency.inputBins[0].queue.p99Ms);
      expect(row['energy_kwh']).toBe(sim.energy.replayedKWh);
    }
  }, 30_000);

  it('the policies route differently: not every queue tail is the same', () => {
    expect(new Set(rows.map((r) => r['queue_p99_ms'])).size).toBeGreaterThan(1);
  });

  it('refuses --routers without --deployment, an unknown policy, and --designs with --deployment (exit 2)', async () => {
    const noDeployment = await runCli(['compare', '--scenario', scenarioPath, '--routers', 'token-jsq', '--quiet']);
    expect(noDeployment.code).toBe(2);
    expect(noDeployment.stderr).toMatch(/--routers.*no --deployment/);
    const unknown = await runCli(['compare', '--scenario', scenarioPath, '--deployment', deploymentPath, '--routers', 'token-jsq,fastest', '--out', join(dir, 'bad'), '--quiet']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown routing policy 'fastest'/);
    const both = await runCli(['compare', '--scenario', scenarioPath, '--deployment', deploymentPath, '--designs', 'llmcap-free', '--out', join(dir, 'bad'), '--quiet']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--designs and --deployment both given/);
  });
});
