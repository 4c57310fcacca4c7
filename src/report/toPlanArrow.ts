/** plan.arrow: the plan table as an Arrow IPC file, with the same columns and values as plan.csv. */
import type { Plan } from '../plan/index.js';
import { columnsToArrow } from './columnTable.js';
import { planColumns } from './planColumns.js';

export function toPlanArrow(plan: Plan): Uint8Array {
  return columnsToArrow(planColumns(plan), plan.rows);
}
