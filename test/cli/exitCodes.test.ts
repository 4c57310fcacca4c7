/**
 * The documented exit codes and the --json shapes on stdout (README "Exit codes" and "JSON output"):
 * 0 with {ok: true, …}; failures as {ok: false, error, exitCode, message, problems?} with 2 for bad
 * input and 3 for an infeasible scenario. Codes 4 and 5 (solver limits) are in limitExitCodes.test.ts.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_JSON, PROFILES_MEASURE_PLAN_JSON, VALIDATE_JSON } from '../../src/cli/jsonOutputs.js';
import { SUMMARY_FIELDS } from '../../src/report/summaryFields.js';
import { tinyScenarioYaml, type TinyOptions } from '../helpers/tinyScenario.js';
import { runCli } from '../helpers/runCli.js';


function scenarioFile(options: TinyOptions = {}, edit: (yaml: string) => string = (y) => y): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-exit-'));
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, edit(tinyScenarioYaml(options)));
  return file;
}

/** stdout holds exactly one JSON object (one line) and nothing else. */
function onlyJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

describe('exit codes and --json', () => {
  it('plan ok: exit 0, one JSON object {ok: true, outDir, report, solve, totals, …}, report.html written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'llmcap-exit-out-'));
    const r = await runCli(['plan', '--scenario', scenarioFile(), '--out', out, '--json', '--no-baseline']);
    expect(r.code).toBe(0);
    const json = onlyJson(r.stdout);
    expect(json).toMatchObject({ ok: true, outDir: out, report: join(out, 'report.html'), solve: { termination: 'optimal', limitReached: false } });
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['totals', 'procurement', 'windows', 'classes', 'baseline']));
    // Exactly the documented keys (docs/outputs.md's --json table and summary.json's table), both ways.
    expect(Object.keys(json).sort()).toEqual([...Object.keys(PLAN_JSON.fields), ...Object.keys(SUMMARY_FIELDS)].sort());
    for (const f of ['plan.arrow', 'plan.csv', 'procurement.csv', 'summary.json', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    // Progress went to stderr, never to stdout.
    expect(r.stderr).toMatch(/capacity/);
  });

  it('bad input: exit 2 with {ok: false, error: "input", exitCode: 2, message, problems: [{file, line, field, message}]}', async () => {
    const file = scenarioFile({}, (y) => y.replace('gpus: [H100-80GB]', 'gpus: [H100-80G]'));
    const r = await runCli(['plan', '--scenario', file, '--json', '--quiet']);
    expect(r.code).toBe(2);
    const json = onlyJson(r.stdout);
    expect(json).toMatchObject({ ok: false, error: 'input', exitCode: 2 });
    expect(json['message']).toMatch(/unknown GPU type 'H100-80G'/);
    expect((json['problems'] as { field: string; line: number }[])[0]).toMatchObject({ field: 'hardware.gpus[0]', line: expect.any(Number) });
    expect(r.stderr).toMatch(/^llmcap: bad input:/);
  });

  it('bad input without --json: exit 2, nothing on stdout, the reason on stderr', async () => {
    const r = await runCli(['plan', '--scenario', '/nonexistent/scenario.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nonexistent\/scenario\.yaml/);
  });

  it('a usage error (unknown option, bad choice) exits 2', async () => {
    expect((await runCli(['plan', '--scenario', 'x.yaml', '--bogus'])).code).toBe(2);
    expect((await runCli(['plan', '--scenario', 'x.yaml', '--solver', 'cplex'])).code).toBe(2);
    expect((await runCli(['nosuchcommand'])).code).toBe(2);
  });

  it('infeasible (provisioned power far below what the demand needs): exit 3 with {ok: false, error: "infeasible"}', async () => {
    const out = mkdtempSync(join(tmpdir(), 'llmcap-exit-inf-'));
    const r = await runCli(['plan', '--scenario', scenarioFile({ rps: 5, provisionedKW: 1 }), '--out', out, '--json', '--quiet']);
    expect(r.code).toBe(3);
    const json = onlyJson(r.stdout);
    expect(json).toMatchObject({ ok: false, error: 'infeasible', exitCode: 3 });
    expect(json['message']).toMatch(/kW/);
    expect(r.stderr).toMatch(/^llmcap: infeasible:/);
    // Nothing written for an infeasible scenario.
    expect(existsSync(join(out, 'plan.csv'))).toBe(false);
  });

  it('validate --json: {ok: true, …} and exit 0 for a good scenario', async () => {
    const r = await runCli(['validate', scenarioFile(), '--json']);
    expect(r.code).toBe(0);
    const json = onlyJson(r.stdout);
    expect(json).toMatchObject({ ok: true });
    expect(Object.keys(json)).toEqual(Object.keys(VALIDATE_JSON.fields));
  });

  it('profiles measure-plan --json: {ok: true, …} with exactly the documented keys', async () => {
    const r = await runCli(['profiles', 'measure-plan', '--model', 'Llama-3.1-8B', '--gpu', 'H100-80GB', '--json']);
    expect(r.code).toBe(0);
    expect(Object.keys(onlyJson(r.stdout))).toEqual(Object.keys(PROFILES_MEASURE_PLAN_JSON.fields));
  });

  // Usage errors come from commander, before any command runs: with --json they are JSON too.
  it.each([
    ['plan', '--json'],
    ['plan', '--scenario', 'x.yaml', '--json', '--bogus'],
    ['compare', '--json', '--designs'],
    ['simulate', '--json'],
    ['simulate', '--scenario', 'x.yaml', '--json', '--requests', 'some'],
    ['sweep', '--json', '--nope'],
    ['sweep', 'merge', '--json'],
    ['validate', '--json'],
    ['validate', 'a.yaml', 'b.yaml', '--json'],
    ['trace', 'fit', 'trace.csv', '--json'],
    ['trace', 'fit', 'trace.csv', '--out', 'x.yaml', '--json', '--bogus'],
    ['nosuchcommand', '--json'],
  ])('usage error %j: exit 2 and one JSON object {ok: false, error: "usage"}', async (...args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    const json = onlyJson(r.stdout);
    expect(json).toMatchObject({ ok: false, error: 'usage', exitCode: 2, code: expect.stringMatching(/^commander\./) });
    expect(json['message']).toBe(/error: (.*)/.exec(r.stderr)?.[1]);
  });

  it('schema and schema --json print the JSON Schema itself', async () => {
    for (const args of [['schema'], ['schema', '--json']]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ type: 'object' });
    }
  });
});
