/**
 * Sweep bench (issue 27): the 12-variant sweep of scenarios/day.yaml in scenarios/day-grid.yaml —
 * demand growth (+0, +20, +50 %) × power budget × H100 price — planned with 1 worker and with 2 in the same run, from fresh pools
 * (each pays its workers' start-up, module loading and first capacity table, as a user's run does).
 * Target: 2 workers ≥ 1.7× faster. A warm-up sweep first fills the tsx and file caches, so neither
 * measured run gets them for free. Both runs must write the same sweep.arrow.
 */
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closePool, usePoolThreads } from '../src/parallel/pool.js';
import { prepareSweep, runSweep, type SweepOutcome } from '../src/sweep/index.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const DAY = new URL('../scenarios/day.yaml', import.meta.url).pathname;
// The example grid of docs/sweep.md: 3 demand levels × 2 power budgets × 2 H100 prices.
const GRID = new URL('../scenarios/day-grid.yaml', import.meta.url).pathname;
const TARGET = 1.7;

/** As `llmcap sweep` runs: the pool starts, then the variants are validated and planned; all timed. */
async function sweep(dir: string, grid: string, workers: number): Promise<{ outcome: SweepOutcome; seconds: number }> {
  try {
    const run = await timed(async () => {
      await usePoolThreads(workers);
      return runSweep({ scenarioPath: DAY, gridPath: grid, outDir: join(dir, `w${workers}`), workers, validate: false, solve: { baseline: false } });
    });
    return { outcome: run.value, seconds: run.seconds };
  } finally {
    await closePool();
  }
}

export const bench: Bench = {
  name: 'sweep',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-sweep-bench-'));
    const grid = GRID;
    const warmGrid = join(dir, 'warm.yaml');
    writeFileSync(warmGrid, 'axes:\n  power.provisionedKW: [250]\n');
    const variants = (await prepareSweep({ scenarioPath: DAY, gridPath: grid, solve: { baseline: false }, validate: false })).variants.length;
    await sweep(join(dir, 'warm'), warmGrid, 1);
    const loadBefore = loadavg()[0] ?? 0;
    const one = await sweep(dir, grid, 1);
    const two = await sweep(dir, grid, 2);
    const loadAfter = loadavg()[0] ?? 0;
    const ratio = one.seconds / two.seconds;
    const same = readFileSync(join(dir, 'w1', 'sweep.arrow')).equals(readFileSync(join(dir, 'w2', 'sweep.arrow')));
    const statuses = JSON.stringify(two.outcome.byStatus);
    const note = `load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`;
    const rows: BenchRow[] = [
      { group: 'sweep', name: `day.yaml, ${variants} variants, 1 worker`, value: one.seconds, unit: 's', note: statuses },
      { group: 'sweep', name: `day.yaml, ${variants} variants, 2 workers`, value: two.seconds, unit: 's', note },
      { group: 'sweep', name: 'speed-up of 2 workers over 1 (same run)', value: ratio, unit: '×', target: `≥ ${TARGET}×`, met: ratio >= TARGET, note },
      { group: 'sweep', name: 'sweep.arrow identical with 1 and 2 workers', value: same ? 1 : 0, unit: 'bool', target: '1', met: same },
    ];
    return rows;
  },
};
