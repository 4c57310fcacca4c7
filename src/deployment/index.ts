/** Deployment files: the pools an existing fleet runs and its routing, to replay, price or pin. */
export { DeploymentFileSchema } from './schema.js';
export type { DeploymentFile } from './schema.js';
export { fromDeploymentFile, deploymentFromText } from './fromDeploymentFile.js';
export { resolveDeployment, deploymentPlan } from './resolveDeployment.js';
export type { ResolvedPool, ResolvedWindow } from './resolveDeployment.js';
export { toDeploymentYaml } from './toDeploymentYaml.js';
export type { Deployment, DeploymentPool, DeploymentWindow, DeploymentRole } from './types.js';
export { pinnedPlanInputs } from './pinnedPlanInputs.js';
export type { PinMode, PinnedPlanInputs } from './pinnedPlanInputs.js';
