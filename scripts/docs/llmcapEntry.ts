/** `npx llmcap` for the documentation's examples: bin/llmcap.js's two calls, run from src/ so no build is needed. */
import { main } from '../../src/cli/main.js';
import { exitOnSignals } from '../../src/cli/signals.js';

exitOnSignals();
process.exitCode = await main(process.argv);
