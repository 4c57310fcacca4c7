export { planningData, objectiveData, pinnedConfigIds, pinnedInstances, serverBudgetW, PEAK_TO_MEAN_POWER, SHARED_POOL, EMBODIED_LIFETIME_YEARS } from './planningData.js';
export type { PlanningData, ConfigData, GpuTypeData, CapacityDerate, PinnedPools } from './planningData.js';
export { buildPlanModel } from './buildPlanModel.js';
export type { PlanModelOptions } from './buildPlanModel.js';
export type { PlanModel, Pool, PoolTerms, RowTerms, WindowTerms } from './planModel.js';
export { clockRelaxation } from './clockRelaxation.js';
