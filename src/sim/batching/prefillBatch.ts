/**
 * Prefill batching (vLLM-style, prefill first): at an iteration boundary the instance takes waiting
 * prompts from the head of its queue into one prefill pass while their tokens stay within a budget; a
 * prompt longer than the budget runs alone. The running decode batch stalls for the pass. The budget
 * is vLLM's default max_num_batched_tokens for 4k-context models (max(max_model_len, 2048)); Splitwise
 * (§4.1, Insight IV) finds prefill throughput flat beyond ~2048 batched tokens, so larger passes gain
 * nothing.
 */
export const PREFILL_TOKEN_BUDGET = 4096;

/** Whether a prompt of `promptTokens` joins a pass that already has `count` prompts and `tokens` tokens. */
export function joinsPrefillPass(count: number, tokens: number, promptTokens: number, budget = PREFILL_TOKEN_BUDGET): boolean {
  return count === 0 || tokens + promptTokens <= budget;
}
