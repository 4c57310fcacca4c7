/**
 * Exit codes 4 and 5 (a solver limit reached, with or without a plan). No solver option makes a
 * time limit hit deterministically on a small scenario (HiGHS solves it well inside any limit, and
 * limits are wall-clock), so the planner is replaced here by one that reports the limit: a real plan
 * of a tiny scenario flagged limitReached, or the SolverLimitError it throws when it has no plan.
 * What is tested is the command's side: files, JSON and exit code.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SolverLimitError } from '../../src/core/errors.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const limit = vi.hoisted(() => ({ mode: 'with-plan' as 'with-plan' | 'no-plan' }));

vi.mock('../../src/plan/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/plan/index.js')>();
  return {
    ...original,
    planScenario: async (...args: Parameters<typeof original.planScenario>) => {
      if (limit.mode === 'no-plan') throw new SolverLimitError('The solver (highs) reached its time limit before finding any plan. Fix: raise --time-limit.');
      const outcome = await original.planScenario(...args);
      return { ...outcome, plan: { ...outcome.plan, solve: { ...outcome.plan.solve, termination: 'time_limit', limitReached: true, gap: 0.05 } } };
    },
  };
});

const { main } = await import('../../src/cli/main.js');

async function runCli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(['node', 'llmcap', ...args]), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function tinyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'llmcap-limit-')), 'tiny.yaml');
  writeFileSync(file, tinyScenarioYaml());
  return file;
}

describe('solver limits', () => {
  it('limit reached with a plan: exit 4, the plan and report written, JSON {ok: true, solve.limitReached: true}', async () => {
    limit.mode = 'with-plan';
    const out = mkdtempSync(join(tmpdir(), 'llmcap-limit-out-'));
    const r = await runCli(['plan', '--scenario', tinyFile(), '--out', out, '--json', '--quiet', '--no-baseline']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, solve: { termination: 'time_limit', limitReached: true } });
    for (const f of ['plan.csv', 'summary.json', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('The solver reached its time limit');
  });

  it('limit reached with no plan: exit 5, nothing written, JSON {ok: false, error: "limit", exitCode: 5}', async () => {
    limit.mode = 'no-plan';
    const out = mkdtempSync(join(tmpdir(), 'llmcap-limit-none-'));
    const r = await runCli(['plan', '--scenario', tinyFile(), '--out', out, '--json', '--quiet']);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: 'limit', exitCode: 5 });
    expect(existsSync(join(out, 'plan.csv'))).toBe(false);
  });
});
