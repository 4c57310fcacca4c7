/**
 * Crash-safe output directories for plan and simulate (docs/outputs.md "How outputs are written").
 *
 * Renaming files one by one cannot make a set of files change at once, and POSIX cannot atomically
 * replace a non-empty directory. A symlink can be replaced atomically, so `out/day` is a symlink to
 * a generation directory `out/.day.gen-<host>-<pid>-…`: each run writes a new, complete generation
 * (sealed with manifest.json, see sealedDir.ts — the mechanism sweep's variant directories use),
 * then renames a fresh symlink over `out/day`. A reader that opens `out/day/plan.csv` resolves the
 * link once and sees one generation; a run killed at any moment leaves the link at the old
 * generation or at the new one, never a mix; two runs at once each write their own generation and
 * the last rename wins. Files the run does not write (a replay left beside a plan) are carried
 * over as hard links, so the new generation is the whole set.
 *
 * A directory that is not llmcap's (it holds other files or folders) is never turned into a link:
 * it is written file by file as before (writeAtomic.ts), without the all-or-nothing guarantee.
 */
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { discardStaging, MANIFEST_FILE, sealDir, trackStaging, untrackStaging } from './sealedDir.js';

/** Folders of other llmcap outputs nested in a plan directory (compare's default out/<scenario>/compare/), carried over whole. */
export const OWNED_DIRS: ReadonlySet<string> = new Set(['compare']);

/** The files plan and simulate write; a real directory holding only these (and OWNED_DIRS) may become a generation link. */
export const OWNED_FILES: ReadonlySet<string> = new Set(['plan.arrow', 'plan.csv', 'procurement.csv', 'summary.json', 'report.html', 'windows.csv', 'replay.json', 'requests.arrow', MANIFEST_FILE]);

const GEN = '.gen-';
const HOST = hostname().replace(/[^A-Za-z0-9_-]/g, '_');
let counter = 0;
const tag = () => `${HOST}-${process.pid}-${threadId}-${counter++}`;

export interface GenerationFile {
  /** Name inside the output directory. */
  readonly name: string;
  readonly data: string | Uint8Array;
}

/** A file already written elsewhere on the same file system (requests.arrow, streamed), moved in. */
export interface GenerationMove {
  readonly name: string;
  /** Moves the file to `dest` (e.g. RequestsArrowFile.commit). */
  readonly moveTo: (dest: string) => Promise<void>;
}

export type OutDirKind = 'missing' | 'generation' | 'owned' | 'foreign';

/** How `outDir` is laid out now: absent, a generation link, a plain directory of llmcap's files only, or anything else. */
export function outDirKind(given: string): OutDirKind {
  // Resolved: `out/day/` (trailing slash) would follow the link and name the generation, not the link.
  const outDir = resolve(given);
  let st;
  try {
    st = lstatSync(outDir);
  } catch {
    return 'missing';
  }
  // The working directory (--out .) is never moved aside.
  if (resolve(outDir) === process.cwd()) return 'foreign';
  if (st.isSymbolicLink()) return isGenerationTarget(outDir, readlinkSync(outDir)) ? 'generation' : 'foreign';
  if (!st.isDirectory()) return 'foreign';
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (entry.isFile() && (OWNED_FILES.has(entry.name) || /\.tmp-/.test(entry.name))) continue;
    if (entry.isDirectory() && OWNED_DIRS.has(entry.name)) continue;
    return 'foreign';
  }
  return 'owned';
}

function isGenerationTarget(outDir: string, target: string): boolean {
  return !target.includes('/') && target.startsWith(`.${basename(outDir)}${GEN}`);
}

/**
 * Write a new generation of `outDir` holding `files`, `moves` and, carried over, every other file of
 * the current generation; seal it; point `outDir` at it. Returns false (nothing written) for a
 * directory that is not llmcap's, which the caller writes file by file.
 */
export async function writeGeneration(given: string, files: readonly GenerationFile[], moves: readonly GenerationMove[] = []): Promise<boolean> {
  const outDir = resolve(given);
  const kind = outDirKind(outDir);
  if (kind === 'foreign') return false;
  const parent = dirname(outDir);
  const name = basename(outDir);
  await mkdir(parent, { recursive: true });
  removeDeadGenerations(parent, name);
  const genName = `.${name}${GEN}${tag()}`;
  const gen = join(parent, genName);
  trackStaging(gen);
  try {
    // Synchronously, as sealedDir.createStaging does: an mkdir in flight when Ctrl-C runs the exit hook would outlive its removal.
    mkdirSync(gen);
    const written = new Set([...files.map((f) => f.name), ...moves.map((m) => m.name)]);
    if (kind !== 'missing') carryOver(outDir, gen, written);
    for (const f of files) await writeFile(join(gen, f.name), f.data);
    for (const m of moves) await m.moveTo(join(gen, m.name));
    await sealDir(gen, '');
  } catch (err) {
    await discardStaging(gen);
    throw err;
  }
  swapLink(outDir, parent, name, genName, kind);
  return true;
}

/** Hard links (a copy where the file system has none) of the current files this run does not rewrite, and of OWNED_DIRS. */
function carryOver(outDir: string, gen: string, written: ReadonlySet<string>): void {
  let entries;
  try {
    entries = readdirSync(outDir, { withFileTypes: true });
  } catch {
    return; // a link whose generation was deleted by hand: nothing to carry over
  }
  for (const entry of entries) {
    if (entry.isDirectory() && OWNED_DIRS.has(entry.name)) linkTree(join(outDir, entry.name), join(gen, entry.name));
    if (!entry.isFile() || written.has(entry.name) || entry.name === MANIFEST_FILE || !OWNED_FILES.has(entry.name)) continue;
    linkFile(join(outDir, entry.name), join(gen, entry.name));
  }
}

function linkFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function linkTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) linkTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile() && !entry.name.includes('.tmp-')) linkFile(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Point `outDir` at the new generation. Synchronous: no event-loop turn (where the CLI handles
 * Ctrl-C) between the steps. A plain directory (outputs of a version before generations) is moved
 * aside first: only a kill between those two renames leaves `outDir` absent, with the old files in
 * `.NAME.gen-…`; that happens once per directory.
 */
function swapLink(outDir: string, parent: string, name: string, genName: string, kind: OutDirKind): void {
  const link = join(parent, `.${name}.link-${tag()}`);
  symlinkSync(genName, link);
  let previous: string | undefined;
  if (kind === 'generation') {
    try {
      previous = join(parent, readlinkSync(outDir));
    } catch {
      previous = undefined;
    }
  } else if (kind === 'owned' && existsSync(outDir)) {
    previous = join(parent, `.${name}${GEN}replaced-${tag()}`);
    renameSync(outDir, previous);
  }
  renameSync(link, outDir);
  // Live now: sealedDir's exit hook must no longer remove it.
  untrackStaging(join(parent, genName));
  // The generation replaced is no longer reachable by name; a reader that resolved the link before may lose it mid-read.
  if (previous && previous !== join(parent, genName)) rmSync(previous, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Generations of `name` left by killed runs of this host: their process is gone and the link does
 * not point at them. Other hosts' and live processes' generations are left alone (a run in progress).
 */
function removeDeadGenerations(parent: string, name: string): void {
  let current: string | undefined;
  try {
    current = readlinkSync(join(parent, name));
  } catch {
    current = undefined;
  }
  const prefix = `.${name}${GEN}`;
  const linkPrefix = `.${name}.link-`;
  for (const entry of readdirSync(parent)) {
    if (entry === current) continue;
    const rest = entry.startsWith(prefix) ? entry.slice(prefix.length) : entry.startsWith(linkPrefix) ? entry.slice(linkPrefix.length) : undefined;
    if (rest === undefined) continue;
    const m = /^(?:replaced-)?(.+)-(\d+)-\d+-\d+$/.exec(rest);
    if (!m || m[1] !== HOST || isAlive(Number(m[2]))) continue;
    rmSync(join(parent, entry), { recursive: true, force: true, maxRetries: 3 });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

