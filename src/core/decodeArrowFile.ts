/**
 * Decode an Arrow IPC file from outside (a plan, a profile table) so that no damage to it can hang or
 * crash the command: its structure is checked first (arrowIpcLayout.ts), decoding runs under a
 * deadline (deadline.ts), and whatever the decoder throws becomes an InputError naming the file.
 */
import { arrowIpcLayoutProblem } from './arrowIpcLayout.js';
import { DeadlineExceeded, withinDeadline } from './deadline.js';
import { InputError } from './errors.js';

/**
 * Generous: a week's plan (1,512 rows, 55 kB) decodes in ~30 ms and the largest built-in profile table
 * (1.2 MB) in ~150 ms. Past it, the decoder is looping on damage the structure check does not know.
 */
export function decodeDeadlineMs(bytes: Uint8Array): number {
  return 5_000 + Math.ceil(bytes.length / 1e6) * 1_000;
}

/** `decode()` of `bytes`, or an InputError for `file` with `fix` when they are damaged. InputErrors from `decode` pass through. */
export function decodeArrowFile<T>(bytes: Uint8Array, file: string, fix: string, decode: () => T): T {
  const layout = arrowIpcLayoutProblem(bytes);
  if (layout !== undefined) throw new InputError({ file, message: `the Arrow file is damaged: ${layout}`, fix });
  const ms = decodeDeadlineMs(bytes);
  try {
    return withinDeadline(ms, decode);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof DeadlineExceeded) throw new InputError({ file, message: `the Arrow file is damaged: decoding it did not finish within ${ms / 1000} s`, fix });
    throw new InputError({ file, message: `the Arrow file is damaged: it cannot be decoded (${err instanceof Error ? err.message : String(err)})`, fix });
  }
}
