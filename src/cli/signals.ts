/**
 * Ctrl-C (SIGINT) and SIGTERM end a run with a documented exit code (README "Exit codes") instead of
 * killing the process outright: process.exit runs the 'exit' hooks of report/writeAtomic.ts and
 * report/toRequestsArrow.ts, which remove temporaries not yet renamed, so no half-written file is left
 * and the previous outputs stay intact. Only bin/llmcap.js installs this; in-process callers (tests)
 * keep Node's default. A signal arriving during one solver call takes effect when that call returns
 * (a WASM solve cannot be interrupted; solver/solve.ts yields between calls).
 */
import { EXIT } from './exitCodes.js';

const SIGNAL_EXIT = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;
// The progress bar hides the cursor on terminals; give it back, since the bar is not stopped.
const SHOW_CURSOR = '\u001b[?25h';

export function exitOnSignals(): void {
  for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
    process.once(signal, () => {
      process.stderr.write(`${process.stderr.isTTY ? SHOW_CURSOR : ''}\nllmcap: interrupted by ${signal}; unfinished outputs were removed, files already in place are unchanged\n`);
      process.exit(code);
    });
  }
}
