/**
 * The built-in designs a scenario's options contain, as plans the fleet problem starts from, so the
 * plan it keeps is never worse than them on the windows it models. Today that is DynamoLLM's
 * SinglePool (singlePoolBaseline.ts: one pool every class shares, of mixed instances at the top TP
 * and clock, on one GPU type), inside the options only when a pool may be shared by every class:
 * `planning.pools` a choice that lists shared (e.g. [by-input-bin, shared], or optimize). (Under
 * `shared` alone it is inside too, but a fixed partition's plans stay as they were.) Each design on
 * each GPU type is a small MILP: one pool a window.
 */
import { choosesPartition, partitionsOf } from '../capacity/index.js';
import { getGpu } from '../catalog/index.js';
import { SHARED_POOL, type ConfigData, type PlanningData } from '../formulation/index.js';
import { singlePoolShape } from './singlePoolBaseline.js';

/** Per GPU type with the design's pools in the model: those pools, re-indexed (none when the options do not contain it). */
export function builtInDesignPools(data: PlanningData): ConfigData[][] {
  const pools = data.scenario.planning.pools;
  if (!choosesPartition(pools) || !partitionsOf(pools).includes('shared')) return [];
  return data.gpuTypes.flatMap((g) => {
    const { tp, clockMHz } = singlePoolShape(getGpu(g.gpu));
    // A dominated config is pruned from the model: its design is then covered by the config that dominates it, and not tried here.
    const pools = data.configs.filter((c) => c.config.gpu === g.gpu && c.config.role === 'mixed' && c.config.tp === tp && c.config.clockMHz === clockMHz && c.pool === SHARED_POOL);
    return pools.length > 0 ? [pools.map((c, index) => ({ ...c, index }))] : [];
  });
}
