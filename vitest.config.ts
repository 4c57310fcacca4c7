// Tests assert behaviour, not speed (speed is measured by `npm run bench`): a loaded 2-core machine
// must not fail a test by vitest's 5-s default, so per-test and hook limits are generous.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
