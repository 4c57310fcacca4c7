// Tests assert behaviour, not speed (speed is measured by `npm run bench`): a loaded 2-core machine
// must not fail a test by vitest's 5-s default, so per-test and hook limits are generous.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time on the 2-core CI machine (vitest's default is cores − 1 = 1): most
    // heavy tests spend their time in one solver or simulator thread, so two files fill both cores.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
