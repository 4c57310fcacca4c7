/** Uniform random choice of instance, whatever their load; draws only from the replay's seeded router stream. */
import type { Rng } from '../../core/random.js';
import type { PoolView, Router } from './types.js';

export function randomChoice(rng: Rng): Router {
  return {
    name: 'random',
    usesPrefillEstimate: false,
    pick(view: PoolView): number {
      return view.size <= 1 ? 0 : rng.int(view.size);
    },
  };
}
