/** Round-robin: instances in turn, whatever their load. */
import type { PoolView, Router } from './types.js';

export function roundRobin(): Router {
  let next = 0;
  return {
    name: 'round-robin',
    usesPrefillEstimate: false,
    pick(view: PoolView): number {
      const i = next % view.size;
      next = i + 1;
      return i;
    },
  };
}
