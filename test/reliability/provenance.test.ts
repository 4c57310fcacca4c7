/**
 * Plan provenance (src/report/planProvenance.ts): plan.arrow and summary.json record the scenario,
 * a hash of it and its structure, and summary.json plan.arrow's own hash; simulate refuses a plan whose
 * structure differs from the scenario's (unless --allow-mismatch), accepts a what-if on the same
 * structure, and refuses a plan.arrow changed after it was written, before decoding it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROVENANCE_KEY, sha256 } from '../../src/report/planProvenance.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const root = mkdtempSync(join(tmpdir(), 'llmcap-provenance-'));
const scenario = join(root, 'tiny.yaml');
const planDir = join(root, 'plan');
const planPath = join(planDir, 'plan.arrow');

beforeAll(async () => {
  writeFileSync(scenario, tinyScenarioYaml({ windows: 2, rps: 2 }));
  expect((await runCli(['plan', '--scenario', scenario, '--out', planDir, '--quiet', '--no-baseline'])).code).toBe(0);
});

describe('plan provenance', () => {
  it('plan.arrow and summary.json name the scenario, its hash and structure; summary.json holds plan.arrow\'s hash', () => {
    const bytes = readFileSync(planPath);
    const fromArrow = JSON.parse(tableFromIPC(bytes).schema.metadata.get(PROVENANCE_KEY) ?? 'null');
    const summary = JSON.parse(readFileSync(join(planDir, 'summary.json'), 'utf8'));
    expect(fromArrow.scenario).toBe('tiny');
    expect(fromArrow.structure).toEqual({ windows: 2, windowHours: 1, start: '2024-01-01T00:00:00.000Z', classes: ['chat/AA'], models: ['Llama-2-70B'] });
    expect(fromArrow.scenarioSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.provenance).toEqual({ ...fromArrow, planArrowSha256: sha256(bytes) });
  });

  it('simulate refuses a scenario of another structure, naming what differs; --allow-mismatch replays anyway', async () => {
    const other = join(root, 'three-windows.yaml');
    writeFileSync(other, tinyScenarioYaml({ windows: 3, rps: 2 }));
    const refused = await runCli(['simulate', '--plan', planPath, '--scenario', other, '--out', join(root, 'refused'), '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the plan was made for scenario 'tiny', whose structure differs from .*three-windows\.yaml: windows: the plan has 2, the scenario 3/);
    expect(refused.stderr).toMatch(/Fix: .*--allow-mismatch/);
    const allowed = await runCli(['simulate', '--plan', planPath, '--scenario', other, '--out', join(root, 'allowed'), '--allow-mismatch', '--quiet', '--requests', 'none']);
    expect(allowed.code, allowed.stderr).toBe(0);
  });

  it('a what-if on the same structure (twice the demand) needs no flag', async () => {
    const busier = join(root, 'busier.yaml');
    writeFileSync(busier, tinyScenarioYaml({ windows: 2, rps: 4 }));
    const r = await runCli(['simulate', '--plan', planPath, '--scenario', busier, '--out', join(root, 'whatif'), '--quiet', '--requests', 'none']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('a plan.arrow changed after it was written is refused by its hash in summary.json, before decoding', async () => {
    const dir = join(root, 'flipped');
    mkdirSync(dir);
    const bytes = Buffer.from(readFileSync(planPath));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0x10;
    writeFileSync(join(dir, 'plan.arrow'), bytes);
    copyFileSync(join(planDir, 'summary.json'), join(dir, 'summary.json'));
    const r = await runCli(['simulate', '--plan', join(dir, 'plan.arrow'), '--scenario', scenario, '--out', join(root, 'flipped-out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/differs from the plan\.arrow that summary\.json beside it describes/);
  });

  it('a plan.arrow whose lengths no longer fit its size is refused as damaged, with or without summary.json', async () => {
    const dir = join(root, 'bad-footer');
    mkdirSync(dir);
    const bytes = Buffer.from(readFileSync(planPath));
    bytes.writeInt32LE(bytes.length * 2, bytes.length - 10); // the footer length
    writeFileSync(join(dir, 'plan.arrow'), bytes);
    const r = await runCli(['simulate', '--plan', join(dir, 'plan.arrow'), '--scenario', scenario, '--out', join(root, 'bad-footer-out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the Arrow file is damaged: its footer length .* does not fit the file/);
  });
});
