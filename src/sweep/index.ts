export { gridFromText, variantCount, DESIGN_AXIS } from './grid.js';
export type { Grid, GridAxis } from './grid.js';
export { parsePath, formatPath, getAtPath, setAtPath, PathError } from './scenarioPath.js';
export { expandVariants, resolveVariants, variantId } from './variants.js';
export type { Variant, ResolvedVariant, Assignment } from './variants.js';
export { parseShard, shardFrom, inShard, shardLabel, JOB_INDEX_ENV, WHOLE } from './shard.js';
export type { Shard } from './shard.js';
export { prepareSweep, runSweep } from './runSweep.js';
export type { SweepOptions, SweepOutcome, SweepProgress, PreparedSweep } from './runSweep.js';
export { mergeSweep, readDefinition, SWEEP_FILES, VARIANTS_DIR, variantDir } from './sweepOutputs.js';
export { SWEEP_JSON } from './definition.js';
// The Kubernetes manifests are in ./k8s/ (kubernetes-models is loaded only by `sweep k8s`).
export type { SweepDefinition } from './definition.js';
export { paretoFront, costSensitivity, cheapestByDemand } from './analysis.js';
export type { VariantStatus, VariantResult } from './variantResult.js';
