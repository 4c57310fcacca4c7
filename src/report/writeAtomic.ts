/**
 * Atomic output: every file is written to a temporary name in its target directory and renamed into
 * place only after all of them were written, so a failed or interrupted run leaves the previous
 * outputs intact and no half-written file.
 */
import { renameSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

export interface OutputFile {
  readonly path: string;
  readonly data: string | Uint8Array;
}

// Temporaries not yet renamed; removed synchronously if the process exits (e.g. on SIGINT) mid-write.
const pending = new Set<string>();
// Temporary names unique across hosts, threads and calls: the shards of a sweep write the same files into one
// shared volume, from containers that all have pid 1.
const HOST = hostname().replace(/[^A-Za-z0-9_-]/g, '_');
let written = 0;
let exitHookInstalled = false;

function removePendingOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const tmp of pending) rmSync(tmp, { force: true });
  });
}

/**
 * `dirsExist`: the files' directories already exist and must not be created. A sweep's worker thread
 * writes into a staging directory that the main thread removes when Ctrl-C ends the process; a
 * recursive mkdir landing after that removal would bring the directory back, half-written (seen in CI:
 * `.v0001.tmp-…` left by an interrupted sweep). Without it a write into a removed directory fails instead.
 */
export async function writeFilesAtomically(files: readonly OutputFile[], options: { readonly dirsExist?: boolean } = {}): Promise<void> {
  removePendingOnExit();
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      if (!options.dirsExist) await mkdir(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.tmp-${HOST}-${process.pid}-${threadId}-${written++}`);
      pending.add(tmp);
      temps.push({ tmp, path: f.path });
      await writeFile(tmp, f.data);
    }
    // Renamed in one synchronous run: no event-loop turn between two renames, so a Ctrl-C (handled
    // by the CLI between turns) cannot leave a mix of new and previous files.
    for (const t of temps) {
      renameSync(t.tmp, t.path);
      pending.delete(t.tmp);
    }
  } finally {
    for (const t of temps) {
      if (pending.has(t.tmp)) {
        await rm(t.tmp, { force: true });
        pending.delete(t.tmp);
      }
    }
  }
}
