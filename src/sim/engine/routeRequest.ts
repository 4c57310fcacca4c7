/** Routing decisions applied: which pool (planned split over pools), which instance (the pool's router). */
import { kvBlocksFor } from '../batching/admission.js';
import { ROLE, type Instance } from '../entities/instance.js';
import type { Pool } from '../entities/pool.js';
import type { Sim } from './sim.js';

/**
 * The instance of `pool` the router picks for the request in `slot`, now counted as outstanding there
 * (and its prompt as pending, when it goes there to be prefilled).
 */
export function assignInstance(sim: Sim, pool: Pool, slot: number, toPrefill: boolean): Instance {
  const prompt = sim.requests.input[slot] as number;
  const estimateMs = pool.router.usesPrefillEstimate ? pool.steps.prefillMs(prompt, 1) : 0;
  const inst = pool.instances[pool.router.pick(pool, prompt, estimateMs)] as Instance;
  inst.outstanding++;
  if (toPrefill) inst.pendingPromptTokens += prompt;
  return inst;
}

/** Every instance of the prefill pool holds at least the overflow threshold of prompt tokens not yet prefilled. */
function promptsSaturated(sim: Sim, pool: Pool): boolean {
  for (const inst of pool.instances) if (inst.pendingPromptTokens < sim.settings.overflowPromptTokens) return false;
  return pool.instances.length > 0;
}

/**
 * Overflow (phase split): a prompt whose prefill pool is saturated goes to a mixed pool of its model
 * (the first not saturated itself), else whole to a decode pool, whose instance then runs it as a
 * mixed one would (Splitwise's mixed pool, made of machines of either pool). Otherwise `pool` itself.
 */
export function overflowFirstPool(sim: Sim, pool: Pool): Pool {
  if (!sim.settings.overflow || pool.spec.role !== ROLE.prefill || !promptsSaturated(sim, pool)) return pool;
  const sameModel = sim.current.pools.filter((p) => p.spec.model.id === pool.spec.model.id && p.instances.length > 0);
  const target = sameModel.find((p) => p.spec.role === ROLE.mixed && !promptsSaturated(sim, p)) ?? sameModel.find((p) => p.spec.role === ROLE.decode);
  if (!target) return pool;
  sim.counts.promptOverflow();
  return target;
}

/**
 * Overflow (phase split): the decode pool is saturated when no instance could take the request now —
 * each has a full batch counting its queue (outstanding ≥ maxBatch) or too little free KV.
 */
export function decodeSaturated(sim: Sim, pool: Pool, slot: number): boolean {
  const R = sim.requests;
  const need = kvBlocksFor(pool.spec.role, R.input[slot] as number, R.output[slot] as number);
  for (const inst of pool.instances) if (inst.outstanding < sim.settings.maxBatch && inst.kvFreeBlocks >= need) return false;
  return true;
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
