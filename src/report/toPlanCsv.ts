import type { Plan } from '../plan/index.js';
import { toCsv } from './csv.js';
import { planColumns } from './planColumns.js';

export function toPlanCsv(plan: Plan): string {
  const columns = planColumns(plan);
  return toCsv(columns.map((c) => c.name), plan.rows.map((r) => columns.map((c) => c.value(r))));
}
