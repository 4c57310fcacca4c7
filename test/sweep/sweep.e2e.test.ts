/**
 * `llmcap sweep` end to end on a small sweep (test/helpers/sweepFixtures.ts): the same sweep.arrow with
 * 1 and 2 workers, from three shards merged, and after a resume following SIGKILL; Ctrl-C; failed
 * variants as rows; bad grids refused before any work; --validate; the Indexed Job index. Variants plan
 * in about a second each; most of the time is worker start-up (tsx compiles the sources in each worker).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSealed } from '../../src/outdir/sealedDir.js';
import { closePool, usePoolThreads } from '../../src/parallel/pool.js';
import { progressMessage } from '../../src/cli/commands/sweep.js';
import { runSweep, type SweepProgress } from '../../src/sweep/index.js';
import { TIMING_COLUMNS } from '../../src/sweep/sweepTable.js';
import { runCli } from '../helpers/runCli.js';
import { sweepFixture, type SweepFixture } from '../helpers/sweepFixtures.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const ENTRY = join(ROOT, 'test/helpers/cliEntry.ts');
const TABLES = ['sweep.arrow', 'sweep.csv', 'sweep.parquet', 'report.html'];

let fx: SweepFixture;
let reference: string;

const sweepArgs = (out: string, ...more: string[]) => ['sweep', '--scenario', fx.base, '--grid', fx.grid, '--out', out, '--quiet', '--json', ...more];
const committed = (out: string) => (existsSync(join(out, 'variants')) ? readdirSync(join(out, 'variants')).filter((n) => /^v\d+$/.test(n)) : []);
const leftovers = (out: string) => (existsSync(join(out, 'variants')) ? readdirSync(join(out, 'variants')).filter((n) => n.includes('.tmp-') || n.includes('.old-')) : []);
const bytes = (path: string) => readFileSync(path);

/** Spawn the CLI from the sources; `when` is polled and the signal sent once it holds. */
function runUntil(args: readonly string[], when: () => boolean, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; atSignal: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let atSignal = -1;
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setInterval(() => {
      if (atSignal < 0 && when()) {
        child.kill(signal);
        atSignal = Date.now();
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      clearInterval(timer);
      resolve({ code, signal: sig, stderr, atSignal });
    });
  });
}

beforeAll(async () => {
  fx = sweepFixture();
});
afterAll(async () => {
  fx?.remove();
  await closePool();
});

describe('llmcap sweep', () => {
  it('plans every variant into its own directory, one row each, timings apart; 1 and 2 workers write the same bytes', async () => {
    const one = join(fx.dir, 'w1');
    const two = join(fx.dir, 'w2');
    const r1 = await runCli(sweepArgs(one, '--workers', '1'));
    const r2 = await runCli(sweepArgs(two, '--workers', '2'));
    expect([r1.code, r2.code], r1.stderr + r2.stderr).toEqual([0, 0]);
    const s1 = JSON.parse(r1.stdout);
    expect(s1).toMatchObject({ ok: true, variants: 6, planned: 6, resumed: 0, byStatus: { ok: 6 }, complete: true });
    for (const f of TABLES) expect(bytes(join(two, f)).equals(bytes(join(one, f))), f).toBe(true);
    reference = join(one, 'sweep.arrow');

    const table = tableFromIPC(bytes(reference));
    expect(table.numRows).toBe(6);
    const names = table.schema.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['variant', 'power.provisionedKW', 'prices.gpuHourUsd.H100-80GB', 'status', 'totalCostUsd', 'fleetCostUsd', 'energyCostUsd', 'energyKWh', 'carbonKg', 'peakPowerKW', 'gpuMix', 'gap', 'verdict']));
    expect(names.some((n) => /second/i.test(n))).toBe(false);
    const rows = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    expect(rows.map((r) => r['variant'])).toEqual(['v0000', 'v0001', 'v0002', 'v0003', 'v0004', 'v0005']);
    expect(rows.map((r) => r['power.provisionedKW'])).toEqual([150, 150, 300, 300, 400, 400]);
    // No variant reached a solver limit: every search ended proven within the gap.
    for (const r of rows) expect([r['status'], r['termination']]).toEqual(['ok', 'optimal']);
    // The cost split adds up, and a dearer H100 never makes the plan cheaper.
    for (const r of rows) expect((r['fleetCostUsd'] as number) + (r['energyCostUsd'] as number)).toBeCloseTo(r['totalCostUsd'] as number, 6);
    for (let i = 0; i < 6; i += 2) expect(rows[i + 1]?.['totalCostUsd'] as number).toBeGreaterThanOrEqual((rows[i]?.['totalCostUsd'] as number) * (1 - 0.011));

    const timings = readFileSync(join(one, 'timings.csv'), 'utf8').trim().split('\n');
    expect(timings[0]).toBe('variant,status,planSeconds,replaySeconds,outputSeconds,totalSeconds,finishedAt');
    expect(timings[0]?.split(',')).toEqual(TIMING_COLUMNS.map((c) => c.name)); // the documented columns (docs/sweep.md)
    expect(timings.slice(1).every((l) => Number(l.split(',')[5]) > 0)).toBe(true);
    for (const id of committed(one)) {
      expect(await readSealed(join(one, 'variants', id), { verify: true }), id).toBeDefined();
      expect(existsSync(join(one, 'variants', id, 'plan.arrow'))).toBe(true);
      expect(existsSync(join(one, 'variants', id, 'report.html'))).toBe(true);
    }
    expect(committed(one)).toHaveLength(6);
  }, 240_000);

  it('rerun on a finished directory plans nothing and rewrites the same bytes', async () => {
    const one = join(fx.dir, 'w1');
    const r = await runCli(sweepArgs(one, '--workers', '2'));
    expect(JSON.parse(r.stdout)).toMatchObject({ planned: 0, resumed: 6 });
    expect(bytes(join(one, 'sweep.arrow')).equals(bytes(reference))).toBe(true);
  }, 120_000);

  it('merging shards 0/3, 1/3 and 2/3, run separately, gives the bytes of a single run', async () => {
    const dirs = [0, 1, 2].map((i) => join(fx.dir, `shard${i}`));
    // Three runs of the library call in one warm pool (the CLI path is the one above): each plans its
    // third of the variants into its own directory and writes no table, the sweep being incomplete there.
    await usePoolThreads(1);
    for (const [index, dir] of dirs.entries()) {
      const progress: SweepProgress[] = [];
      const outcome = await runSweep({ scenarioPath: fx.base, gridPath: fx.grid, outDir: dir, workers: 1, validate: false, shard: { index, count: 3 }, solve: { baseline: false }, onProgress: (p) => progress.push(p) });
      expect(outcome).toMatchObject({ inShard: 2, planned: 2, missing: 4, files: [] });
      expect(committed(dir)).toEqual([`v000${index}`, `v000${index + 3}`]);
      // The bar's figures: done climbs to the shard's size, one running at a time, an ETA once one finished.
      expect(progress.map((p) => [p.done, p.running])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0]]);
      expect(progress.every((p) => p.total === 2 && p.failed === 0)).toBe(true);
      expect(progress.map((p) => p.etaSeconds === undefined)).toEqual([true, true, false, false, false]);
      expect(progress.at(-1)).toMatchObject({ etaSeconds: 0, last: { id: `v000${index + 3}`, status: 'ok' } });
      expect(progressMessage(progress[2] as SweepProgress)).toMatch(new RegExp(`^variants 1/2 · 0 failed · 0 running · ETA \\d+s · v000${index} ok$`));
    }
    const merged = join(fx.dir, 'merged');
    const m = await runCli(['sweep', 'merge', ...dirs, '--out', merged, '--json']);
    expect(m.code, m.stderr).toBe(0);
    for (const f of TABLES) expect(bytes(join(merged, f)).equals(bytes(join(fx.dir, 'w1', f))), f).toBe(true);
    // Two shards are not the sweep: merge says which variants are missing and exits 2.
    const partial = await runCli(['sweep', 'merge', dirs[0] as string, dirs[1] as string, '--out', join(fx.dir, 'partial')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/2 of 6 variants have no finished output .*v0002, v0005/);
  }, 240_000);

  it('resumes after a SIGKILL taken once a variant finished, and writes the same sweep.arrow', async () => {
    const out = join(fx.dir, 'killed');
    const killed = await runUntil(sweepArgs(out, '--workers', '1'), () => committed(out).length >= 1, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const finished = committed(out).length;
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(finished).toBeLessThan(6);
    expect(existsSync(join(out, 'sweep.arrow'))).toBe(false);
    const resumed = await runCli(sweepArgs(out, '--workers', '2'));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: finished, planned: 6 - finished, complete: true });
    expect(leftovers(out)).toEqual([]);
    expect(bytes(join(out, 'sweep.arrow')).equals(bytes(reference))).toBe(true);
  }, 240_000);

  it('Ctrl-C exits 130, removes the unfinished variant, keeps the finished ones sealed', async () => {
    const out = join(fx.dir, 'interrupted');
    const r = await runUntil(sweepArgs(out, '--workers', '1'), () => committed(out).length >= 1, 'SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted by SIGINT/);
    expect(leftovers(out)).toEqual([]);
    expect(existsSync(join(out, 'sweep.arrow'))).toBe(false);
    for (const id of committed(out)) expect(await readSealed(join(out, 'variants', id), { verify: true }), id).toBeDefined();
  }, 240_000);

  it('an aborted run (library) stops its workers and leaves only sealed variants', async () => {
    const out = join(fx.dir, 'aborted');
    const controller = new AbortController();
    await usePoolThreads(1);
    const outcome = await runSweep({
      scenarioPath: fx.base,
      gridPath: fx.grid,
      outDir: out,
      workers: 1,
      validate: false,
      solve: { baseline: false },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 1) controller.abort();
      },
    });
    expect(outcome.interrupted).toBe(true);
    expect(outcome.planned).toBe(1);
    expect(outcome.files).toEqual([]);
    expect(committed(out)).toEqual(['v0000']);
    expect(leftovers(out)).toEqual([]);
  }, 120_000);

  it('a variant that fails is a row with its reason, the others are planned; --validate replays them', async () => {
    const grid = join(fx.dir, 'grid-fail.yaml');
    writeFileSync(grid, 'axes:\n  power.provisionedKW: [1, 400]\n');
    const out = join(fx.dir, 'failing');
    const args = ['sweep', '--scenario', fx.base, '--grid', grid, '--out', out, '--validate', '--quiet', '--json'];
    const r = await runCli([...args, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).byStatus).toEqual({ infeasible: 1, ok: 1 });
    const rows = tableFromIPC(bytes(join(out, 'sweep.arrow'))).toArray().map((x) => x.toJSON() as Record<string, unknown>);
    expect(rows[0]).toMatchObject({ status: 'infeasible', gpuMix: '', verdict: '' });
    expect(rows[0]?.['reason']).toMatch(/needs ≥ [\d.]+ kW predicted peak power; provisioned 1.0 kW/);
    expect(Number.isNaN(rows[0]?.['totalCostUsd'])).toBe(true);
    expect(rows[1]).toMatchObject({ status: 'ok', reason: '' });
    // The replay's verdict and figures; its windows.csv beside the plan, no per-request file.
    expect(['pass', 'fail']).toContain(rows[1]?.['verdict']);
    expect(rows[1]?.['minSloAttainment']).toBeGreaterThan(0.5);
    expect(rows[1]?.['replayEnergyKWh']).toBeGreaterThan(0);
    expect(existsSync(join(out, 'variants', 'v0001', 'windows.csv'))).toBe(true);
    expect(existsSync(join(out, 'variants', 'v0001', 'requests.arrow'))).toBe(false);
    // The failure is a result: a rerun does not plan it again.
    const again = await runCli(args);
    expect(JSON.parse(again.stdout)).toMatchObject({ planned: 0, resumed: 2 });
  }, 120_000);

  it('refuses a bad grid before any work, naming the axis (exit 2, nothing written)', async () => {
    const grid = join(fx.dir, 'grid-bad.yaml');
    writeFileSync(grid, 'axes:\n  power.provisionedKW: [150, 300]\n  services[conversation].slo.default.tbt.ms: [100, -1]\n');
    const out = join(fx.dir, 'bad');
    const r = await runCli(['sweep', '--scenario', fx.base, '--grid', grid, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/grid-bad\.yaml:3:\d+: axes\.services\[conversation\]\.slo\.default\.tbt\.ms\[1\]: axis 'services\[conversation\]\.slo\.default\.tbt\.ms' value -1/);
    expect(existsSync(out)).toBe(false);
  });

  it('in a Kubernetes Indexed Job, takes the shard from JOB_COMPLETION_INDEX and the count from --shards', async () => {
    // On the finished directory of the first test: the shard's one variant is found finished.
    process.env['JOB_COMPLETION_INDEX'] = '5';
    try {
      const r = await runCli(sweepArgs(join(fx.dir, 'w1'), '--shards', '6'));
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ shard: '5/6', inShard: 1, planned: 0, resumed: 1, complete: true });
      const noCount = await runCli(sweepArgs(join(fx.dir, 'indexed')));
      expect(noCount.code).toBe(2);
      expect(noCount.stderr).toMatch(/JOB_COMPLETION_INDEX=5 is set .* pass --shards N/);
    } finally {
      delete process.env['JOB_COMPLETION_INDEX'];
    }
  });
});
