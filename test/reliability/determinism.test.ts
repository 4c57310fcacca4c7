/**
 * Same inputs, same bytes: `llmcap compare` (compare.csv and compare.arrow, on scenarios/day.yaml with
 * two designs, on the 2023 stack, replay included) and `llmcap simulate` with the same seed
 * (requests.arrow, windows.csv, replay.json). `llmcap plan` is covered in test/cli/plan.e2e.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';
import { dayOn2023 } from '../helpers/dayOn2023.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;
const same = (a: string, b: string, file: string) => readFileSync(join(a, file)).equals(readFileSync(join(b, file)));

describe('llmcap compare is deterministic', () => {
  it('two runs on scenarios/day.yaml with two designs write byte-identical compare.csv and compare.arrow', async () => {
    const root = mkdtempSync(join(tmpdir(), 'llmcap-compare-det-'));
    // day.yaml on the 2023 stack, where this test's time budget was measured (on trtllm-2024 the
    // SinglePool design takes three repair rounds).
    const day = join(root, 'day.yaml');
    writeFileSync(day, dayOn2023(readFileSync(DAY, 'utf8')));
    // The two designs of the built-in set that plan day.yaml fastest (SinglePool: one config per window).
    const args = (out: string) => ['compare', '--scenario', day, '--designs', 'DynamoLLM-SinglePool,Baseline-A100', '--out', out, '--quiet'];
    const a = await runCli(args(join(root, 'a')));
    const b = await runCli(args(join(root, 'b')));
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(join(root, 'a', 'compare.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(same(join(root, 'a'), join(root, 'b'), 'compare.csv')).toBe(true);
    expect(same(join(root, 'a'), join(root, 'b'), 'compare.arrow')).toBe(true);
  });
});

describe('llmcap simulate is deterministic', () => {
  const root = mkdtempSync(join(tmpdir(), 'llmcap-simulate-det-'));
  const scenario = join(root, 'tiny.yaml');
  const plan = join(root, 'plan', 'plan.arrow');
  const simulate = (out: string, seed: number) => runCli(['simulate', '--plan', plan, '--scenario', scenario, '--seed', String(seed), '--out', join(root, out), '--quiet']);

  beforeAll(async () => {
    // About 140,000 requests over two windows: enough batching and routing for ties to matter.
    writeFileSync(scenario, tinyScenarioYaml({ windows: 2, rps: 20, gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8] }));
    const r = await runCli(['plan', '--scenario', scenario, '--out', join(root, 'plan'), '--quiet', '--no-baseline']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('the same seed twice: byte-identical requests.arrow, windows.csv and replay.json; another seed differs', async () => {
    for (const [out, seed] of [['a', 7], ['b', 7], ['c', 8]] as const) expect((await simulate(out, seed)).code).toBe(0);
    for (const file of ['requests.arrow', 'windows.csv', 'replay.json']) expect(same(join(root, 'a'), join(root, 'b'), file), file).toBe(true);
    expect(same(join(root, 'a'), join(root, 'c'), 'requests.arrow')).toBe(false);
  });
});
