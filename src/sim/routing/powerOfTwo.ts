/** Power of two choices: two distinct instances drawn at random, the less loaded one wins. */
import type { Rng } from '../../core/random.js';
import type { PoolView, Router } from './types.js';

export function powerOfTwoChoices(rng: Rng): Router {
  return {
    name: 'power-of-two',
    usesPrefillEstimate: false,
    pick(view: PoolView): number {
      if (view.size <= 1) return 0;
      const a = rng.int(view.size);
      let b = rng.int(view.size - 1);
      if (b >= a) b++;
      const la = view.outstanding(a);
      const lb = view.outstanding(b);
      return lb < la || (lb === la && b < a) ? b : a;
    },
  };
}
