// Tests assert behaviour, not speed (speed is measured by `npm run bench`): a loaded 2-core machine
// must not fail a test by vitest's 5-s default, so per-test and hook limits are generous.
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files, longest first (wall seconds in a full run on the 2-core machine, 2026-12-05:
 * 165, 77, 69, 52, 48, 47, 36, 35). Vitest orders files by the durations it cached on an earlier run;
 * CI starts from a clean clone with no such cache and falls back to file size, which put the week's
 * plan (a small file, the longest by far) near the end, where it ran alone for minutes.
 */
const LONGEST_FIRST = [
  'test/plan/week.e2e.test.ts',
  'test/sweep/sweep.e2e.test.ts',
  'test/reliability/crash.test.ts',
  'test/reliability/fuzz.test.ts',
  'test/reliability/determinism.test.ts',
  'test/reproduce/reproductions.test.ts',
  'test/reliability/cliFuzz.test.ts',
  'test/reliability/timeLimit.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => f.moduleId.endsWith(path));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/** Files that replace a module with vi.mock: they need a fresh module graph of their own. */
const MOCKING = ['test/cli/limitExitCodes.test.ts'];

export default defineConfig({
  test: {
    // Two test files at a time on the 2-core CI machine (vitest's default is cores − 1 = 1): most
    // heavy tests spend their time in one solver or simulator thread, so two files fill both cores.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    sequence: { sequencer: LongestFirst },
    globalSetup: ['test/setup/scratchDir.ts'],
    setupFiles: ['test/setup/workerGuard.ts'],
    projects: [
      // One module graph per worker, not per file: a file would otherwise re-import the sources it
      // shares with every other (a sixth of the suite's wall time, measured). The sources keep no
      // state across calls that a test could see, and the tests restore what they spy on.
      { extends: true, test: { name: 'shared', isolate: false, exclude: [...configDefaults.exclude, ...MOCKING] } },
      { extends: true, test: { name: 'isolated', include: MOCKING } },
    ],
  },
});
