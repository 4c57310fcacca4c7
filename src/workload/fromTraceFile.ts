/** Open a trace file in a named format, or guess it from the header. */
import { InputError } from '../core/errors.js';
import { AZURE_COLUMNS, fromAzureTrace, isAzureHeader } from './fromAzureTrace.js';
import { fromGenericCsv, GENERIC_COLUMNS, isGenericHeader } from './fromGenericCsv.js';
import { readHeader } from './parse/readHeader.js';
import type { FileTraceSource, TraceFormat, TraceReadOptions } from './types.js';

export async function fromTraceFile(path: string, format: TraceFormat | 'auto' = 'auto', options: TraceReadOptions = {}): Promise<FileTraceSource> {
  if (format === 'azure') return fromAzureTrace(path, options);
  if (format === 'generic') return fromGenericCsv(path, options);
  const header = await readHeader(path);
  if (isAzureHeader(header.names)) return fromAzureTrace(path, options);
  if (isGenericHeader(header.names)) return fromGenericCsv(path, options);
  throw new InputError({
    file: path,
    line: 1,
    field: 'header',
    message: `not a known trace format (the header has ${header.names.join(', ') || 'nothing'})`,
    fix: `start the file with an Azure header (${AZURE_COLUMNS.timestamp},${AZURE_COLUMNS.input},${AZURE_COLUMNS.output}) or a generic one (${GENERIC_COLUMNS.timestamp} or ${GENERIC_COLUMNS.seconds},${GENERIC_COLUMNS.input},${GENERIC_COLUMNS.output}[,${GENERIC_COLUMNS.service},${GENERIC_COLUMNS.class}])`,
  });
}
