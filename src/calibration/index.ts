export { PRESET_POINTS, presetResiduals, steadyState, staticBatchTokensPerS, latencyRunMs, MLPERF_CLASS, LM_ARENA_CLASS, FIT_TOLERANCE, HELD_BACK_TOLERANCE } from './presetPoints.js';
export type { PresetPoint, PointResidual, PointRole, PointClass, SteadyState } from './presetPoints.js';

// Calibration to a team's own benchmark runs (llmcap profiles fit / measure-plan).
export { configOf, describeRun, observationsOf, predicted, predictRun } from './benchRun.js';
export type { BenchFormat, BenchRun, BenchSetup, LatencyMeasure, Observation, Quantity, RunPrediction, ServingMeasure } from './benchRun.js';
export { detectBenchFormat, importBenchText, meanPowerFromCsv, powerLogName, runMetaFromText, sidecarName } from './importBench.js';
export type { RunMeta } from './importBench.js';
export { baseValue, describeUnpinned, expectedStdErrors, fitKeys, fitPreset, fittedPreset, fmtValue, gpuOfRuns, MAX_RELATIVE_STD_ERROR, NOISE_FLOOR, runsThatPin, stepModelWith } from './fitPreset.js';
export type { FitInput, FitResult, ObservationResidual, ParameterEstimate } from './fitPreset.js';
export { DESIGN_NOISE, designMeasurePlan, ENGINE_BASE, ENGINES, fitCommand, fixedFromScript, MAX_REPEATS, measurePlanRuns, measurePlanScript, plannedBenchRuns, runsFromScript } from './measurePlan.js';
export type { Engine, MeasurePlanDesign, MeasurePlanOptions, PlannedRun } from './measurePlan.js';
export { fittedProfileTable } from './fittedTable.js';
