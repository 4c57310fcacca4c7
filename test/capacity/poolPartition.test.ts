/** One pool rule (capacity/poolPartition.ts) for the capacity model and the planner's pools. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, CapacityCache, poolKey, poolSharers, sharesPool, stallSensitiveClass } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { planningData } from '../../src/formulation/index.js';
import { fromScenarioFile, type FixedPartition, type PoolPartition, type Scenario } from '../../src/scenario/index.js';

const PARTITIONS: readonly FixedPartition[] = ['shared', 'by-input-bin', 'per-class'];

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

  it('a shared prompt machine holds every sharer\'s TTFT; a shared mixed pool, its input bin\'s only', async () => {
    const s = await day('shared');
    const codingSs = s.classes.find((c) => c.id === 'coding/SS');
    if (!codingSs) throw new Error('day.yaml classes changed');
    const ids = (role: 'mixed' | 'prefill') => poolSharers('shared', s.classes, codingSs, role).map((c) => c.id);
    // Every other class with traffic, conversation's 5k-token prompts too (week.yaml replayed coding's TTFT ×4.8 without them).
    expect(ids('prefill')).toEqual(s.classes.filter((c) => c !== codingSs && c.share > 0).map((c) => c.id));
    expect(ids('prefill')).toContain('conversation/LM');
    expect(ids('mixed').every((id) => s.classes.find((c) => c.id === id)?.inputRange[0] === codingSs.inputRange[0])).toBe(true);
    expect(ids('mixed')).toContain('conversation/SS');
    // Under by-input-bin a prompt machine's pool is one service's bin, and so are its sharers.
    expect(poolSharers('by-input-bin', s.classes, codingSs, 'prefill').every((c) => c.service === 'coding' && c.inputRange[0] === 0)).toBe(true);
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

  it('optimize: each config carries every partition\'s pools with that partition\'s capacities, once each; rows are computed again only where a rule changes them', async () => {
    const cache = new CapacityCache();
    const pools = async (partition: PoolPartition) => {
      const s = await day(partition);
      const table = buildCapacityTable(s, analyticStepModel, cache);
      return { table, pools: planningData(s, table, { prune: false }).configs };
    };
    const optimize = await pools('optimize');
    const fixed = await Promise.all(PARTITIONS.map(pools));
    // What a pool is: its config, the classes it serves and each one's capacity and power.
    const shape = (p: (typeof optimize.pools)[number]) => JSON.stringify([p.config.id, [...p.serves].sort(([a], [b]) => a - b)]);
    const offered = new Set(optimize.pools.map(shape));
    expect(offered.size).toBe(optimize.pools.length);
    const fromFixed = new Set(fixed.flatMap((f) => f.pools.map(shape)));
    expect(offered).toEqual(fromFixed);
    // Shared's decode rules are by-input-bin's, so its mixed config and its prompt machine (every sharer's TTFT) are computed again; per-class changes all three.
    const roleOf = (id: string) => optimize.table.configs.find((c) => c.id === id)?.role;
    expect([...(optimize.table.partitionRows?.get('shared')?.keys() ?? [])].map(roleOf).sort()).toEqual(['mixed', 'prefill']);
    expect([...(optimize.table.partitionRows?.get('per-class')?.keys() ?? [])].map(roleOf).sort()).toEqual(['decode', 'mixed', 'prefill']);
    expect(optimize.table.rows).toEqual(fixed[1]?.table.rows);
  });
});
