/** One pool rule (capacity/poolPartition.ts) for the capacity model and the planner's pools. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, poolKey, sharesPool, stallSensitiveClass } from '../../src/capacity/index.js';
import { planningData } from '../../src/formulation/index.js';
import { fromScenarioFile, type PoolPartition, type Scenario } from '../../src/scenario/index.js';

const PARTITIONS: readonly PoolPartition[] = ['shared', 'by-input-bin', 'per-class'];

/** day.yaml (2 services × 9 classes over 3 input bins) on one config per role, so the table is quick. */
async function day(pools: PoolPartition): Promise<Scenario> {
  const s = await fromScenarioFile('scenarios/day.yaml');
  return {
    ...s,
    hardware: { ...s.hardware, gpus: ['H100-80GB'], tp: [8], clocksMHz: { 'H100-80GB': [1980] }, roles: ['mixed', 'prefill', 'decode'] },
    planning: { ...s.planning, pools },
  };
}

describe('poolPartition', () => {
  it('keys a class by nothing, its input bin (prefilling roles; and service on prompt machines) or itself', async () => {
    const s = await day('shared');
    const [a, b] = [s.classes.find((c) => c.id === 'conversation/SM'), s.classes.find((c) => c.id === 'conversation/LM')];
    if (!a || !b) throw new Error('day.yaml classes changed');
    expect(poolKey('shared', 'mixed', a)).toBe('');
    expect(poolKey('by-input-bin', 'mixed', a)).toBe('in0-1024');
    expect(poolKey('by-input-bin', 'prefill', b)).toBe('conversation:in4096-inf');
    expect(poolKey('by-input-bin', 'decode', b)).toBe('');
    expect(poolKey('per-class', 'decode', a)).toBe('conversation/SM');
    expect(sharesPool('shared', 'mixed', a, b)).toBe(true);
    expect(sharesPool('by-input-bin', 'mixed', a, b)).toBe(false);
    expect(sharesPool('by-input-bin', 'decode', a, b)).toBe(true);
    // A prompt machine's pool holds one service's bin: coding's tight TTFT never queues with conversation's.
    const codingSm = s.classes.find((c) => c.id === 'coding/SM');
    if (!codingSm) throw new Error('day.yaml classes changed');
    expect(sharesPool('by-input-bin', 'mixed', a, codingSm)).toBe(true);
    expect(sharesPool('by-input-bin', 'prefill', a, codingSm)).toBe(false);
    expect(sharesPool('per-class', 'decode', a, a)).toBe(true);
  });

  for (const partition of PARTITIONS) {
    it(`${partition}: the planner's pools are exactly the classes the rule lets share`, async () => {
      const s = await day(partition);
      const data = planningData(s, buildCapacityTable(s), { prune: false });
      const classesOf = (c: (typeof data.configs)[number]) => [...c.serves.keys()].map((k) => s.classes[k]!);
      const byConfig = new Map<string, (typeof data.configs)[number][]>();
      for (const c of data.configs) byConfig.set(c.config.id, [...(byConfig.get(c.config.id) ?? []), c]);
      expect(byConfig.size).toBeGreaterThan(0);
      for (const pools of byConfig.values()) {
        for (const pool of pools) {
          const role = pool.config.role;
          for (const a of classesOf(pool)) for (const b of classesOf(pool)) expect(sharesPool(partition, role, a, b), `${pool.id}: ${a.id} with ${b.id}`).toBe(true);
          for (const other of pools) {
            if (other === pool) continue;
            for (const a of classesOf(pool)) for (const b of classesOf(other)) expect(sharesPool(partition, role, a, b), `${pool.id} vs ${other.id}`).toBe(false);
          }
        }
      }
      const split = [...byConfig.values()].some((pools) => pools.length > 1);
      expect(split).toBe(partition !== 'shared');
    });
  }

  it('judges a class over the shortest outputs of the classes it may share a mixed pool with', async () => {
    for (const partition of PARTITIONS) {
      const s = await day(partition);
      for (const cls of s.classes) {
        const sensitive = stallSensitiveClass(partition, s.classes, cls);
        expect(sharesPool(partition, 'mixed', cls, sensitive)).toBe(true);
        const mates = s.classes.filter((o) => sharesPool(partition, 'mixed', cls, o) && o.share > 0);
        expect(sensitive.output.mean).toBe(Math.min(cls.output.mean, ...mates.map((o) => o.output.mean)));
      }
    }
  });
});
