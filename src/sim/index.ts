/**
 * The replay simulator's public surface: replay a trace against a plan and judge the plan by the
 * requests' latencies and the fleet's energy. Other folders import from here only. `replayPlan` is the
 * call for a plan (trace and step model named by plain data); `replay` takes a live trace and model.
 */
export { replayPlan, toReplayPlan, checkTraceFile, REQUESTS_ALL_UP_TO, SAMPLE_AT_LEAST_ONE_IN } from './replayPlan.js';
export type { ReplayPlanOptions, ReplayHooks, TraceSpec, RequestsOption } from './replayPlan.js';
export { replay, classTargets, POWER_SAMPLE_S } from './engine/replay.js';
export { comparePeaks, compareHorizonPeak } from './peakCheck.js';
export type { PeakComparison } from './peakCheck.js';
export type { ReplayOptions } from './engine/replay.js';
export type {
  ReplayPlan,
  ReplayRouting,
  ReplayPlanRow,
  ReplayRole,
  ReplayReport,
  ReplayVerdict,
  ReplayEnergy,
  RequestSampling,
  WindowResult,
  ClassWindowResult,
  ClassTargets,
  SloFailure,
} from './types.js';
export { MAX_POOL_INSTANCES } from './types.js';
export { REQUEST_COLUMNS, emptyRequestRecord } from './metrics/requestColumns.js';
export type { RequestColumn, RequestColumnType, RequestRecord, RequestBatch, RequestSink } from './metrics/requestColumns.js';
export { WINDOW_COLUMNS, SLO_METRIC_COLUMNS, windowColumns, windowRows, meetsSloLabel } from './metrics/windowColumns.js';
export { LATENCY_METRICS, REPORTED_QUANTILES } from './metrics/latencyQuantiles.js';
export type { InputBin, LatencyMetric, LatencyQuantiles, QuantileSummary, ReplayLatency } from './metrics/latencyQuantiles.js';
export { inputBins } from './metrics/latencyQuantiles.js';
export { VERDICT_ALPHA, missPValue, significantMiss, minJudgeableRequests, allowedMissShare, isJudgedCell, type JudgeableCell } from './metrics/significance.js';
export type { WindowColumn, WindowRow } from './metrics/windowColumns.js';
export { Kernel } from './kernel/kernel.js';
export { decodeContextTokens } from './timing/stepTable.js';
export { kvTransferS, layerwiseResidueS, SERIALIZED_BELOW_TOKENS } from './timing/kvTransfer.js';
export { PREFILL_TOKEN_BUDGET } from './batching/prefillBatch.js';
export { ROUTERS } from './routing/registry.js';
export { SimInvariantError } from './entities/invariant.js';
export { poolLabel } from './entities/poolLayout.js';
