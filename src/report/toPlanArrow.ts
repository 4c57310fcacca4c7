/** plan.arrow: the plan table as an Arrow IPC file, with the same columns and values as plan.csv, and the plan's provenance in its schema metadata. */
import type { Plan } from '../plan/index.js';
import { columnsToArrow } from './columnTable.js';
import { planColumns } from './planColumns.js';
import { PROVENANCE_KEY, type PlanProvenance } from './planProvenance.js';

export function toPlanArrow(plan: Plan, provenance?: PlanProvenance): Uint8Array {
  return columnsToArrow(planColumns(plan), plan.rows, provenance ? new Map([[PROVENANCE_KEY, JSON.stringify(provenance)]]) : undefined);
}
