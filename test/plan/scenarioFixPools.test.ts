/**
 * planning.fixPools: a scenario names a deployment file whose pools `llmcap plan` holds, as
 * `plan --fix-pools` does (the flag takes precedence); a path relative to the scenario file's
 * directory; a missing file is reported at the field's line, before any work.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

describe('scenario planning.fixPools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-scenario-pins-'));
  // The scenario and its pins live together, away from the working directory: the path is the scenario's.
  const home = join(dir, 'scenarios');
  mkdirSync(home);
  const pinFile = (name: string, instances: number) => writeFileSync(join(home, name), `name: ${name.replace('.yaml', '')}\npools:\n  - { gpu: A100-80GB, tp: 8, role: mixed, instances: ${instances} }\n`);
  const scenarioWith = (name: string, fixPools: string) => {
    const path = join(home, name);
    writeFileSync(path, `${tinyScenarioYaml({ windows: 1, rps: 2, gpus: ['H100-80GB', 'A100-80GB'], tp: [4, 8] })}planning:\n  fixPools: ${fixPools}\n`);
    return path;
  };
  const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
  const a100Tp8 = (out: string) =>
    readCsv(readFileSync(join(out, 'plan.csv'), 'utf8'))
      .filter((r) => r['gpu'] === 'A100-80GB' && r['tp'] === '8' && r['role'] === 'mixed')
      .reduce((s, r) => s + Number(r['instances']), 0);
  pinFile('three.yaml', 3);
  pinFile('one.yaml', 1);
  const pinned = scenarioWith('pinned.yaml', 'three.yaml');

  it('plan holds the named pools; --fix-pools takes precedence', async () => {
    // Unpinned, the planner runs fewer than three A100 TP8 for 2 req/s: only a pin puts three there.
    const freePath = join(home, 'free.yaml');
    writeFileSync(freePath, tinyScenarioYaml({ windows: 1, rps: 2, gpus: ['H100-80GB', 'A100-80GB'], tp: [4, 8] }));
    const free = await runCli(['plan', '--scenario', freePath, '--out', join(dir, 'free'), '--no-baseline', '--quiet']);
    expect(free.code, free.stderr).toBe(0);
    expect(a100Tp8(join(dir, 'free'))).toBeLessThan(3);
    const r = await runCli(['plan', '--scenario', pinned, '--out', join(dir, 'field'), '--no-baseline', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(a100Tp8(join(dir, 'field'))).toBe(3);
    const flagged = await runCli(['plan', '--scenario', pinned, '--fix-pools', join(home, 'one.yaml'), '--out', join(dir, 'both'), '--no-baseline', '--quiet']);
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(a100Tp8(join(dir, 'both'))).toBe(1);
  }, 60_000);

  it('a missing file is an error at the field and line of the scenario (validate and plan, exit 2)', async () => {
    const missing = scenarioWith('missing.yaml', 'nowhere.yaml');
    const line = lineOf(missing, 'fixPools:');
    for (const args of [['validate', missing], ['plan', '--scenario', missing, '--out', join(dir, 'missing-out'), '--quiet']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${missing}:${line}`);
      expect(r.stderr).toContain('planning.fixPools');
      expect(r.stderr).toMatch(/'nowhere\.yaml' does not exist \(looked for .*scenarios\/nowhere\.yaml\)/);
    }
  });

  it('refuses --deployment (pricing) and compare of designs with a pinned scenario, naming the field', async () => {
    const line = lineOf(pinned, 'fixPools:');
    const priced = await runCli(['plan', '--scenario', pinned, '--deployment', join(home, 'one.yaml'), '--out', join(dir, 'priced'), '--quiet']);
    expect(priced.code).toBe(2);
    expect(priced.stderr).toContain(`${pinned}:${line}`);
    expect(priced.stderr).toMatch(/pins the pools of three\.yaml, and --deployment prices/);
    const compared = await runCli(['compare', '--scenario', pinned, '--designs', 'llmcap-free', '--out', join(dir, 'cmp'), '--quiet']);
    expect(compared.code).toBe(2);
    expect(compared.stderr).toContain('planning.fixPools');
  });
});
