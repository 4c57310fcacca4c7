/**
 * How one window's pools become the next window's (DynamoLLM-style reconfiguration), as a pure
 * decision: instances of the same config carry over; instances of the same shape (model, GPU, TP,
 * role) carry over with a clock change; a needed instance whose GPUs and model match a leftover one of
 * another TP is a re-shard of it; anything else is a new, pre-staged instance. Leftovers drain.
 * Deterministic: pools in layout order, existing instances by id.
 */
import type { PoolSpec } from './poolLayout.js';

export const SOURCE_NEW = -1;
export const SOURCE_RESHARD = -2;

export interface ExistingInstance {
  readonly id: number;
  readonly configKey: string;
  readonly shapeKey: string;
  readonly familyKey: string;
}

export interface Transition {
  /** Per next-window pool, per instance: an existing instance id, SOURCE_NEW or SOURCE_RESHARD. */
  readonly sources: readonly Int32Array[];
  /** Existing instances that leave (including those re-sharded into new ones). */
  readonly drained: readonly number[];
}

export function planTransition(existing: readonly ExistingInstance[], next: readonly PoolSpec[]): Transition {
  const sorted = [...existing].sort((a, b) => a.id - b.id);
  const taken = new Set<number>();
  const sources = next.map((p) => new Int32Array(p.instances).fill(SOURCE_NEW));
  const filled = new Int32Array(next.length);
  const pass = (key: (e: ExistingInstance) => string, poolKey: (p: PoolSpec) => string) => {
    next.forEach((p, i) => {
      for (const e of sorted) {
        if ((filled[i] as number) >= p.instances) break;
        if (taken.has(e.id) || key(e) !== poolKey(p)) continue;
        taken.add(e.id);
        (sources[i] as Int32Array)[filled[i] as number] = e.id;
        filled[i] = (filled[i] as number) + 1;
      }
    });
  };
  pass((e) => e.configKey, (p) => p.configKey);
  pass((e) => e.shapeKey, (p) => p.shapeKey);
  const drained: number[] = [];
  next.forEach((p, i) => {
    for (const e of sorted) {
      if ((filled[i] as number) >= p.instances) break;
      if (taken.has(e.id) || e.familyKey !== p.familyKey) continue;
      taken.add(e.id);
      drained.push(e.id);
      (sources[i] as Int32Array)[filled[i] as number] = SOURCE_RESHARD;
      filled[i] = (filled[i] as number) + 1;
    }
  });
  for (const e of sorted) if (!taken.has(e.id)) drained.push(e.id);
  drained.sort((a, b) => a - b);
  return { sources, drained };
}
