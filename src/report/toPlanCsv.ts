import type { Plan } from '../plan/index.js';
import { columnsToCsv } from './columnTable.js';
import { planColumns } from './planColumns.js';

export function toPlanCsv(plan: Plan): string {
  return columnsToCsv(planColumns(plan), plan.rows);
}
