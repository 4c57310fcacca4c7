/** Routing decisions applied: which pool (planned split over pools), which instance (the pool's router). */
import { kvBlocksFor } from '../batching/admission.js';
import type { Instance } from '../entities/instance.js';
import type { Pool } from '../entities/pool.js';
import type { Sim } from './sim.js';

/** The instance of `pool` the router picks for the request in `slot`, now counted as outstanding there. */
export function assignInstance(sim: Sim, pool: Pool, slot: number): Instance {
  const prompt = sim.requests.input[slot] as number;
  const estimateMs = pool.router.usesPrefillEstimate ? pool.steps.prefillMs(prompt, 1) : 0;
  const inst = pool.instances[pool.router.pick(pool, prompt, estimateMs)] as Instance;
  inst.outstanding++;
  return inst;
}

/** The pool where a request of (predicted) class k starts, or undefined when the window has none for its model. */
export function firstPool(sim: Sim, k: number): Pool | undefined {
  const routes = sim.current.routes[k];
  if (!routes) return undefined;
  const p = routes.first.pick();
  if (p < 0) return undefined;
  if (routes.firstUnplanned) sim.counts.unplanned();
  return sim.current.pools[p];
}

/** The decode pool for a split request after its prefill, or undefined when none can hold it. */
export function decodePool(sim: Sim, slot: number): Pool | undefined {
  const R = sim.requests;
  const routes = sim.current.routes[R.predicted[slot] as number];
  if (!routes) return undefined;
  const p = routes.decode.pick();
  if (p < 0) return undefined;
  const pool = sim.current.pools[p];
  if (!pool) return undefined;
  if (kvBlocksFor(pool.spec.role, R.input[slot] as number, R.output[slot] as number) > pool.spec.kvTotalBlocks) return undefined;
  if (routes.decodeUnplanned && !routes.firstUnplanned) sim.counts.unplanned();
  return pool;
}
