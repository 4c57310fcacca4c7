export type { Config, ClassCapacity, CapacityTable, BindingConstraint, ConfigPower, SloTargetsMs } from './types.js';
export { buildCapacityTable, candidateConfigs, configId } from './capacityTable.js';
export { mixedCapacity, waitQuantile } from './mixedCapacity.js';
export { kvCapacityTokens, KV_BLOCK_TOKENS, KV_MEMORY_MARGIN } from './kvMemory.js';
export { sloTargetsMs } from './sloTargets.js';
export { normalQuantile } from './normalQuantile.js';
