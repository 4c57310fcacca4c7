/**
 * Class-to-pool routing as planned: per class, the pools of the window that serve it, chosen in
 * proportion to their planned rates. First stage: mixed and prefill pools (where the request starts);
 * second stage: decode pools (where a split request's decode goes). A class the window plans no pool
 * for falls back to every pool of its model, weighted by the pools' total planned rate.
 */
import type { Scenario } from '../../scenario/index.js';
import { ROLE } from '../entities/instance.js';
import type { PoolSpec } from '../entities/poolLayout.js';
import { WeightedChooser } from './weightedChooser.js';

export interface ClassRoutes {
  readonly first: WeightedChooser;
  /** True when `first` is the fallback (the plan has no pool for the class in this window). */
  readonly firstUnplanned: boolean;
  readonly decode: WeightedChooser;
  readonly decodeUnplanned: boolean;
}

function chooser(pools: readonly PoolSpec[], keep: (p: PoolSpec) => boolean, weight: (p: PoolSpec) => number): WeightedChooser {
  const items: number[] = [];
  const weights: number[] = [];
  pools.forEach((p, i) => {
    if (!keep(p)) return;
    const w = weight(p);
    if (!(w > 0)) return;
    items.push(i);
    weights.push(w);
  });
  return new WeightedChooser(Int32Array.from(items), Float64Array.from(weights));
}

export function classRoutes(scenario: Scenario, pools: readonly PoolSpec[]): ClassRoutes[] {
  return scenario.classes.map((cls, k) => {
    const sameModel = (p: PoolSpec) => p.model.id === cls.model;
    const starts = (p: PoolSpec) => sameModel(p) && p.role !== ROLE.decode;
    const decodes = (p: PoolSpec) => sameModel(p) && p.role === ROLE.decode;
    let first = chooser(pools, starts, (p) => p.ratesRps[k] as number);
    const firstUnplanned = first.size === 0;
    if (firstUnplanned) first = chooser(pools, starts, (p) => p.totalRps || 1);
    let decode = chooser(pools, decodes, (p) => p.ratesRps[k] as number);
    const decodeUnplanned = decode.size === 0;
    if (decodeUnplanned) decode = chooser(pools, decodes, (p) => p.totalRps || 1);
    // No decode pool at all: split requests decode on a mixed pool (which accepts KV from elsewhere).
    if (decode.size === 0) decode = chooser(pools, (p) => sameModel(p) && p.role === ROLE.mixed, (p) => p.totalRps || 1);
    return { first, firstUnplanned, decode, decodeUnplanned };
  });
}
