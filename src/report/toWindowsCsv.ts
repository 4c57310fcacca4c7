/** windows.csv: per window an 'all' row and one row per class (columns: sim/metrics/windowColumns.ts). */
import { windowColumns, windowRows, type ReplayReport } from '../sim/index.js';
import { toCsv } from './csv.js';

export function toWindowsCsv(report: Pick<ReplayReport, 'windows'>): string {
  const columns = windowColumns(report.windows);
  return toCsv(
    columns.map((c) => c.name),
    windowRows(report.windows).map((row) => columns.map((c) => c.value(row))),
  );
}
