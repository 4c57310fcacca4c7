/**
 * Workload-aware routing, after the intelligent router (arXiv:2408.13510; published-figures.md §6):
 * score each instance by how much adding this prompt hurts the requests already there — its decodes
 * stall for the new prefill (n_decoding × prefill time) and the new prompt waits behind the prefills
 * already queued — and take the lowest score; ties go to fewer outstanding requests, then the lowest
 * index. (Our reconstruction of the idea; the paper's RL policy is not reproduced.)
 */
import type { PoolView, Router } from './types.js';

export function workloadAware(): Router {
  return {
    name: 'workload-aware',
    usesPrefillEstimate: true,
    pick(view: PoolView, _promptTokens: number, prefillMs: number): number {
      let best = 0;
      let bestScore = Infinity;
      let bestLoad = Infinity;
      for (let i = 0; i < view.size; i++) {
        const score = view.decoding(i) * prefillMs + view.queuedPrefillMs(i);
        const load = view.outstanding(i);
        if (score < bestScore || (score === bestScore && load < bestLoad)) {
          bestScore = score;
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  };
}
