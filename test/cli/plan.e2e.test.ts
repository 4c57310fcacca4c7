/** `llmcap plan` end to end on scenarios/day.yaml: files, coverage of demand, Arrow = CSV, determinism. */
import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioFromText } from '../../src/scenario/index.js';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;


describe('llmcap plan --scenario scenarios/day.yaml', () => {
  const dirA = mkdtempSync(join(tmpdir(), 'llmcap-plan-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'llmcap-plan-b-'));
  let first: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    first = await runCli(['plan', '--scenario', DAY, '--out', dirA, '--quiet']);
  }, 600_000);

  it('exits 0, writes the four outputs and no temporaries, and prints a summary', () => {
    expect(first.code).toBe(0);
    for (const f of ['plan.arrow', 'plan.csv', 'procurement.csv', 'summary.json']) expect(existsSync(join(dirA, f))).toBe(true);
    expect(readdirSync(dirA).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(first.stdout).toContain('Fleet to procure');
    expect(first.stdout).toMatch(/Solve: highs/);
  });

  it('plan.arrow has the same rows as plan.csv', () => {
    const csv = readCsv(readFileSync(join(dirA, 'plan.csv'), 'utf8'));
    const arrow = tableFromIPC(readFileSync(join(dirA, 'plan.arrow')));
    expect(arrow.numRows).toBe(csv.length);
    const names = arrow.schema.fields.map((f) => f.name);
    expect(names).toEqual(Object.keys(csv[0] ?? {}));
    arrow.toArray().forEach((row, i) => {
      const rec = row.toJSON() as Record<string, unknown>;
      for (const name of names) {
        const fromCsv = csv[i]?.[name] ?? '';
        const v = rec[name];
        if (typeof v === 'number') expect(v).toBe(Number(fromCsv));
        else expect(String(v)).toBe(fromCsv);
      }
    });
  });

  it('covers the demand of every class in every window', () => {
    const scenario = scenarioFromText(readFileSync(DAY, 'utf8'), DAY);
    const csv = readCsv(readFileSync(join(dirA, 'plan.csv'), 'utf8'));
    for (const w of scenario.horizon.windows) {
      const rows = csv.filter((r) => Number(r['window']) === w.index);
      scenario.classes.forEach((cls, k) => {
        const served = rows.reduce((s, r) => s + Number(r[`rate_rps:${cls.id}`] ?? 0), 0);
        expect(served).toBeGreaterThanOrEqual((scenario.demandRps[k]?.[w.index] ?? 0) - 1e-5);
      });
      // Utilization never exceeds the planned ceiling.
      for (const r of rows) expect(Number(r['utilization'])).toBeLessThanOrEqual(0.9 + 1e-6);
    }
  });

  it('keeps active GPUs within the procured fleet and reports the solve', () => {
    const summary = JSON.parse(readFileSync(join(dirA, 'summary.json'), 'utf8'));
    const fleetGpus = summary.totals.gpus as number;
    for (const w of summary.windows as { activeGpus: number }[]) expect(w.activeGpus).toBeLessThanOrEqual(fleetGpus);
    expect(summary.solve.termination).toBe('optimal');
    expect(summary.solve.gap).toBeLessThanOrEqual(0.01);
    expect(summary.solve.bound).toBeLessThanOrEqual(summary.solve.objective + 1e-6);
  });

  it('is deterministic: a second run writes byte-identical plan.csv and plan.arrow', async () => {
    // The plan does not depend on the SinglePool baseline planned beside it: the second run skips it (CI budget).
    const second = await runCli(['plan', '--scenario', DAY, '--out', dirB, '--quiet', '--no-baseline']);
    expect(second.code).toBe(0);
    expect(readFileSync(join(dirB, 'plan.csv')).equals(readFileSync(join(dirA, 'plan.csv')))).toBe(true);
    expect(readFileSync(join(dirB, 'plan.arrow')).equals(readFileSync(join(dirA, 'plan.arrow')))).toBe(true);
  }, 600_000);
});

describe('llmcap validate and schema', () => {
  it('exits 2 and names line and field for a misspelled GPU, with --json on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-bad-'));
    const file = join(dir, 'bad.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(DAY, 'utf8').replace('gpus: [A100-80GB, H100-80GB]', 'gpus: [A100-80GB, H100-80G]'));
    const r = await runCli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.problems[0].field).toBe('hardware.gpus[1]');
    expect(out.problems[0].line).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: hardware\.gpus\[1\]/);
  });

  it('validates a good scenario with exit 0', async () => {
    const r = await runCli(['validate', DAY]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid\. 24 windows/);
  });

  it('prints a JSON Schema that describes the scenario fields', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['horizon', 'services', 'hardware', 'prices', 'power', 'objective', 'solver']));
  });

  it('exits 2 on an unknown option and on a missing file', async () => {
    expect((await runCli(['plan', '--scenario', '/nonexistent.yaml', '--quiet'])).code).toBe(2);
    expect((await runCli(['plan', '--bogus'])).code).toBe(2);
  });
});
