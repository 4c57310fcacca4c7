/** `llmcap simulate` and `llmcap plan --validate` end to end on a tiny scenario (CLI in src/cli/commands/simulate.ts). */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_COLUMNS } from '../../src/sim/index.js';
import { SIMULATE_JSON } from '../../src/cli/jsonOutputs.js';
import { REPLAY_FIELDS } from '../../src/report/replayFields.js';

/** replay.json's documented keys (docs/outputs.md), without tracePlacement unless a trace file was replayed. */
const replayKeys = (traceFile: boolean) => Object.keys(REPLAY_FIELDS).filter((k) => traceFile || k !== 'tracePlacement').sort();
import { readCsv } from '../helpers/readCsv.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';
import { runCli } from '../helpers/runCli.js';


describe('llmcap plan --validate and llmcap simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-sim-cli-'));
  const scenarioPath = join(dir, 'tiny.yaml');
  const outDir = join(dir, 'out');
  let planned: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    writeFileSync(scenarioPath, tinyScenarioYaml({ windows: 2, rps: 2 }));
    planned = await runCli(['plan', '--scenario', scenarioPath, '--out', outDir, '--validate', '--quiet']);
  });

  it('plan --validate writes the plan and the replay outputs, and prints per-window attainment and the verdict', () => {
    expect(planned.code).toBe(0);
    for (const f of ['plan.arrow', 'requests.arrow', 'windows.csv', 'replay.json']) expect(existsSync(join(outDir, f))).toBe(true);
    expect(readdirSync(outDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(planned.stdout).toMatch(/Per window/);
    expect(planned.stdout).toMatch(/Verdict: (PASS|FAIL)/);
    expect(planned.stdout).toMatch(/Energy: replayed [\d,.]+ kWh vs planned/);
  });

  it('writes windows.csv with the declared columns, an all-row and a class row per window', () => {
    const rows = readCsv(readFileSync(join(outDir, 'windows.csv'), 'utf8'));
    expect(Object.keys(rows[0] ?? {})).toEqual(WINDOW_COLUMNS.map((c) => c.name));
    expect(rows.map((r) => `${r['window']}:${r['class']}`)).toEqual(['0:all', '0:chat/AA', '1:all', '1:chat/AA']);
    const replayJson = JSON.parse(readFileSync(join(outDir, 'replay.json'), 'utf8'));
    expect(typeof replayJson.verdict.pass).toBe('boolean');
    expect(Object.keys(replayJson).sort()).toEqual(replayKeys(false));
    expect(replayJson.energy.perWindow).toHaveLength(2);
    const requests = tableFromIPC(readFileSync(join(outDir, 'requests.arrow')));
    expect(requests.numRows).toBe(replayJson.requests.written);
  });

  it('simulate --json replays the written plan, and --requests none skips requests.arrow', async () => {
    const out2 = join(dir, 'again');
    const r = await runCli(['simulate', '--plan', join(outDir, 'plan.arrow'), '--scenario', scenarioPath, '--out', out2, '--requests', 'none', '--seed', '3', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(true);
    expect(json.seed).toBe(3);
    expect(Object.keys(json).sort()).toEqual([...Object.keys(SIMULATE_JSON.fields), ...replayKeys(false)].sort());
    expect(json.requests.written).toBe(0);
    expect(existsSync(join(out2, 'requests.arrow'))).toBe(false);
    expect(existsSync(join(out2, 'windows.csv'))).toBe(true);
  });

  it('replays a trace file with --trace', async () => {
    const trace = join(dir, 'trace.csv');
    const lines = ['TIMESTAMP,ContextTokens,GeneratedTokens', ...Array.from({ length: 50 }, (_, i) => `2024-01-01 00:00:${String(i).padStart(2, '0')}.0000000,${800 + i},${60 + i}`)];
    writeFileSync(trace, lines.join('\n'));
    const out3 = join(dir, 'trace-out');
    const r = await runCli(['simulate', '--plan', join(outDir, 'plan.arrow'), '--scenario', scenarioPath, '--trace', trace, '--out', out3, '--quiet', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.requests.simulated).toBe(50);
    expect(Object.keys(JSON.parse(readFileSync(join(out3, 'replay.json'), 'utf8'))).sort()).toEqual(replayKeys(true));
    expect(json.verdict.coveredWindows).toBe(1);
  });

  it('bad input exits 2: a missing plan, or both --trace and --synthetic', async () => {
    const missing = await runCli(['simulate', '--plan', join(dir, 'nope.arrow'), '--scenario', scenarioPath, '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.arrow.*cannot read the plan/);
    const both = await runCli(['simulate', '--plan', join(outDir, 'plan.arrow'), '--scenario', scenarioPath, '--trace', 'x.csv', '--synthetic', '--quiet']);
    expect(both.code).toBe(2);
  });
});
