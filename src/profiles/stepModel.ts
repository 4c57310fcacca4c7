/**
 * The one interface through which capacity, the planner and the simulator get step times and power:
 * the analytic model, a measured/imported profile table, or a table with the analytic model behind it.
 */
import { decodeStep, idleInstancePowerW, prefillStep, type ConfigPoint, type StepEstimate } from './analyticModel.js';

export interface StepModel {
  /** One prefill pass over `promptTokens` batched tokens made of prompts of `tokensPerPrompt` each. */
  prefill(cfg: ConfigPoint, promptTokens: number, tokensPerPrompt?: number): StepEstimate;
  /** One decode iteration of `batch` sequences with mean context `meanContextTokens`. */
  decode(cfg: ConfigPoint, batch: number, meanContextTokens: number): StepEstimate;
  /** Instance power with the model loaded and nothing running, W. */
  idlePowerW(cfg: ConfigPoint): number;
  /** Where this config's numbers come from, e.g. 'analytic' or 'imported: perf_model.csv'. */
  sourceOf(cfg: ConfigPoint): string;
}

export const ANALYTIC_SOURCE = 'analytic model (profiles/README.md)';

export const analyticStepModel: StepModel = {
  prefill: prefillStep,
  decode: decodeStep,
  idlePowerW: idleInstancePowerW,
  sourceOf: () => ANALYTIC_SOURCE,
};
