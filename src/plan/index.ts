export type { Plan, RepairSummary, PoolHeadroom, PlanRow, ProcurementRow, WindowSummary, SolveSummary, PlanTotals, PoolRole } from './types.js';
export { planScenario, MONOLITHIC_MAX_WINDOWS, initialRepresentatives } from './planScenario.js';
export type { PlanOptions, PlanOutcome } from './planScenario.js';
export { windowLabel } from './windowLabel.js';
export { singlePoolScenario, compareTotals } from './singlePoolBaseline.js';
export type { BaselineComparison, BaselineDesign } from './singlePoolBaseline.js';
export { planMaxThroughput } from './planMaxThroughput.js';
export type { ThroughputOptions } from './planMaxThroughput.js';
export { capacityInParallel } from './parallelCapacity.js';
