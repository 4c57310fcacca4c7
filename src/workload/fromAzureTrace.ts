/**
 * Azure LLM inference traces (AzurePublicDataset): `TIMESTAMP,ContextTokens,GeneratedTokens`.
 * 2023 files write `2023-11-16 18:15:46.6805900` (UTC, no zone); the 2024 week files write
 * `2024-05-12 00:00:00.001163+00:00` with a varying number of digits. Other columns (the 2025
 * multimodal trace's NumImages) are ignored. Names match case-insensitively.
 */
import { fileTraceSource } from './parse/fileSource.js';
import { ROLE, type Role, type TraceLayout } from './parse/layout.js';
import { missingColumnsError, readHeader, type TraceHeader } from './parse/readHeader.js';
import type { FileTraceSource, TraceReadOptions } from './types.js';

export const AZURE_COLUMNS = { timestamp: 'TIMESTAMP', input: 'ContextTokens', output: 'GeneratedTokens' } as const;

export async function fromAzureTrace(path: string, options: TraceReadOptions = {}): Promise<FileTraceSource> {
  const header = await readHeader(path);
  return fileTraceSource(
    { path, format: 'azure', layout: azureLayout(path, header), headerBytes: header.byteLength, services: [''], classLabels: undefined, secondsStartIso: '' },
    options,
  );
}

export function isAzureHeader(names: readonly string[]): boolean {
  return names.some((n) => n.toLowerCase() === AZURE_COLUMNS.input.toLowerCase());
}

function azureLayout(path: string, header: TraceHeader): TraceLayout {
  const lower = header.names.map((n) => n.toLowerCase());
  const roles: Role[] = lower.map(() => ROLE.ignore);
  const missing: string[] = [];
  for (const [role, name] of [[ROLE.timestamp, AZURE_COLUMNS.timestamp], [ROLE.input, AZURE_COLUMNS.input], [ROLE.output, AZURE_COLUMNS.output]] as const) {
    const i = lower.indexOf(name.toLowerCase());
    if (i < 0) missing.push(name);
    else roles[i] = role;
  }
  if (missing.length > 0) {
    throw missingColumnsError(path, header, missing, `an Azure trace starts with the header ${AZURE_COLUMNS.timestamp},${AZURE_COLUMNS.input},${AZURE_COLUMNS.output}; for other traces use the generic format (timestamp or arrival_s, input_tokens, output_tokens)`);
  }
  return { roles, names: header.names, timeKind: 'timestamp' };
}
