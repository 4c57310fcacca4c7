/**
 * bin/llmcap.js for tests that spawn the CLI as a process, run from src/ with `node --import tsx`
 * so no build is needed: the same two calls as the bin file.
 */
import { main } from '../../src/cli/main.js';
import { exitOnSignals } from '../../src/cli/signals.js';

exitOnSignals();
process.exitCode = await main(process.argv);
