/**
 * Read the built-in tables (shipped in the package's profiles/ folder) and any imported tables, and
 * build the table-backed StepModel: imports override built-in tables per (model, GPU, TP, phase) over
 * the clocks they cover; a later import overrides an earlier one.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import { fromProfileFile } from './fromProfileFile.js';
import { indexProfileTable, type ProfileKind } from './profileIndex.js';
import type { ProfileTable } from './profileTable.js';
import type { StepModel } from './stepModel.js';
import { tableStepModel } from './tableStepModel.js';

/** Built-in tables are gzip-compressed Arrow IPC files, one per model (profiles/README.md "Table format"). */
export const BUILT_IN_EXTENSION = '.arrow.gz';

export interface LoadStepModelOptions {
  /** Imported profile tables (contract CSV or Arrow), lowest priority first. */
  readonly importPaths?: readonly string[];
  /** Folder of built-in tables; default: the installed package's profiles/ folder. */
  readonly builtInDir?: string;
}

export interface LoadedProfileTable {
  readonly kind: ProfileKind;
  /** How sourceOf and `profiles list` name the file: 'profiles/<name>' for built-in tables, else the path. */
  readonly origin: string;
  readonly table: ProfileTable;
}

/**
 * The package's profiles/ folder, found from this module's location rather than the working directory:
 * dist/profiles/ and src/profiles/ both sit two levels below the package root.
 */
export function builtInProfilesDir(): string {
  return fileURLToPath(new URL('../../profiles/', import.meta.url));
}

export async function readProfileTables(options: LoadStepModelOptions = {}): Promise<LoadedProfileTable[]> {
  const dir = options.builtInDir ?? builtInProfilesDir();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(BUILT_IN_EXTENSION)).sort();
  } catch (err) {
    throw new InputError({ file: dir, message: `cannot read the built-in profile folder (${(err as Error).message})`, fix: 'regenerate it with `llmcap profiles generate --out DIR`' });
  }
  if (names.length === 0) {
    throw new InputError({ file: dir, message: `no built-in profile tables (*${BUILT_IN_EXTENSION}) in this folder`, fix: 'regenerate them with `llmcap profiles generate --out DIR`' });
  }
  // The package's own tables are named as in the repository; tables from another folder by their path.
  const isDefault = options.builtInDir === undefined || resolve(options.builtInDir) === resolve(builtInProfilesDir());
  const builtIn = await Promise.all(
    names.map(async (n) => ({ kind: 'built-in' as const, origin: isDefault ? `profiles/${n}` : join(dir, n), table: await fromProfileFile(join(dir, n)) })),
  );
  const imported = await Promise.all(
    (options.importPaths ?? []).map(async (p) => ({ kind: 'imported' as const, origin: p, table: await fromProfileFile(p) })),
  );
  return [...builtIn, ...imported];
}

export async function loadStepModel(options: LoadStepModelOptions = {}): Promise<StepModel> {
  return stepModelFromTables(await readProfileTables(options));
}

/** Imports first (the last one given first), then the built-in tables. */
export function stepModelFromTables(tables: readonly LoadedProfileTable[]): StepModel {
  const imports = tables.filter((t) => t.kind === 'imported').reverse();
  const builtIn = tables.filter((t) => t.kind === 'built-in');
  return tableStepModel([...imports, ...builtIn].map((t) => indexProfileTable(t.table, t.kind, t.origin)));
}
