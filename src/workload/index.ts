/** Workload: request traces (read, summarize, fit to a scenario, synthesize, write). The folder's only surface. */
export type { FileTraceSource, SkippedRows, TraceChunk, TraceFormat, TraceReadOptions, TraceSource } from './types.js';
export { classifier, serviceMapping } from './classify.js';
export type { Classifier } from './classify.js';

// Readers and writers (the only modules here that touch files).
export { fromAzureTrace, AZURE_COLUMNS } from './fromAzureTrace.js';
export { fromGenericCsv, GENERIC_COLUMNS } from './fromGenericCsv.js';
export type { GenericCsvOptions } from './fromGenericCsv.js';
export { fromTraceFile } from './fromTraceFile.js';
export { toTraceCsv } from './toTraceCsv.js';
export { placeTrace, TRACE_ALIGNMENTS } from './placeTrace.js';
export type { HorizonSpan, PlacedTrace, TraceAlignment, TracePlacement, TraceTiming } from './placeTrace.js';
export type { TraceCsvResult } from './toTraceCsv.js';

// Request classes and statistics.
export { classBins } from './bins.js';
export type { ClassBins } from './bins.js';
export { TokenHistogram } from './quantiles/histogram.js';
export { logBins } from './quantiles/logBins.js';
export type { HistogramBin } from './quantiles/logBins.js';
export { collectTraceStats } from './traceStats.js';
export type { ClassStats, InterArrival, ServiceStats, TraceStats, TraceStatsOptions } from './traceStats.js';
export { summarizeStats, summarizeTrace, tokenSummary } from './summarize.js';
export type { ClassSummary, RateSummary, ServiceSummary, SummarizeOptions, TokenSummary, TraceSummary, WindowSummary } from './summarize.js';

// Scenario fitting.
export { burstyGammaNote, fitScenario, FIT_DEFAULTS } from './fitScenario.js';
export type { FitArrivals, FitOptions, FittedScenario, FittedService } from './fitScenario.js';
export { toScenarioYaml } from './toScenarioYaml.js';
export { weeklyShape, shapeAt, WEEKLY_SHAPE_DEFAULTS } from './weeklyShape.js';
export type { WeeklyShape } from './weeklyShape.js';

// Synthetic traces.
export { synthesizeTrace } from './synthesize.js';
export type { SynthesizeOptions } from './synthesize.js';
export { tokenSampler } from './tokenSampler.js';
export type { TokenSampler } from './tokenSampler.js';

export { CHUNK_ROWS, DEFAULT_INPUT_THRESHOLDS, DEFAULT_OUTPUT_THRESHOLDS, SCENARIO_DEFAULTS_START_ISO } from './defaults.js';
