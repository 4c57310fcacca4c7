/** What a router sees of a pool (read-only) and what it returns: the index of the instance to use. */
import type { Rng } from '../../core/random.js';
import type { RouterName } from '../../scenario/index.js';

export interface PoolView {
  /** Instances in the pool. */
  readonly size: number;
  /** Requests routed to instance i and not finished (waiting, prefilling, decoding). */
  outstanding(i: number): number;
  /** Prompt tokens routed to instance i and not yet prefilled (waiting or in the pass under way). */
  pendingPromptTokens(i: number): number;
  /** Requests in instance i's decode batch. */
  decoding(i: number): number;
  /** Σ estimated prefill time of the prompts waiting at instance i, ms. */
  queuedPrefillMs(i: number): number;
}

export interface Router {
  readonly name: RouterName;
  /** Whether `pick` reads `prefillMs` (the engine skips the estimate otherwise). */
  readonly usesPrefillEstimate: boolean;
  /** Index of the instance for a request with `promptTokens` whose prefill takes `prefillMs` here. */
  pick(view: PoolView, promptTokens: number, prefillMs: number): number;
}

/** A router per pool (round-robin keeps its own cursor); randomness only through the given stream. */
export type RouterFactory = (rng: Rng) => Router;
