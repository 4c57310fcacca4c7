export { prefillStep, decodeStep, idleInstancePowerW, gpuPowerW, weightBytesRead } from './analyticModel.js';
export type { StepTime, StepEstimate, ConfigPoint } from './analyticModel.js';
export { ANALYTIC_PARAMS, MOE_STRUCTURE } from './analyticParams.js';
export type { GpuModelParams } from './analyticParams.js';
export { analyticStepModel, ANALYTIC_SOURCE } from './stepModel.js';
export type { StepModel } from './stepModel.js';
