/** The README's column tables for requests.arrow and windows.csv, generated from the declared columns (a test keeps them in sync). */
import { REQUEST_COLUMNS, SLO_METRIC_COLUMNS, WINDOW_COLUMNS } from '../sim/index.js';

const escape = (s: string) => s.replace(/\|/g, '\\|');

function table(rows: readonly { name: string; unit: string; description: string }[]): string {
  return ['| column | unit | meaning |', '|---|---|---|', ...rows.map((c) => `| \`${c.name}\` | ${escape(c.unit)} | ${escape(c.description)} |`)].join('\n');
}

export function requestColumnsMarkdown(): string {
  return table(REQUEST_COLUMNS);
}

/** WINDOW_COLUMNS, then the columns only scenarios with ITL or E2E targets or a pooled SLO scope get. */
export function windowColumnsMarkdown(): string {
  return table([...WINDOW_COLUMNS, ...SLO_METRIC_COLUMNS.map((c) => ({ ...c, description: `${c.description} (only with an ITL or E2E target or a pooled scope)` }))]);
}
