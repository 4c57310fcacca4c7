/**
 * The one interface through which capacity, the planner and the simulator get step times and power:
 * the analytic model, a measured/imported profile table, or a table with the analytic model behind it.
 */
import { analyticModel, BUILT_IN_PARAMS, type AnalyticParams, type ConfigPoint, type StepEstimate } from './analyticModel.js';

export interface StepModel {
  /** One prefill pass over `promptTokens` batched tokens made of prompts of `tokensPerPrompt` each. */
  prefill(cfg: ConfigPoint, promptTokens: number, tokensPerPrompt?: number): StepEstimate;
  /** One decode iteration of `batch` sequences with mean context `meanContextTokens`. */
  decode(cfg: ConfigPoint, batch: number, meanContextTokens: number): StepEstimate;
  /**
   * One fused step of chunked prefill: the decode iteration plus `chunkTokens` prompt tokens that each
   * attend to `chunkAttendedTokens` tokens of their prompt (one weight read, the chunk's compute and all-reduce added).
   */
  mixed(cfg: ConfigPoint, batch: number, meanContextTokens: number, chunkTokens: number, chunkAttendedTokens: number): StepEstimate;
  /** Instance power with the model loaded and nothing running, W. */
  idlePowerW(cfg: ConfigPoint): number;
  /** Where this config's numbers come from, e.g. 'analytic' or 'imported: perf_model.csv'. */
  sourceOf(cfg: ConfigPoint): string;
}

export const ANALYTIC_SOURCE = 'analytic model (profiles/README.md)';

/** The analytic model over a parameter set as a StepModel (a fit evaluates candidate sets this way). */
export function analyticStepModelWith(params: AnalyticParams): StepModel {
  const m = analyticModel(params);
  return { prefill: m.prefill, decode: m.decode, mixed: m.mixed, idlePowerW: m.idlePowerW, sourceOf: () => ANALYTIC_SOURCE };
}

export const analyticStepModel: StepModel = analyticStepModelWith(BUILT_IN_PARAMS);
