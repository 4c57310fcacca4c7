/** The profiles folder's public surface: other folders import from here only. */
export { prefillStep, decodeStep, mixedStep, idleInstancePowerW, gpuPowerW, weightBytesRead, allReduceStepMs, attentionStepMs, stackOf, precisionOf, analyticModel, BUILT_IN_PARAMS } from './analyticModel.js';
export type { StepTime, StepEstimate, ConfigPoint, ClampedAxis, AnalyticParams, AnalyticModel } from './analyticModel.js';
export { ANALYTIC_PARAMS, MOE_STRUCTURE } from './analyticParams.js';
export type { GpuModelParams } from './analyticParams.js';
export { PRESETS, STACK_IDS, DEFAULT_STACK, isStackId, stackParams } from './presets.js';
export type { StackId, StackParams, EngineSettings, EnginePreset } from './presets.js';
export { analyticStepModel, analyticStepModelWith, ANALYTIC_SOURCE } from './stepModel.js';
export type { StepModel } from './stepModel.js';

// Profile tables: the contract, readers, writers, lookups.
export { PROFILE_COLUMNS, PROFILE_COLUMN_NAMES, PROFILE_PHASES } from './profileColumns.js';
export type { ProfileColumn, ProfilePhase } from './profileColumns.js';
export { profileTableFromRows, profileRows, profileRowAt, sortProfileRows } from './profileTable.js';
export type { ProfileRow, ProfileTable } from './profileTable.js';
export { fromProfileCsv, fromProfileCsvText } from './fromProfileCsv.js';
export { fromProfileArrow, fromProfileArrowBytes } from './fromProfileArrow.js';
export { fromProfileFile, PROFILE_FILE_EXTENSIONS } from './fromProfileFile.js';
export { toProfileCsv } from './toProfileCsv.js';
export { toProfileArrow } from './toProfileArrow.js';
export { indexProfileTable } from './profileIndex.js';
export type { ProfileIndex, ProfileKind } from './profileIndex.js';
export { tableStepModel } from './tableStepModel.js';
export { loadStepModel, readProfileTables, stepModelFromTables, builtInProfilesDir, BUILT_IN_EXTENSION } from './loadStepModel.js';
export type { LoadStepModelOptions, LoadedProfileTable } from './loadStepModel.js';
export { ANALYTIC_STEPS, loadStepSource, readFittedPreset, stepSourceFrom, StepModels } from './stepSource.js';
export { ENGINE_KEYS, POWER_KEYS, FIT_KEYS, FITTED_PRESET_FORMAT, fittedPresetFromText, paramsWithFitted, withFittedPresets } from './fittedPreset.js';
export type { FittedPreset, FitKey, EngineKey, PowerKey } from './fittedPreset.js';
export type { StepSource } from './stepSource.js';
export { recordClamps } from './recordClamps.js';
export type { ClampRecord } from './recordClamps.js';

// Built-in tables: the generator and its grid.
export { generateModelTable, builtInTableFiles, tableConfigs, GENERATED_SOURCE } from './generateTables.js';
export type { BuiltInTableFile } from './generateTables.js';
export { tableClocksMHz, fitsUsefully, prefillPoints, PREFILL_TOKENS, PREFILL_BATCHES, DECODE_BATCHES, DECODE_CONTEXTS, USEFUL_KV_TOKENS, HBM_MARGIN } from './tableGrid.js';

// Importers.
export { fromSplitwisePerfModel } from './fromSplitwisePerfModel.js';
export type { ImportResult } from './fromSplitwisePerfModel.js';
export { fromVidurProfiles } from './fromVidurProfiles.js';
export type { VidurImportOptions } from './fromVidurProfiles.js';
export { readSplitwisePerfModel } from './splitwisePerfModel.js';
export type { SplitwiseConfiguration } from './splitwisePerfModel.js';

// Calibration, listing, plotting.
export { CHECK_POINTS } from './checkPoints.js';
export type { CheckPoint, Tolerance } from './checkPoints.js';
export { runCheckPoints, toleranceText } from './runCheckPoints.js';
export type { CheckResult, CheckStatus } from './runCheckPoints.js';
export { comparePerfModel } from './comparePerfModel.js';
export type { PerfModelComparison, PerfModelRow } from './comparePerfModel.js';
export { summarizeTables } from './summarizeTables.js';
export type { TableSummary } from './summarizeTables.js';
export { profileCurves } from './profileCurves.js';
export type { CurvePoint } from './profileCurves.js';
export { profilePlotSpec, toProfilePlotSvg } from './toProfilePlotSvg.js';
