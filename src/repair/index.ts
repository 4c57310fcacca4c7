/** The replay-and-repair loop after the MILP (issue 18): plans that pass their own replay. */
export { planWithRepair } from './planWithRepair.js';
export type { RepairOptions } from './planWithRepair.js';
export { DerateTable } from './derateTable.js';
export { distinctWindows } from './distinctWindows.js';
export type { WindowGroup } from './distinctWindows.js';
export { repairLoop } from './repairLoop.js';
export type { LoopPlan, PlanWithCorrections, RepairedPlan } from './repairLoop.js';
export { sliceRunner } from './replaySlices.js';
export type { SliceRunner } from './replaySlices.js';
