/** Read a profile table by its extension: Arrow IPC (.arrow, .arrow.gz) or the generic CSV (.csv, .csv.gz). */
import { InputError } from '../core/errors.js';
import { fromProfileArrow } from './fromProfileArrow.js';
import { fromProfileCsv } from './fromProfileCsv.js';
import type { ProfileTable } from './profileTable.js';

export const PROFILE_FILE_EXTENSIONS: readonly string[] = ['.arrow', '.arrow.gz', '.csv', '.csv.gz'];

export function isProfileFile(path: string): boolean {
  return PROFILE_FILE_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext));
}

export async function fromProfileFile(path: string): Promise<ProfileTable> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.arrow') || lower.endsWith('.arrow.gz')) return fromProfileArrow(path);
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz')) return fromProfileCsv(path);
  throw new InputError({
    file: path,
    message: 'unknown profile file type',
    fix: `give a profile table as ${PROFILE_FILE_EXTENSIONS.join(', ')}; convert other formats first with \`llmcap profiles import FILE --format generic|splitwise|vidur\``,
  });
}
