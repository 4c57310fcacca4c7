/**
 * Generic CSV traces: a time column — `timestamp` (ISO 8601, UTC unless it carries a zone) or
 * `arrival_s` (seconds since the trace start) — `input_tokens`, `output_tokens`, and optional
 * `service` and `class` columns. Other columns are ignored; names match case-insensitively. With
 * both time columns, `timestamp` is used.
 *
 * Service and class names must be known before the first chunk (consumers map them once), so a
 * file with such columns is read once more up front to collect them, unless the caller lists them.
 */
import { CHUNK_ROWS, SCENARIO_DEFAULTS_START_ISO } from './defaults.js';
import { fileTraceSource } from './parse/fileSource.js';
import { ROLE, type Role, type TraceLayout } from './parse/layout.js';
import { NameTable } from './parse/nameTable.js';
import { readChunks } from './parse/readChunks.js';
import { missingColumnsError, readHeader, type TraceHeader } from './parse/readHeader.js';
import type { FileTraceSource, TraceReadOptions } from './types.js';

export const GENERIC_COLUMNS = { timestamp: 'timestamp', seconds: 'arrival_s', input: 'input_tokens', output: 'output_tokens', service: 'service', class: 'class' } as const;

export interface GenericCsvOptions extends TraceReadOptions {
  /** Service names the trace may use, in this order (skips the discovery pass). */
  readonly services?: readonly string[];
  /** Class labels the trace may use, in this order. */
  readonly classLabels?: readonly string[];
}

export async function fromGenericCsv(path: string, options: GenericCsvOptions = {}): Promise<FileTraceSource> {
  const header = await readHeader(path);
  const layout = genericLayout(path, header);
  const hasService = layout.roles.includes(ROLE.service);
  const hasClass = layout.roles.includes(ROLE.class);
  let services: readonly string[] = hasService ? (options.services ?? []) : [''];
  let classLabels: readonly string[] | undefined = hasClass ? (options.classLabels ?? []) : undefined;
  if ((hasService && !options.services) || (hasClass && !options.classLabels)) {
    const found = await discoverNames(path, layout, header.byteLength, services, classLabels ?? [], options);
    if (hasService && !options.services) services = found.services;
    if (hasClass && !options.classLabels) classLabels = found.classes;
  }
  return fileTraceSource(
    { path, format: 'generic', layout, headerBytes: header.byteLength, services, classLabels, secondsStartIso: options.startIso ?? SCENARIO_DEFAULTS_START_ISO },
    options,
  );
}

/** One pass over the file collecting service and class names in order of first appearance. */
async function discoverNames(
  path: string,
  layout: TraceLayout,
  headerBytes: number,
  services: readonly string[],
  classes: readonly string[],
  options: GenericCsvOptions,
): Promise<{ services: string[]; classes: string[] }> {
  const serviceTable = new NameTable(services);
  const classTable = new NameTable(classes);
  const rows = readChunks(path, {
    file: path,
    layout,
    skipBadRows: options.skipBadRows === true,
    chunkRows: CHUNK_ROWS,
    services: serviceTable,
    addServices: !options.services,
    classes: classTable,
    addClasses: !options.classLabels,
    firstLine: 2,
    headerBytes,
  });
  for await (const _chunk of rows) {
    // Only the name tables matter here.
  }
  return { services: serviceTable.names, classes: classTable.names };
}

export function isGenericHeader(names: readonly string[]): boolean {
  return names.some((n) => n.toLowerCase() === GENERIC_COLUMNS.input);
}

function genericLayout(path: string, header: TraceHeader): TraceLayout {
  const lower = header.names.map((n) => n.toLowerCase());
  const roles: Role[] = lower.map(() => ROLE.ignore);
  const find = (name: string) => lower.indexOf(name);
  const ts = find(GENERIC_COLUMNS.timestamp);
  const secs = find(GENERIC_COLUMNS.seconds);
  const missing: string[] = [];
  if (ts >= 0) roles[ts] = ROLE.timestamp;
  else if (secs >= 0) roles[secs] = ROLE.seconds;
  else missing.push(`${GENERIC_COLUMNS.timestamp} (or ${GENERIC_COLUMNS.seconds})`);
  for (const [role, name] of [[ROLE.input, GENERIC_COLUMNS.input], [ROLE.output, GENERIC_COLUMNS.output]] as const) {
    const i = find(name);
    if (i < 0) missing.push(name);
    else roles[i] = role;
  }
  for (const [role, name] of [[ROLE.service, GENERIC_COLUMNS.service], [ROLE.class, GENERIC_COLUMNS.class]] as const) {
    const i = find(name);
    if (i >= 0) roles[i] = role;
  }
  if (missing.length > 0) {
    throw missingColumnsError(path, header, missing, `a generic trace's header names ${GENERIC_COLUMNS.timestamp} or ${GENERIC_COLUMNS.seconds}, ${GENERIC_COLUMNS.input}, ${GENERIC_COLUMNS.output} and optionally ${GENERIC_COLUMNS.service}, ${GENERIC_COLUMNS.class}`);
  }
  return { roles, names: header.names, timeKind: ts >= 0 ? 'timestamp' : 'seconds' };
}
