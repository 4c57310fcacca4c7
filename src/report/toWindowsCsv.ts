/** windows.csv: per window an 'all' row and one row per class (columns: sim/metrics/windowColumns.ts). */
import { WINDOW_COLUMNS, windowRows, type ReplayReport } from '../sim/index.js';
import { toCsv } from './csv.js';

export function toWindowsCsv(report: Pick<ReplayReport, 'windows'>): string {
  return toCsv(
    WINDOW_COLUMNS.map((c) => c.name),
    windowRows(report.windows).map((row) => WINDOW_COLUMNS.map((c) => c.value(row))),
  );
}
