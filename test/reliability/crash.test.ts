/**
 * SIGKILL at random moments of `plan` and `simulate` (seeded): afterwards the output directory holds
 * either the old complete set or the new complete set (docs/outputs.md "How outputs are written"),
 * checked by the manifest — its file list equals the old run's or the new run's, and every file's
 * bytes match their SHA-256 — and the next run succeeds and removes what the killed runs left.
 * The CLI runs as a process (test/helpers/cliEntry.ts, as bin/llmcap.js does).
 */
import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, readSealed, type Manifest } from '../../src/outdir/sealedDir.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ENTRY = join(ROOT, 'test/helpers/cliEntry.ts');
const SEED = 20_261_204;
const KILLS = 2;

/** Run the CLI as a process; with `killAfterMs`, SIGKILL it then. Resolves with the wall time and how it ended. */
function runProcess(args: readonly string[], killAfterMs?: number): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, stdio: 'ignore' });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code, signal });
    });
  });
}

const fileList = (m: Manifest) => m.files.map((f) => `${f.path} ${f.sha256}`);
// summary.json and report.html record the solve's wall time, so only these identify a run's set by their bytes.
const DETERMINISTIC = /^(plan\.arrow|plan\.csv|procurement\.csv|windows\.csv|replay\.json|requests\.arrow) /;
const identity = (set: readonly string[]) => JSON.stringify(set.filter((f) => DETERMINISTIC.test(f) || /^(summary\.json|report\.html) /.test(f) === false));
const sameRun = (a: readonly string[], b: readonly string[]) => identity(a) === identity(b) && a.length === b.length;

async function sealedSet(out: string): Promise<string[]> {
  const manifest = await readSealed(out, { verify: true });
  expect(manifest, `${out}/${MANIFEST_FILE} missing or a file does not match it`).toBeDefined();
  // Every file a user sees is listed (nothing of another run mixed in).
  expect(readdirSync(out).filter((f) => f !== MANIFEST_FILE && !f.includes('.tmp-')).sort()).toEqual(manifest!.files.map((f) => f.path));
  // summary.json describes the plan.arrow beside it (one run's files, not two runs' mixed).
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { provenance: { planArrowSha256: string } };
  expect(manifest!.files.find((f) => f.path === 'plan.arrow')?.sha256).toBe(summary.provenance.planArrowSha256);
  return fileList(manifest!);
}

/** Seeded kill times across [0, 1.1 × a full run], so some land in start-up, some in the work and some in the writing. */
function killTimes(fullMs: number, seed: number): number[] {
  return fc.sample(fc.integer({ min: 0, max: Math.round(fullMs * 1.1) }), { seed, numRuns: KILLS }).sort((a, b) => a - b);
}

describe('SIGKILL at any moment leaves the old complete set or the new one', () => {
  it.each(['plan', 'simulate'] as const)('%s', async (command) => {
    const dir = mkdtempSync(join(tmpdir(), `llmcap-crash-${command}-`));
    const oldScenario = join(dir, 'old.yaml');
    const newScenario = join(dir, 'new.yaml');
    writeFileSync(oldScenario, tinyScenarioYaml({ windows: 2, rps: 2 }));
    writeFileSync(newScenario, tinyScenarioYaml({ windows: 2, rps: 3 }));
    const out = join(dir, 'out', 'tiny');
    // The replay-and-repair check runs before anything is written, so it is left out: the kills land in the writing sooner.
    const planArgs = (scenario: string) => ['plan', '--scenario', scenario, '--out', out, '--quiet', '--no-baseline', '--no-repair', '--time-limit', '2'];
    const simulateArgs = (seed: string) => ['simulate', '--plan', join(out, 'plan.arrow'), '--scenario', oldScenario, '--seed', seed, '--quiet'];
    // From an empty directory: a plan shows a replay left beside it in report.html, so the old set must not inherit one.
    const writeOld = async () => {
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      expect((await runCli(planArgs(oldScenario))).code).toBe(0);
      if (command === 'simulate') expect((await runCli(simulateArgs('1'))).code).toBe(0);
      return sealedSet(out);
    };
    const next = command === 'plan' ? planArgs(newScenario) : simulateArgs('2');
    // The new set, made once without interruption (same inputs and paths → same bytes), then the old set again.
    await writeOld();
    const full = await runProcess(next);
    expect(full.code).toBe(0);
    const newSet = await sealedSet(out);
    const oldSet = await writeOld();
    expect(sameRun(newSet, oldSet)).toBe(false);

    const seen = { old: 0, new: 0 };
    for (const ms of killTimes(full.ms, SEED + (command === 'plan' ? 0 : 1))) {
      const before = await sealedSet(out);
      const r = await runProcess(next, ms);
      const after = await sealedSet(out);
      // Killed: exactly the set it found, or a new one if the kill came after the link was swapped; finished: a new one.
      const isNew = sameRun(after, newSet);
      expect(isNew || JSON.stringify(after) === JSON.stringify(before), `killed after ${ms} ms (${r.signal ?? `exit ${r.code}`}): neither the old set nor the new one`).toBe(true);
      if (r.signal === null) expect(isNew).toBe(true);
      seen[isNew ? 'new' : 'old']++;
      // Back to the old set for the next kill, when a run got through.
      if (isNew) expect(sameRun(await writeOld(), oldSet)).toBe(true);
    }
    expect(seen.old + seen.new).toBe(KILLS);
    console.log(`crash test ${command}: full run ${Math.round(full.ms)} ms; ${KILLS} kills left the old set ${seen.old}×, the new set ${seen.new}×`);
    // A run after the kills succeeds and removes the generations and links the killed runs left.
    expect((await runProcess(next)).code).toBe(0);
    expect(sameRun(await sealedSet(out), newSet)).toBe(true);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    const leftovers = readdirSync(join(dir, 'out')).filter((f) => f !== 'tiny');
    expect(leftovers).toHaveLength(1); // the current generation only
  }, 120_000);
});
