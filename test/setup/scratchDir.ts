/**
 * Vitest global setup: every temporary directory the suite makes (with os.tmpdir(), in the test
 * files and in the CLI processes they start) goes under one scratch directory of this run, removed
 * when the run ends. Tests need not each clean up after themselves, and a run leaves nothing behind
 * in the machine's /tmp (it used to leave some sixty directories per run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set while a run's scratch directory exists: each test project calls the setup, the first owns it. */
const OWNED = 'LLMCAP_TEST_SCRATCH';

export default function setup(): () => void {
  if (process.env[OWNED] !== undefined) return () => {};
  const before = process.env['TMPDIR'];
  const scratch = mkdtempSync(join(tmpdir(), 'llmcap-test-run-'));
  // Workers and the processes they spawn inherit the environment, and os.tmpdir() reads TMPDIR.
  process.env['TMPDIR'] = scratch;
  process.env[OWNED] = scratch;
  return () => {
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    delete process.env[OWNED];
    rmSync(scratch, { recursive: true, force: true });
  };
}
