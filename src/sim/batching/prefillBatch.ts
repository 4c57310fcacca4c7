/**
 * Prefill batching (vLLM-style, prefill first): at an iteration boundary the instance takes waiting
 * prompts from the head of its queue into one prefill pass while their tokens stay within a budget; a
 * prompt longer than the budget runs alone. The running decode batch stalls for the pass. The budget
 * is a setting (simulation.prefillTokenBudget, or a deployment's routing.prefillTokenBudget); its
 * default and why are in SCENARIO_DEFAULTS.
 */
import { SCENARIO_DEFAULTS } from '../../scenario/index.js';

export const PREFILL_TOKEN_BUDGET = SCENARIO_DEFAULTS.prefillTokenBudget;

/** Whether a prompt of `promptTokens` joins a pass that already has `count` prompts and `tokens` tokens. */
export function joinsPrefillPass(count: number, tokens: number, promptTokens: number, budget: number = PREFILL_TOKEN_BUDGET): boolean {
  return count === 0 || tokens + promptTokens <= budget;
}
