/**
 * The replay-and-repair loop on the two peak hours of week.yaml (Monday 13:00 and 14:00), where a
 * MILP's plan, made with capacities added linearly over a pool's classes, may miss cells in its own
 * replay (issue 18, item 5): the loop finds them, corrects the capacities and re-solves.
 * The hardware is narrowed to H100 TP8 at its top clock, mixed pools on the vllm-2025 preset. Chunked
 * pools used to leave their sharers' TTFT out, and the linear plan missed 2 cells here; they hold it
 * now (capacityTable.ts), and the plan passes as it is. The SinglePool baseline on the same slice still
 * misses, so the loop's rounds are exercised there.
 * The slice plans and replays in seconds. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { StepModels } from '../../src/profiles/index.js';
import { planWithRepair } from '../../src/repair/index.js';
import { sliceRunner } from '../../src/repair/replaySlices.js';
import type { Scenario } from '../../src/scenario/index.js';
import { weekPeakSlice } from '../helpers/weekPeakSlice.js';

const steps = { kind: 'tables', importPaths: [] } as const;

describe('replay and repair (week.yaml, the Monday 13:00–15:00 peak, on H100 TP8 mixed, vllm-2025)', () => {
  let scenario: Scenario;
  let plan: Plan;

  beforeAll(async () => {
    scenario = weekPeakSlice(2);
    const stepModels = new StepModels();
    ({ plan } = await planWithRepair(scenario, { steps: await stepModels.get(steps), baseline: true }, { steps, stepModels, rounds: 3, threads: 2 }));
  }, 300_000);

  it('replays the linear plan, which now passes as it is: chunked pools hold their sharers\' TTFT', () => {
    const r = plan.repair;
    expect(r).toBeDefined();
    if (!r) return;
    expect(r.maxRounds).toBe(3);
    expect(r.replayedWindows).toBe(2);
    // Before the chunked path held its sharers' TTFT, this plan missed cells and needed repair.
    expect(r.cellsMissedBefore).toBe(0);
    expect(r.rounds).toBe(0);
    expect(r.cellsMissedAfter).toBe(0);
  });

  it('puts the SinglePool baseline through the same loop: it misses, and the loop cuts its misses', () => {
    // The narrowed scenario's SinglePool is the plan's hardware (H100 TP8 mixed at the top clock) in
    // one shared pool, coding's 3x TTFT beside conversation's 6x: its linear plan misses and its own
    // loop corrects it. Measured: one cell still missed after the 3 rounds (issue 18 wants none; reported).
    const b = plan.baseline;
    expect(b?.error).toBeUndefined();
    const r = b?.repair;
    expect(r?.cellsMissedBefore).toBeGreaterThan(0);
    expect(r?.rounds).toBeGreaterThanOrEqual(1);
    expect(r?.cellsMissedAfter ?? Infinity).toBeLessThan(r?.cellsMissedBefore ?? 0);
    expect(r?.costUsd).toBeGreaterThan(0);
  });

  it('finds the same misses whatever the number of threads', async () => {
    const one = sliceRunner(1);
    const two = sliceRunner(2);
    try {
      const [a, b] = await Promise.all([one.run(scenario, plan, [0, 1], steps), two.run(scenario, plan, [0, 1], steps)]);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  }, 300_000);
});
