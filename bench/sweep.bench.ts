/**
 * Sweep bench (issue 27): the 12-variant sweep of scenarios/day.yaml in scenarios/day-grid.yaml —
 * demand growth (+0, +20, +50 %) × 4 H100 prices — planned with 1 worker and with 2 in
 * the same run, from fresh pools (each pays its workers' start-up, module loading and first capacity
 * table, as a user's run does).
 * Target: 2 workers ≥ 1.7× faster. The same again with --validate (each variant also replayed: more
 * work per variant against the same start-up). A warm-up sweep first fills the tsx and file caches,
 * so neither measured run gets them for free. Both runs must write the same sweep.arrow.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closePool, usePoolThreads } from '../src/parallel/pool.js';
import { prepareSweep, runSweep, type SweepOutcome } from '../src/sweep/index.js';
import { WARM_UP_PLANNING } from '../src/sweep/variantTasks.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const DAY = new URL('../scenarios/day.yaml', import.meta.url).pathname;
// The example grid of docs/sweep.md: 3 demand levels × 4 H100 prices.
const GRID = new URL('../scenarios/day-grid.yaml', import.meta.url).pathname;
const TARGET = 1.7;

/** As `llmcap sweep` runs: the variants are validated, the pool starts, the variants are planned; all timed. */
async function sweep(dir: string, grid: string, workers: number, validate: boolean): Promise<{ outcome: SweepOutcome; seconds: number; arrow: Buffer }> {
  const outDir = join(dir, `${validate ? 'validate-' : ''}w${workers}`);
  try {
    const run = await timed(async () => {
      const prepared = await prepareSweep({ scenarioPath: DAY, gridPath: grid, solve: { baseline: false }, validate });
      await usePoolThreads(workers, { preload: [WARM_UP_PLANNING] });
      return runSweep({ scenarioPath: DAY, gridPath: grid, outDir, workers, validate, solve: { baseline: false } }, prepared);
    });
    return { outcome: run.value, seconds: run.seconds, arrow: readFileSync(join(outDir, 'sweep.arrow')) };
  } finally {
    await closePool();
  }
}

/** Seconds of the first variant beyond the median of the others, in a 1-worker run: what each worker pays once. */
function startUpSeconds(dir: string): number {
  const rows = readFileSync(join(dir, 'timings.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[5]));
  const rest = rows.slice(1).sort((a, b) => a - b);
  return (rows[0] ?? 0) - (rest[Math.floor(rest.length / 2)] ?? 0);
}

export const bench: Bench = {
  name: 'sweep',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-sweep-bench-'));
    try {
      return await measure(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Both sweeps (without and with --validate) on 1 and 2 workers, in `dir`. */
async function measure(dir: string): Promise<BenchRow[]> {
  const warmGrid = join(dir, 'warm.yaml');
  writeFileSync(warmGrid, 'axes:\n  power.provisionedKW: [200]\n');
  const variants = (await prepareSweep({ scenarioPath: DAY, gridPath: GRID, solve: { baseline: false }, validate: false })).variants.length;
  await sweep(join(dir, 'warm'), warmGrid, 1, false);
  const rows: BenchRow[] = [];
  for (const validate of [false, true]) {
    const what = `day.yaml, ${variants} variants${validate ? ', --validate' : ''}`;
    const loadBefore = loadavg()[0] ?? 0;
    const one = await sweep(dir, GRID, 1, validate);
    const two = await sweep(dir, GRID, 2, validate);
    const note = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after`;
    const ratio = one.seconds / two.seconds;
    const same = one.arrow.equals(two.arrow);
    rows.push(
      { group: 'sweep', name: `${what}, 1 worker`, value: one.seconds, unit: 's', note: `${JSON.stringify(one.outcome.byStatus)}; first variant ${startUpSeconds(join(dir, `${validate ? 'validate-' : ''}w1`)).toFixed(1)} s longer than the median (worker start-up, profile tables, first capacity table)` },
      { group: 'sweep', name: `${what}, 2 workers`, value: two.seconds, unit: 's', note },
      { group: 'sweep', name: `${what}: speed-up of 2 workers over 1 (same run)`, value: ratio, unit: '×', target: `≥ ${TARGET}×`, met: ratio >= TARGET, note },
      { group: 'sweep', name: `${what}: sweep.arrow identical with 1 and 2 workers`, value: same ? 1 : 0, unit: 'bool', target: '1', met: same },
    );
  }
  return rows;
}
