/**
 * The worker pool from the compiled package, as `npx llmcap` runs it: a plain `node` process — no tsx —
 * runs a probe and a small sweep from the compiled sources. Its workers load the compiled worker.js,
 * and the sweep writes the bytes the TypeScript sources write. The compiled sources are the package's
 * dist/ when it is newer than every source (a clean install builds it: `prepare`), else a build of
 * the sources (tsc, as `npm run build` does) into a scratch folder beside dist/: compiling costs half
 * a minute of the suite's time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool } from '../../src/parallel/pool.js';
import { runCli } from '../helpers/runCli.js';
import { sweepFixture, type SweepFixture } from '../helpers/sweepFixtures.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
// Beside dist/ (same depth: the package's profiles/ and scenarios/ are found from there); *.tmp-* is ignored by git.
const SCRATCH_BUILD = join(ROOT, `dist.tmp-test-${process.pid}`);

/** Modification times (ms) of the files under `dir` whose names end with `suffix`. */
function mtimes(dir: string, suffix: string): number[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(suffix)).map((f) => statSync(join(dir, f)).mtimeMs);
}

/** dist/ holds a build of the current sources: every compiled file is newer than every source and tsconfig. */
function distIsCurrent(): boolean {
  if (!existsSync(join(DIST, 'cli/main.js'))) return false;
  const sources = [...mtimes(join(ROOT, 'src'), '.ts'), ...['tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(ROOT, f)).mtimeMs)];
  return Math.min(...mtimes(DIST, '.js')) >= Math.max(...sources);
}

let BUILD = DIST;
let fx: SweepFixture;

beforeAll(() => {
  if (!distIsCurrent()) {
    BUILD = SCRATCH_BUILD;
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', BUILD, '--sourceMap', 'false'], { cwd: ROOT, stdio: 'pipe' });
  }
  fx = sweepFixture();
}, 180_000);
afterAll(async () => {
  rmSync(SCRATCH_BUILD, { recursive: true, force: true });
  fx?.remove();
  await closePool();
});

/** Run an ES module snippet with plain node (no loader); its process.argv is [node, ...args]. */
function node(code: string, args: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, '--', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('worker pool (compiled package)', () => {
  it('starts workers on the compiled worker.js, without tsx', () => {
    const r = node(`
      const pool = await import(${JSON.stringify(join(BUILD, 'parallel/pool.js'))});
      const { PROBE } = await import(${JSON.stringify(join(BUILD, 'parallel/probe.js'))});
      await pool.usePoolThreads(2);
      const probes = await Promise.all([1, 2].map((echo) => pool.runTask(PROBE, { echo })));
      console.log(JSON.stringify({ entry: pool.workerEntry(), probes }));
      await pool.closePool();
    `);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { entry: string; probes: { isMainThread: boolean; build: string }[] };
    expect(out.entry).toBe(`file://${BUILD}/parallel/worker.js`);
    for (const p of out.probes) expect(p).toMatchObject({ isMainThread: false, build: 'dist' });
  });

  it('runs a sweep whose sweep.arrow equals the one from the sources', async () => {
    const grid = join(fx.dir, 'grid-two.yaml');
    execFileSync('sh', ['-c', `printf 'axes:\\n  prices.gpuHourUsd.H100-80GB: [3.5, 4.76]\\n' > ${grid}`]);
    const compiled = node(
      `const { main } = await import(${JSON.stringify(join(BUILD, 'cli/main.js'))}); process.exitCode = await main(['node', 'llmcap', ...process.argv.slice(1)]);`,
      ['sweep', '--scenario', fx.base, '--grid', grid, '--out', join(fx.dir, 'dist'), '--workers', '2', '--quiet', '--json'],
    );
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(JSON.parse(compiled.stdout)).toMatchObject({ ok: true, planned: 2, byStatus: { ok: 2 } });
    const fromSources = await runCli(['sweep', '--scenario', fx.base, '--grid', grid, '--out', join(fx.dir, 'src'), '--workers', '2', '--quiet']);
    expect(fromSources.code, fromSources.stderr).toBe(0);
    expect(readFileSync(join(fx.dir, 'dist', 'sweep.arrow')).equals(readFileSync(join(fx.dir, 'src', 'sweep.arrow')))).toBe(true);
  }, 180_000);
});
