/** `llmcap trace summarize` end to end: text, --json, --charts, --skip-bad-rows and exit codes. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../src/workload/index.js';
import { CODE, CONV, FIXTURES, runCli } from './traceHelpers.js';

describe('llmcap trace summarize', () => {
  it('prints requests, span, rates, token quantiles and the class mix', async () => {
    const res = await runCli(['trace', 'summarize', CONV, '--quiet']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('(azure format): 19,366 requests');
    expect(res.stdout).toMatch(/│ input  │ +2 │ +1,154\.7 │ +1,020 │ +2,734\.5 │ +4,142 │ +14,050 │/);
    expect(res.stdout).toMatch(/│ output │ +7 │ +211\.1 │ +129 │ +424 │ +601 │ +1,000 │/);
    expect(res.stdout).toContain('Request classes (input S < 1024 ≤ M < 4096 ≤ L; output S < 64 ≤ M < 256 ≤ L)');
    expect(res.stdout).toMatch(/│ SM +│ +7,222 │ +37\.3 % │/);
  });

  it('--json prints one object with the summary; the code trace\'s medians', async () => {
    const res = await runCli(['trace', 'summarize', CODE, '--window', '1m', '--json', '--quiet']);
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout) as TraceSummary & { ok: boolean; format: string };
    expect(s).toMatchObject({ ok: true, format: 'azure', requests: 8819, windowS: 60 });
    expect(s.input.p50).toBe(1469);
    expect(s.output.p50).toBe(13);
    expect(s.rate.maxRequests).toBe(585);
  });

  it('--charts writes three SVGs (rate over time, token histograms) and no temporaries', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'llmcap-charts-')), 'charts');
    const res = await runCli(['trace', 'summarize', CONV, '--window', '5m', '--charts', dir, '--quiet']);
    expect(res.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['input_tokens.svg', 'output_tokens.svg', 'rate.svg']);
    const rate = readFileSync(join(dir, 'rate.svg'), 'utf8');
    expect(rate.startsWith('<svg')).toBe(true);
    expect(rate).toContain('requests per second');
    expect(rate).toContain('11-16 18:30');
    expect(readFileSync(join(dir, 'input_tokens.svg'), 'utf8')).toContain('input tokens (log scale)');
  });

  it('--skip-bad-rows reports how many rows it skipped and why', async () => {
    const res = await runCli(['trace', 'summarize', join(FIXTURES, 'wrong_field_count.csv'), '--skip-bad-rows', '--quiet']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('(azure format): 1 request\n');
    expect(res.stdout).toContain('2 bad rows skipped (--skip-bad-rows); first ones:');
    expect(res.stdout).toMatch(/line 3 GeneratedTokens: missing value/);
    const json = JSON.parse((await runCli(['trace', 'summarize', join(FIXTURES, 'wrong_field_count.csv'), '--skip-bad-rows', '--json', '-q'])).stdout) as TraceSummary;
    expect(json.skippedRows.count).toBe(2);
  });

  it('bad input exits 2 with file, line, field and fix (as JSON with --json)', async () => {
    const path = join(FIXTURES, 'negative_tokens.csv');
    const res = await runCli(['trace', 'summarize', path, '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${path}:3: ContextTokens: '-396' is negative. Fix:`);
    const json = await runCli(['trace', 'summarize', path, '--json', '--quiet']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 2, problems: [{ file: path, line: 3, field: 'ContextTokens' }] });
    expect((await runCli(['trace', 'summarize', CONV, '--format', 'csv'])).code).toBe(2);
  });

  it('help shows an example for each command', async () => {
    for (const cmd of ['summarize', 'fit', 'synth']) {
      const res = await runCli(['trace', cmd, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`Example:\\n  \\$ llmcap trace ${cmd} `));
    }
  });
});
