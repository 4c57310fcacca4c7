/** The capacity table computed in shares on the worker pool gives the plan one thread gives, byte for byte. */
import { afterAll, describe, expect, it } from 'vitest';
import { CapacityCache } from '../../src/capacity/index.js';
import { closePool } from '../../src/parallel/pool.js';
import { capacityInParallel, planScenario } from '../../src/plan/index.js';
import { StepModels } from '../../src/profiles/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';
import { twoBinScenario } from '../helpers/twoBinScenario.js';

describe('capacityInParallel', () => {
  afterAll(() => closePool());

  it('fills the cache with every row the planner reads, and the plan is the same bytes', async () => {
    const scenario = tinyScenario({ windows: 3, rps: [2, 6, 3], tp: [4, 8], clocks: { 'H100-80GB': [1980, 1400] }, roles: ['mixed', 'prefill', 'decode'] });
    const source = { kind: 'tables', importPaths: [] } as const;
    const steps = await new StepModels().get(source);
    const alone = await planScenario(scenario, { steps, capacityCache: new CapacityCache() });
    const cache = new CapacityCache();
    await capacityInParallel(scenario, source, steps, cache, 2);
    const shared = cache.entries(steps).length;
    expect(shared).toBeGreaterThan(0);
    const parallel = await planScenario(scenario, { steps, capacityCache: cache });
    // The planner found every row it needed: nothing was computed after the shares.
    expect(cache.entries(steps).length).toBe(shared);
    expect(JSON.stringify(parallel.plan.rows)).toBe(JSON.stringify(alone.plan.rows));
    expect(JSON.stringify(parallel.capacity.all)).toBe(JSON.stringify(alone.capacity.all));
  }, 120_000);

  it('planning.pools optimize: the shares hold the other partitions\' rows too', async () => {
    // Two classes in two input bins with different outputs: the shared pool's stall-sensitive class is LA's neighbour SA.
    const scenario = twoBinScenario({ totalRps: [2, 4], pools: 'optimize', outputs: { SA: 50, LA: 300 }, tp: [4, 8], roles: ['mixed', 'prefill', 'decode'] });
    const source = { kind: 'tables', importPaths: [] } as const;
    const steps = await new StepModels().get(source);
    const alone = await planScenario(scenario, { steps, capacityCache: new CapacityCache() });
    expect(alone.capacity.partitionRows?.get('shared')?.size).toBeGreaterThan(0);
    const cache = new CapacityCache();
    await capacityInParallel(scenario, source, steps, cache, 2);
    const shared = cache.entries(steps).length;
    const parallel = await planScenario(scenario, { steps, capacityCache: cache });
    expect(cache.entries(steps).length).toBe(shared);
    expect(JSON.stringify(parallel.plan.rows)).toBe(JSON.stringify(alone.plan.rows));
    expect(JSON.stringify([...(parallel.capacity.partitionRows ?? [])].map(([p, m]) => [p, [...m]]))).toBe(JSON.stringify([...(alone.capacity.partitionRows ?? [])].map(([p, m]) => [p, [...m]])));
  }, 300_000);
});
