/**
 * Crash-safe output directories ("sealed" directories; docs/sweep.md "Output directories").
 *
 * A directory is written under a staging name beside its final name, then sealed — manifest.json,
 * listing every file with its size and SHA-256 and the key of the inputs it was made from, is written
 * last — and renamed into place. So a directory that exists under its final name is complete; a
 * directory with a valid manifest whose key matches was made from the same inputs and can be reused
 * (a rerun skips it); anything else (a staging name left by a killed run, a missing or stale
 * manifest) is redone. Staging names end in `.tmp-<host>-<pid>-<thread>-<n>` so processes on several hosts
 * writing to one shared volume never collide, and `*.tmp-*` is already ignored by git.
 *
 * Rename is atomic within one file system (POSIX); the final directory's parent must therefore be
 * on a file system with a real rename (a local disk, NFS, a Kubernetes PersistentVolume; not every
 * object-storage FUSE mount has one).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { threadId } from 'node:worker_threads';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'llmcap-sealed-dir/1';

export interface SealedFile {
  /** Relative to the directory, '/'-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** What the directory was made from (a hash of the inputs); a rerun with other inputs redoes it. */
  readonly key: string;
  readonly files: readonly SealedFile[];
}

const STAGING = '.tmp-';
const REPLACED = '.old-';
let counter = 0;
const processTag = () => `${hostname().replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}-${threadId}-${counter++}`;

/** A fresh staging path beside `finalDir` (not created). */
export function stagingPathFor(finalDir: string): string {
  return join(dirname(finalDir), `.${basename(finalDir)}${STAGING}${processTag()}`);
}

// Staging directories of this process not yet committed; removed if the process exits (Ctrl-C) first.
const pending = new Set<string>();
let exitHookInstalled = false;

/** Remember a staging directory so an exit before commitDir removes it. Main thread only. */
export function trackStaging(path: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const p of pending) rmSync(p, { recursive: true, force: true, maxRetries: 3 });
    });
  }
  pending.add(path);
}

/** Forget a staging directory that went live some other way (a generation link now points at it). */
export function untrackStaging(path: string): void {
  pending.delete(path);
}

/** Drop a staging directory that was not committed (a failure): removes it. */
export async function discardStaging(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 3 });
  pending.delete(path);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const rel = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (rel !== MANIFEST_FILE && !rel.includes(STAGING)) out.push(rel);
  }
  return out.sort();
}

async function describe(dir: string, path: string): Promise<SealedFile> {
  const bytes = await readFile(join(dir, path));
  return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Write manifest.json into `dir`, last: every file (sorted) with its size and hash, and `key`. */
export async function sealDir(dir: string, key: string): Promise<Manifest> {
  const files = [];
  for (const path of await listFiles(dir)) files.push(await describe(dir, path));
  const manifest: Manifest = { format: MANIFEST_FORMAT, key, files };
  const tmp = join(dir, `.${MANIFEST_FILE}${STAGING}${processTag()}`);
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(tmp, join(dir, MANIFEST_FILE));
  return manifest;
}

/**
 * Move a sealed staging directory to its final name, replacing an older one. Synchronous, so no
 * event-loop turn (where the CLI handles Ctrl-C) falls between the renames. A crash between the two
 * renames leaves the final name absent (the work is redone) and a `.old-` directory that
 * removeLeftovers deletes.
 */
export function commitDir(staging: string, finalDir: string): void {
  let replaced: string | undefined;
  if (existsSync(finalDir)) {
    replaced = join(dirname(finalDir), `.${basename(finalDir)}${REPLACED}${processTag()}`);
    renameSync(finalDir, replaced);
  }
  renameSync(staging, finalDir);
  pending.delete(staging);
  if (replaced) rmSync(replaced, { recursive: true, force: true });
}

export interface ReadSealedOptions {
  /** Reuse only a directory made from these inputs. */
  readonly key?: string;
  /** Recompute every file's hash (default: sizes only). */
  readonly verify?: boolean;
}

/** The manifest of a complete directory, or undefined when it is missing, unsealed, stale or damaged. */
export async function readSealed(dir: string, options: ReadSealedOptions = {}): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) return undefined;
  if (options.key !== undefined && manifest.key !== options.key) return undefined;
  for (const f of manifest.files) {
    try {
      if (options.verify) {
        const now = await describe(dir, f.path);
        if (now.sha256 !== f.sha256 || now.bytes !== f.bytes) return undefined;
      } else if ((await stat(join(dir, f.path))).size !== f.bytes) {
        return undefined;
      }
    } catch {
      return undefined;
    }
  }
  return manifest;
}

/**
 * Remove what killed runs left beside the directories named `names` under `parent`: staging and
 * replaced copies. Only those names: on a shared volume, other processes' staging directories of
 * other names may be in use.
 */
export async function removeLeftovers(parent: string, names: ReadonlySet<string>): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const m = /^\.(.+?)(\.tmp-|\.old-)/.exec(entry);
    if (m && names.has(m[1] as string)) {
      await rm(join(parent, entry), { recursive: true, force: true, maxRetries: 3 });
      removed++;
    }
  }
  return removed;
}

/**
 * Create a staging directory for `finalDir` (and its parent), removed on exit unless committed. The
 * directory is made synchronously: an asynchronous mkdir still in flight on the thread pool when Ctrl-C
 * runs the exit hook lands after the hook's removal and leaves the directory behind (seen in CI: an
 * interrupted sweep left `.v0001.tmp-…`, the variant it had just started when the signal came).
 */
export async function createStaging(finalDir: string): Promise<string> {
  const staging = stagingPathFor(finalDir);
  trackStaging(staging);
  mkdirSync(staging, { recursive: true });
  return staging;
}
