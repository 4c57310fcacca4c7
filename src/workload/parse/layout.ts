/**
 * What each CSV column holds, resolved once from the header so the row loop only switches on a
 * small integer per field.
 */
export const ROLE = {
  ignore: 0,
  /** Absolute timestamp text. */
  timestamp: 1,
  /** Seconds since the trace start, a decimal number. */
  seconds: 2,
  input: 3,
  output: 4,
  service: 5,
  class: 6,
} as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];

export interface TraceLayout {
  /** Role of each header column, by position. */
  readonly roles: readonly Role[];
  /** Header names as written, by position (for messages). */
  readonly names: readonly string[];
  readonly timeKind: 'timestamp' | 'seconds';
}

/** Column name of the first column with `role` (for messages). */
export function columnOf(layout: TraceLayout, role: Role): string {
  const i = layout.roles.indexOf(role);
  return layout.names[i] ?? '';
}

/** Split a CSV header line into trimmed names (double quotes and "" escapes understood). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i++;
          } else {
            i++;
            break;
          }
        } else value += line[i];
      }
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      value = comma < 0 ? line.slice(i) : line.slice(i, comma);
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
    fields.push(value.trim());
    if (i > line.length) return fields;
  }
}
