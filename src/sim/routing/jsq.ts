/**
 * Join the shortest queue, by requests or by prompt tokens.
 * - request-JSQ ('jsq', 'request-jsq'): the instance with the fewest outstanding requests.
 * - token-JSQ ('token-jsq'): the fewest prompt tokens routed and not yet prefilled — the default of the
 *   Splitwise study's simulator. Counting tokens keeps a short prompt from queueing behind a long
 *   one where request counts are equal; ties (and decode pools, whose requests arrive prefilled) go
 *   to the fewest outstanding requests.
 * Remaining ties go to the lowest index.
 */
import type { RouterName } from '../../scenario/index.js';
import type { PoolView, Router } from './types.js';

export function joinShortestQueue(name: RouterName = 'jsq'): Router {
  return {
    name,
    usesPrefillEstimate: false,
    pick(view: PoolView): number {
      let best = 0;
      let bestLoad = Infinity;
      for (let i = 0; i < view.size; i++) {
        const load = view.outstanding(i);
        if (load < bestLoad) {
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  };
}

export function joinShortestTokenQueue(): Router {
  return {
    name: 'token-jsq',
    usesPrefillEstimate: false,
    pick(view: PoolView): number {
      let best = 0;
      let bestTokens = Infinity;
      let bestLoad = Infinity;
      for (let i = 0; i < view.size; i++) {
        const tokens = view.pendingPromptTokens(i);
        const load = view.outstanding(i);
        if (tokens < bestTokens || (tokens === bestTokens && load < bestLoad)) {
          bestTokens = tokens;
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  };
}
