/**
 * planning.pools `optimize`: a config carries the pools of every partition, each with the capacities
 * its own sharing allows, and the MILP chooses. Two classes in two input bins on one config, with
 * capacity tables written by hand, so each optimum is worked out below.
 */
import { describe, expect, it } from 'vitest';
import { buildPlanModel, planningData } from '../../src/formulation/index.js';
import type { FixedPartition, PoolPartition, Scenario } from '../../src/scenario/index.js';
import { handTable, type HandCapacities } from '../helpers/handCapacityTable.js';
import { solve } from '../../src/solver/index.js';
import { twoBinScenario } from '../helpers/twoBinScenario.js';

/** chat/SA and chat/LA (test/helpers/twoBinScenario.ts) in one window, on TP8. */
function twoBins(totalRps: number, pools: PoolPartition): Scenario {
  return twoBinScenario({ totalRps: [totalRps], pools, outputs: { SA: 100, LA: 100 }, tp: [8] });
}

/** The exact optimum of the one-window MILP: its objective, and instances and served req/s per pool name. */
async function optimum(totalRps: number, pools: PoolPartition, caps: HandCapacities) {
  const s = twoBins(totalRps, pools);
  const data = planningData(s, handTable(s, caps));
  const pm = buildPlanModel(data, { windows: [0] });
  const result = await solve(pm.model, { mipRelGap: 1e-9 });
  const byPool = new Map(pm.pools(0).map((p) => [p.config.pool, { instances: Math.round(result.value(p.n)) + 0, rps: [...p.x.values()].reduce((sum, x) => sum + result.value(x), 0) }]));
  return { objective: result.objective ?? NaN, byPool, pools: data.configs.map((c) => c.pool) };
}

const FIXED: readonly FixedPartition[] = ['by-input-bin', 'shared', 'per-class'];

describe('planning.pools optimize: the MILP chooses the partition', () => {
  it('offers each partition\'s pools once: the two bins (per-class\'s pools are the same here) and the shared pool', async () => {
    const { pools } = await optimum(0.6, 'optimize', { alone: { SA: 1.2, LA: 1.2 }, shared: { SA: 1, LA: 1 } });
    expect(pools).toEqual(['in0-1024', 'in1024-inf', 'shared']);
  });

  // Light load: 0.3 req/s a class. Alone, each bin needs its own instance (0.3 / 1.2 ≤ 0.9): 2 instances.
  // Shared, at a little less capacity each, 0.3/1 + 0.3/1 = 0.6 ≤ 0.9: one instance does.
  const light = { alone: { SA: 1.2, LA: 1.2 }, shared: { SA: 1, LA: 1 } };
  it('shares a pool where sharing is cheaper (light load: one shared instance instead of one per bin)', async () => {
    const opt = await optimum(0.6, 'optimize', light);
    expect(opt.byPool.get('shared')).toEqual({ instances: 1, rps: expect.closeTo(0.6, 9) as number });
    expect(opt.byPool.get('in0-1024')?.instances ?? 0).toBe(0);
    expect(opt.byPool.get('in1024-inf')?.instances ?? 0).toBe(0);
    const bins = await optimum(0.6, 'by-input-bin', light);
    expect([...bins.byPool.values()].reduce((n, p) => n + p.instances, 0)).toBe(2);
    expect(opt.objective).toBeLessThan(bins.objective);
  });

  // Heavy load: 1.5 req/s a class. Mixed with LA's long prompts, SA holds only 0.6 req/s an instance:
  // shared, 1.5/0.6 + 1.5/2 = 3.25 instance-loads → 4 instances; by bin, 1.5/2 = 0.75 ≤ 0.9 → 1 each.
  const heavy = { alone: { SA: 2, LA: 2 }, shared: { SA: 0.6, LA: 2 } };
  it('keeps the bins apart where mixing hurts (heavy load: one instance a bin, the shared pool unused)', async () => {
    const opt = await optimum(3, 'optimize', heavy);
    expect(opt.byPool.get('in0-1024')).toEqual({ instances: 1, rps: expect.closeTo(1.5, 9) as number });
    expect(opt.byPool.get('in1024-inf')).toEqual({ instances: 1, rps: expect.closeTo(1.5, 9) as number });
    expect(opt.byPool.get('shared')?.instances ?? 0).toBe(0);
    const shared = await optimum(3, 'shared', heavy);
    expect(shared.byPool.get('')?.instances).toBe(4);
    expect(opt.objective).toBeLessThan(shared.objective);
  });

  // 1.9 req/s a class: by bin, 1.9/2 > 0.9 → 2 instances a bin (4). A mix does it with 3: one instance
  // a bin at 0.9 × 2 = 1.8 req/s, and the two 0.1 req/s remainders on one shared instance (0.1/0.6 + 0.1/2 ≤ 0.9).
  it('mixes partitions where neither alone is best (one instance a bin, the remainders shared)', async () => {
    const opt = await optimum(3.8, 'optimize', heavy);
    expect([...opt.byPool.values()].reduce((n, p) => n + p.instances, 0)).toBe(3);
    expect(opt.byPool.get('shared')?.instances).toBe(1);
    const bins = await optimum(3.8, 'by-input-bin', heavy);
    expect([...bins.byPool.values()].reduce((n, p) => n + p.instances, 0)).toBe(4);
  });

  for (const [name, totalRps, caps] of [['light', 0.6, light], ['heavy', 3, heavy], ['between', 3.8, heavy]] as const) {
    it(`${name} load: optimize's objective is at most every fixed partition's`, async () => {
      const opt = await optimum(totalRps, 'optimize', caps);
      const fixed = await Promise.all(FIXED.map((p) => optimum(totalRps, p, caps)));
      for (const f of fixed) expect(opt.objective).toBeLessThanOrEqual(f.objective * (1 + 1e-9));
    });
  }
});
