/**
 * `llmcap plan --scenario scenarios/week.yaml` exactly as a user runs it (issue 19's target): the
 * compiled CLI in a child process, with the scenario's defaults (the capacity table on every core,
 * the repair check, the SinglePool baseline), for the cost and the energy objective. Target: ≤ 60 s
 * wall on the 2-core machine at ≤ 1 % overall gap and ≤ 0.5 % on every window. Each objective also
 * runs with `--no-repair --no-baseline`: the optimized plan alone (capacity table and solve), before
 * the replay checks it and the baseline is planned beside it. The machine's load average is noted on
 * each row: on a shared machine the wall time is only comparable with rows of the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed, type Bench, type BenchRow } from './harness.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TARGET_SECONDS = 60;
const OBJECTIVES = ['cost', 'energy'] as const;
/** As a user runs it, and the optimized plan alone (no replay check, no baseline beside it). */
const VARIANTS = [
  { flags: [], label: ' (defaults: repair, baseline)' },
  { flags: ['--no-repair', '--no-baseline'], label: ' --no-repair --no-baseline (the solve alone)' },
] as const;

interface SolveFields {
  readonly gap?: number;
  readonly worstWindowGap?: number;
  readonly limitReached?: boolean;
}

export const bench: Bench = {
  name: 'plan-cli',
  async run() {
    // The CLI runs from dist/: compile it first so that it is the sources being benchmarked.
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-bench-plan-'));
    const rows: BenchRow[] = [];
    try {
      for (const [objective, variant] of OBJECTIVES.flatMap((o) => VARIANTS.map((v) => [o, v] as const))) {
        const out = join(dir, `${objective}${variant.flags.join('')}`);
        const load = loadavg()[0] ?? 0;
        const run = await timed(() => spawnSync('node', ['bin/llmcap.js', 'plan', '--scenario', 'scenarios/week.yaml', '--objective', objective, ...variant.flags, '--out', out, '-q'], { cwd: ROOT, encoding: 'utf8' }));
        const name = `week · llmcap plan --objective ${objective}${variant.label}`;
        const note = `exit ${run.value.status ?? run.value.signal}; load average ${load.toFixed(1)} at start`;
        if (run.value.status !== 0 && run.value.status !== 4) {
          rows.push({ group: 'plan', name: `${name} · wall`, value: run.seconds, unit: 's', note: `${note}; no plan: ${run.value.stderr.trim().split('\n').at(-1) ?? ''}`, target: `≤ ${TARGET_SECONDS} s`, met: false });
          continue;
        }
        const solve = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { solve: SolveFields }).solve;
        const withinGaps = (solve.gap ?? 1) <= 0.01 && (solve.worstWindowGap ?? 1) <= 0.005 && solve.limitReached !== true;
        rows.push(
          { group: 'plan', name: `${name} · wall`, value: run.seconds, unit: 's', note, target: `≤ ${TARGET_SECONDS} s at ≤ 1 % gap, every window ≤ 0.5 %`, met: run.seconds <= TARGET_SECONDS && withinGaps },
          { group: 'plan', name: `${name} · wall / ${TARGET_SECONDS}-s target`, value: run.seconds / TARGET_SECONDS, unit: '×', target: '≤ 1', met: run.seconds <= TARGET_SECONDS },
          { group: 'plan', name: `${name} · overall gap`, value: (solve.gap ?? Number.NaN) * 100, unit: '%', target: '≤ 1 %', met: (solve.gap ?? 1) <= 0.01 },
          { group: 'plan', name: `${name} · worst window gap`, value: (solve.worstWindowGap ?? Number.NaN) * 100, unit: '%', target: '≤ 0.5 %', met: (solve.worstWindowGap ?? 1) <= 0.005 },
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
