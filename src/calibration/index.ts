export { PRESET_POINTS, presetResiduals, steadyState, staticBatchTokensPerS, latencyRunMs, MLPERF_CLASS, LM_ARENA_CLASS, FIT_TOLERANCE, HELD_BACK_TOLERANCE } from './presetPoints.js';
export type { PresetPoint, PointResidual, PointRole, PointClass, SteadyState } from './presetPoints.js';
