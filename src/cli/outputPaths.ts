/**
 * Output locations are checked before any work, so a long plan never ends in EEXIST or EACCES: a
 * directory output must be a directory or creatable as one, a file output must not be a directory,
 * either must be writable where it will be created, and no output may overwrite an input.
 * "Writable" is tried, not inferred from permission bits: root passes every access() check, yet
 * cannot create entries on a read-only mount or in /proc (where Node's recursive mkdir, used by the
 * writers, loops for ever on ENOENT). So an empty probe directory is created and removed where the
 * outputs will go.
 */
import { accessSync, constants, mkdtempSync, realpathSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { outDirKind } from '../outdir/generations.js';

export interface OutputCheck {
  /** The flag that named the location, e.g. '--out'. */
  readonly flag: string;
  /** Files the command reads: an output may not be one of them (or, for a directory, hold one as its own name). */
  readonly inputs?: readonly (string | undefined)[];
  /** The command replaces a directory of its own by a new generation written beside it (plan, simulate: src/outdir/generations.ts). */
  readonly generations?: boolean;
}

/** An output directory: an existing directory that is writable, or a path whose nearest existing ancestor is a writable directory. */
export function checkOutputDir(dir: string, check: OutputCheck): void {
  const kind = kindOf(dir);
  if (kind === 'other') {
    throw new InputError({ field: check.flag, message: `'${dir}' exists and is a file, not a directory`, fix: `give ${check.flag} a directory (it is created if missing), or move the file` });
  }
  // A new generation is written beside a directory of llmcap's; other directories are written into.
  if (kind === 'dir') requireWritable(check.generations === true && outDirKind(dir) !== 'foreign' ? dirname(resolve(dir)) : dir, dir, check.flag);
  else requireCreatable(dir, check.flag);
  refuseInputs(dir, check);
}

/** An output file: not a directory, and writable or creatable where it goes. */
export function checkOutputFile(file: string, check: OutputCheck): void {
  const kind = kindOf(file);
  if (kind === 'dir') {
    throw new InputError({ field: check.flag, message: `'${file}' is a directory`, fix: `give ${check.flag} a file name, e.g. ${file.replace(/\/+$/, '')}/out.csv` });
  }
  if (kind === 'other') requireWritable(file, file, check.flag);
  else requireCreatable(dirname(file), check.flag, file);
  refuseInputs(file, check);
}

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** The nearest existing ancestor of `path` must be a writable directory (the rest is created). */
function requireCreatable(path: string, flag: string, shown = path): void {
  let at = resolve(path);
  for (;;) {
    const kind = kindOf(at);
    if (kind === 'dir') return requireWritable(at, shown, flag);
    if (kind === 'other') {
      throw new InputError({ field: flag, message: `cannot create '${shown}': '${at}' is a file, not a directory`, fix: `choose a ${flag} path whose parent folders are folders` });
    }
    const parent = dirname(at);
    if (parent === at) return;
    at = parent;
  }
}

/** `path` must accept new entries (a directory), or be writable (a file, whose directory then must accept them: writes go through a temporary file renamed into place). */
function requireWritable(path: string, shown: string, flag: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new InputError({ field: flag, message: `cannot write to '${shown}'${path !== shown ? ` ('${path}' is not writable)` : ' (no write permission)'}`, fix: `choose a writable ${flag} location, or fix its permissions` });
  }
  if (!statSync(path).isDirectory()) return requireWritable(dirname(path), shown, flag);
  try {
    rmdirSync(mkdtempSync(join(path, '.llmcap-probe-')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new InputError({ field: flag, message: `cannot write to '${shown}': no file can be created in '${path}' (${code})`, fix: `choose a ${flag} location on a writable file system` });
  }
}

function refuseInputs(output: string, check: OutputCheck): void {
  const out = canonical(output);
  for (const input of check.inputs ?? []) {
    if (input === undefined) continue;
    if (canonical(input) === out) {
      throw new InputError({ field: check.flag, message: `'${output}' is also an input of this command (${input}): writing it would destroy what is being read`, fix: `give ${check.flag} another path` });
    }
  }
}

/** Absolute path with symlinks resolved where the path exists. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
