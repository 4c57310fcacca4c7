/**
 * `compare` puts every design's plan through the same replay-and-repair loop as `plan` (issue 18):
 * in iso-power mode the highest demand scale is replayed at that scale, and a correction lowers the
 * scale the next round finds. The slice is week.yaml's Monday 13:00 peak on H100 TP8 mixed pools on
 * the vllm-2025 preset, planned as one shared pool for both services, where linear class mixing is
 * optimistic (with week.yaml's pools per service and input bin the plan passes as it is:
 * test/repair/planWithRepair.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDesigns, type Design, type DesignResult } from '../../src/compare/index.js';
import { weekPeakSlice } from '../helpers/weekPeakSlice.js';


describe('compare: every design through the replay-and-repair loop (iso-power, one peak hour)', () => {
  let once: DesignResult | undefined;
  let repaired: DesignResult | undefined;

  beforeAll(async () => {
    const scenario = weekPeakSlice(1);
    // One pool for both services (coding's 3x TTFT beside conversation's 6x), where linear mixing is optimistic.
    const design: Design = { name: 'H100 TP8 mixed, shared', description: 'the narrowed scenario in one shared pool', clocks: 'scenario', pools: 'shared' };
    [once] = await compareDesigns(scenario, [design], { mode: 'iso-power', repairRounds: 0 });
    [repaired] = await compareDesigns(scenario, [design], { mode: 'iso-power', repairRounds: 3, threads: 2 });
  }, 300_000);

  it('finds the highest-scale plan missing at that scale, and repairs it to one that passes at a lower scale', () => {
    expect(once?.error).toBeUndefined();
    expect(once?.plan?.repair).toBeUndefined();
    const r = repaired?.plan?.repair;
    expect(r?.cellsMissedBefore).toBeGreaterThan(0);
    expect(r?.rounds).toBeGreaterThanOrEqual(1);
    expect(r?.cellsMissedAfter).toBe(0);
    // The same power now carries less demand: the first plan's scale was the model's optimism.
    expect(repaired?.scale).toBeLessThan(once?.scale ?? 0);
    expect(repaired?.scale).toBeGreaterThan(0);
  });
});
