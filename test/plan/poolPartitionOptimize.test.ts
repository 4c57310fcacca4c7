/**
 * planning.pools `optimize` on day.yaml's classes (2 services × 9 classes over 3 input bins), narrowed
 * to H100 TP8 mixed pools at the top clock and the first 4 hours on the 2023 stack it was written on
 * (test/helpers/dayOn2023.ts), so every plan is quick: the plan is
 * at most each fixed partition's (within the gaps), and at most the SinglePool baseline's, which the
 * fleet problem is given as a start (designStarts.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planningData } from '../../src/formulation/index.js';
import { builtInDesignPools } from '../../src/plan/designStarts.js';
import { planScenario } from '../../src/plan/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { partitionText, scenarioFromText, type PoolPartition, type Scenario } from '../../src/scenario/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { dayOn2023 } from '../helpers/dayOn2023.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;

function daySlice(pools: PoolPartition): Scenario {
  // On the 2023 stack the test was written for: day.yaml's own planning block would clash with the one added here.
  const text = dayOn2023(readFileSync(DAY, 'utf8'))
    .replace('windows: 24', 'windows: 4')
    .replace('gpus: [A100-80GB, H100-80GB]', 'gpus: [H100-80GB]')
    .replace('tp: [4, 8]', 'tp: [8]')
    .replace('clocks: { count: 3, minFraction: 0.6 }', 'clocks: { count: 1 }');
  const s = scenarioFromText(`${text}\nplanning: { pools: ${partitionText(pools)} }\n`, DAY);
  if (s.horizon.windows.length !== 4 || s.hardware.gpus.join() !== 'H100-80GB' || s.hardware.tp.join() !== '8') throw new Error('day.yaml horizon or hardware lines changed: update this test');
  return s;
}

describe('planning.pools optimize on day.yaml classes', () => {
  it('offers the SinglePool design (the shared pool of TP8 mixed instances at the top clock) only under a choice that lists shared', () => {
    const optimize = daySlice('optimize');
    const designs = builtInDesignPools(planningData(optimize, buildCapacityTable(optimize, analyticStepModel, capacityCache)));
    expect(designs.map((pools) => pools.map((p) => p.id))).toEqual([['Llama-2-70B/H100-80GB/tp8/1980/mixed#shared']]);
    expect(designs[0]?.[0]?.serves.size).toBe(optimize.classes.filter((c) => c.share > 0).length);
    const bins = daySlice('by-input-bin');
    expect(builtInDesignPools(planningData(bins, buildCapacityTable(bins, analyticStepModel, capacityCache)))).toEqual([]);
    // A list that names shared (the default) offers it too; one that does not, not.
    const choice = daySlice(['by-input-bin', 'shared']);
    expect(builtInDesignPools(planningData(choice, buildCapacityTable(choice, analyticStepModel, capacityCache))).map((pools) => pools.map((p) => p.id))).toEqual([['Llama-2-70B/H100-80GB/tp8/1980/mixed#shared']]);
    const noShared = daySlice(['by-input-bin', 'per-class']);
    expect(builtInDesignPools(planningData(noShared, buildCapacityTable(noShared, analyticStepModel, capacityCache)))).toEqual([]);
  });

  for (const method of ['monolithic', 'fleet-decomposition'] as const) {
    it(`${method}: the objective is at most every fixed partition's and the SinglePool baseline's, within the gap`, async () => {
      const plan = async (pools: PoolPartition, baseline = false) => (await planScenario(daySlice(pools), { capacityCache, method, baseline })).plan;
      const optimize = await plan('optimize', true);
      const gap = optimize.solve.mipGapTarget ?? 0.01;
      for (const pools of ['by-input-bin', 'shared', 'per-class'] as const) {
        const fixed = await plan(pools);
        expect(optimize.solve.objective, pools).toBeLessThanOrEqual(fixed.solve.objective * (1 + gap));
      }
      const single = optimize.baseline;
      if (!single || !('totals' in single) || !single.totals) throw new Error('the SinglePool baseline failed');
      expect(optimize.totals.totalCostUsd).toBeLessThanOrEqual(single.totals.totalCostUsd * (1 + gap));
    });
  }
});
