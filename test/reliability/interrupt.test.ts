/**
 * Ctrl-C: an interrupted run exits 130 (README "Exit codes"), leaves the previous outputs in its
 * directory byte-identical and removes its temporaries. The CLI runs as a process, from src/ through
 * test/helpers/cliEntry.ts (the same two calls as bin/llmcap.js, no build needed), and gets SIGINT
 * during planning (after the capacity stage starts) and during a replay (while requests.arrow is being
 * streamed to its temporary file).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ENTRY = join(ROOT, 'test/helpers/cliEntry.ts');
const WEEK = join(ROOT, 'scenarios/week.yaml');

interface Interrupted {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Start the CLI, send SIGINT once `ready` says so (polled every 10 ms), and wait for the exit. */
function interruptWhen(args: readonly string[], ready: (stderr: string) => boolean): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll = setInterval(() => {
      if (ready(stderr)) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 10);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

const snapshot = (dir: string) => new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));

function expectUnchanged(dir: string, before: Map<string, Buffer>): void {
  expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  expect(readdirSync(dir).sort()).toEqual([...before.keys()].sort());
  for (const [f, bytes] of before) expect(readFileSync(join(dir, f)).equals(bytes), f).toBe(true);
}

describe('SIGINT (Ctrl-C)', () => {
  it('bin/llmcap.js installs the handler the tests exercise', () => {
    expect(readFileSync(join(ROOT, 'bin/llmcap.js'), 'utf8')).toMatch(/exitOnSignals\(\);\s*process\.exitCode = await main\(process\.argv\)/);
  });

  it('during planning: exit 130, the previous plan outputs byte-identical, no temporaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-sigint-plan-'));
    const tiny = join(dir, 'tiny.yaml');
    writeFileSync(tiny, tinyScenarioYaml());
    const out = join(dir, 'out');
    expect((await runCli(['plan', '--scenario', tiny, '--out', out, '--quiet', '--no-baseline'])).code).toBe(0);
    const before = snapshot(out);
    // Not --quiet: the progress lines on stderr say when planning has started.
    const r = await interruptWhen(['plan', '--scenario', WEEK, '--out', out, '--no-baseline'], (stderr) => /capacity/.test(stderr));
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/llmcap: interrupted by SIGINT/);
    expectUnchanged(out, before);
  });

  it('during a replay: exit 130, the previous replay outputs byte-identical, the requests.arrow temporary removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-sigint-replay-'));
    const scenario = join(dir, 'busy.yaml');
    // About 430,000 requests: a replay of a few seconds.
    writeFileSync(scenario, tinyScenarioYaml({ windows: 2, rps: 60 }));
    const out = join(dir, 'out');
    expect((await runCli(['plan', '--scenario', scenario, '--out', out, '--quiet', '--no-baseline'])).code).toBe(0);
    const simulate = (seed: string) => ['simulate', '--plan', join(out, 'plan.arrow'), '--scenario', scenario, '--seed', seed, '--quiet'];
    expect((await runCli(simulate('1'))).code).toBe(0);
    const before = snapshot(out);
    expect([...before.keys()]).toEqual(expect.arrayContaining(['requests.arrow', 'windows.csv', 'replay.json']));
    // Another seed, so finished outputs would differ: identical bytes afterwards mean nothing was replaced.
    const r = await interruptWhen(simulate('9'), () => readdirSync(out).some((f) => f.includes('.tmp-')));
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expectUnchanged(out, before);
  });
});
