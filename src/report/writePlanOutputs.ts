/**
 * Everything a plan and its replay write to an output directory, in one atomic step: plan.arrow,
 * plan.csv, procurement.csv, summary.json and report.html for a plan; windows.csv, replay.json and
 * requests.arrow (already streamed to a temporary file) for a replay. With both, report.html shows the
 * replay as windows.csv records it, read from the text written beside it; with a plan alone, it shows
 * a replay of the same plan left in the directory, if any.
 */
import { basename, join } from 'node:path';
import { writeGeneration } from '../outdir/generations.js';
import type { ReplayReport } from '../sim/index.js';
import { fromWindowsCsv } from './fromWindowsCsv.js';
import { loadReplayWindows, WINDOWS_CSV, type LoadedReplay } from './loadReplayWindows.js';
import type { PlanOutput } from './planOutputFiles.js';
import { toReplayJson } from './toReplayJson.js';
import type { RequestsArrowFile } from './toRequestsArrow.js';
import { toWindowsCsv } from './toWindowsCsv.js';
import { writeFilesAtomically, type OutputFile } from './writeAtomic.js';

export type { PlanOutput } from './planOutputFiles.js';

export interface ReplayOutput {
  readonly report: ReplayReport;
  /** The replayed plan's file, as replay.json names it. */
  readonly planPath: string;
  readonly scenarioFile: string;
  /** requests.arrow, streamed by the replay; committed with the other files (or aborted if they fail). */
  readonly requests?: RequestsArrowFile;
}

/** The replay's files, as replay.json and the command's summary list them. */
export function replayOutputNames(replay: Pick<ReplayOutput, 'requests'>): string[] {
  return [...(replay.requests ? ['requests.arrow'] : []), WINDOWS_CSV, 'replay.json'];
}

/**
 * `layout`: 'generation' (the commands) writes a new sealed generation and points `outDir` at it
 * (outdir/generations.ts); 'in-place' renames file by file, for a directory that is itself sealed
 * as a whole (a sweep's variant).
 */
export async function writePlanOutputs(outDir: string, outputs: { readonly plan?: PlanOutput; readonly replay?: ReplayOutput }, layout: 'generation' | 'in-place' = 'generation'): Promise<void> {
  const { plan, replay } = outputs;
  const files: OutputFile[] = [];
  let windowsCsv: string | undefined;
  if (replay) {
    windowsCsv = toWindowsCsv(replay.report);
    files.push(
      { path: join(outDir, WINDOWS_CSV), data: windowsCsv },
      { path: join(outDir, 'replay.json'), data: toReplayJson(replay.report, { plan: replay.planPath, scenarioFile: replay.scenarioFile, outputs: replayOutputNames(replay) }) },
    );
  }
  if (plan) {
    const loaded = windowsCsv !== undefined ? replayOf(windowsCsv) : await loadReplayWindows(outDir, plan.plan);
    // Loaded only for a plan: report.html's renderer (vega) takes ~0.2 s of CPU to load, which a replay alone does not need.
    const { planOutputFiles } = await import('./planOutputFiles.js');
    files.unshift(...(await planOutputFiles(outDir, plan, loaded)));
  }
  const requests = replay?.requests;
  try {
    if (layout === 'generation') {
      const moves = requests ? [{ name: 'requests.arrow', moveTo: (dest: string) => requests.commit(dest) }] : [];
      if (await writeGeneration(outDir, files.map((f) => ({ name: basename(f.path), data: f.data })), moves)) return;
    }
    // In place, the directory is a sweep variant's staging directory, made before the variant ran.
    await writeFilesAtomically(files, { dirsExist: layout === 'in-place' });
  } catch (err) {
    await requests?.abort();
    throw err;
  }
  await requests?.commit();
}

function replayOf(windowsCsv: string): LoadedReplay {
  const read = fromWindowsCsv(windowsCsv);
  if (!read.ok) throw new Error(`windows.csv as written does not read back: ${read.reason}`);
  return { kind: 'replay', replay: read.replay, file: WINDOWS_CSV };
}
