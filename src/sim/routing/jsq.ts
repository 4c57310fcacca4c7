/** Join the shortest queue: the instance with the fewest outstanding requests; ties to the lowest index. */
import type { PoolView, Router } from './types.js';

export function joinShortestQueue(): Router {
  return {
    name: 'jsq',
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
