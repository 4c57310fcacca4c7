/**
 * The replay of a plan, if one sits in its output directory: windows.csv as the simulator writes it
 * (`llmcap simulate` or `plan --validate`). Absent is normal (no replay yet); unreadable, malformed or
 * made from another plan is said, so the report can tell the reader instead of showing stale figures.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '../plan/index.js';
import { fromWindowsCsv } from './fromWindowsCsv.js';
import { replayMismatch, type ReplayWindows } from './replayWindows.js';

export const WINDOWS_CSV = 'windows.csv';

export type LoadedReplay =
  | { readonly kind: 'none' }
  | { readonly kind: 'replay'; readonly replay: ReplayWindows; readonly file: string }
  | { readonly kind: 'ignored'; readonly file: string; readonly reason: string };

export async function loadReplayWindows(outDir: string, plan: Pick<Plan, 'windows' | 'rows'>): Promise<LoadedReplay> {
  const file = join(outDir, WINDOWS_CSV);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'ignored', file, reason: `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  const read = fromWindowsCsv(text);
  if (!read.ok) return { kind: 'ignored', file, reason: read.reason };
  const mismatch = replayMismatch(read.replay, plan);
  if (mismatch) return { kind: 'ignored', file, reason: `it was replayed from another plan (${mismatch})` };
  return { kind: 'replay', replay: read.replay, file };
}
