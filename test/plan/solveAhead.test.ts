/**
 * The windows where the load falls are solved ahead of the rolling horizon, without the window before
 * (a relaxation: no start-ups), and carried onto the chain only within the window gap of that
 * relaxation's bound. The plan is the same bytes whether those solves run in this thread or on the
 * worker pool beside the chain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planningData } from '../../src/formulation/index.js';
import { closePool } from '../../src/parallel/pool.js';
import { planScenario } from '../../src/plan/index.js';
import { solveOnPool, type SolveFn } from '../../src/plan/poolSolve.js';
import { solveOperation, type OperationOptions } from '../../src/plan/solveOperation.js';
import { carryOver, solveWindow } from '../../src/plan/solveWindow.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { computeObjective } from '../../src/solver/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const CLOCKS = { 'H100-80GB': [1980, 1380, 990] };

describe('windows solved ahead of the rolling horizon', () => {
  afterAll(() => closePool());

  it('are carried where the load falls, and the plan is the same bytes on the pool as in this thread', async () => {
    const s = tinyScenario({ windows: 8, rps: [40, 34, 26, 18, 10, 6, 22, 40], gpus: ['H100-80GB'], tp: [4, 8], clocks: CLOCKS });
    const here = await planScenario(s, { capacityCache, method: 'fleet-decomposition', timeLimitSec: 120 });
    const pooled = await planScenario(s, { capacityCache, method: 'fleet-decomposition', timeLimitSec: 120, solveOnPool: true });
    expect(JSON.stringify(pooled.plan.rows)).toBe(JSON.stringify(here.plan.rows));
    expect(JSON.stringify(pooled.plan.windows)).toBe(JSON.stringify(here.plan.windows));
    expect(pooled.plan.solve.subproblems).toBe(here.plan.solve.subproblems);
    const carried = /(\d+) windows where the load falls took the plan solved ahead/.exec(here.plan.solve.notes.join(' '));
    expect(Number(carried?.[1] ?? 0)).toBeGreaterThan(0);
    expect(here.plan.solve.worstWindowGap ?? Infinity).toBeLessThanOrEqual(s.solver.windowGap + 1e-9);
  }, 300_000);

  it('on the pool, runs the rising windows after a fall speculatively, and the chain takes them only as they are', async () => {
    // A fall (1, 2), a rise (3–6), a fall (7, 8), a rise (9). While the chain works through the first
    // rise, the helper solves the second fall ahead and then window 9 from the GPUs window 8 is
    // predicted to leave active.
    const s = tinyScenario({ windows: 10, rps: [40, 30, 20, 30, 40, 50, 60, 30, 20, 40], gpus: ['H100-80GB'], tp: [4, 8], clocks: CLOCKS });
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const windows = Array.from({ length: 10 }, (_, w) => w);
    // The chain's solves of the first rise (the only models with start-ups in windows 3–6) are made
    // slow, so that the helper surely gets to window 9 first whatever the machine's load.
    const slowFirstRise: SolveFn = async (model, opts) => {
      if ([3, 4, 5, 6].some((w) => model.variable('start', [w, 'H100-80GB']) !== undefined)) await new Promise((resolve) => setTimeout(resolve, 1500));
      return solveOnPool(model, opts);
    };
    const options = (solveWith?: SolveFn): OperationOptions => ({
      backend: 'highs',
      windowGap: s.solver.windowGap,
      fleet: { 'H100-80GB': 12 },
      remaining: () => 120,
      timeLimitSec: 120,
      startInstances: () => undefined,
      restrict: true,
      reuseWindows: true,
      progress: () => {},
      ...(solveWith ? { solveWith } : {}),
    });
    const here = await solveOperation(data, windows, options());
    const pooled = await solveOperation(data, windows, options(slowFirstRise));
    expect(here.unserved).toEqual([]);
    // In one thread nothing is speculated; on the pool the chain took window 9 as the helper solved it,
    // and any other rise whose start the helper predicted exactly (window 3 after the first fall, as
    // the capacities fall out: how many is the model's, not the test's).
    expect(here.speculated).toBe(0);
    expect(pooled.speculated).toBeGreaterThanOrEqual(1);
    // And it changed nothing: the same rows, gaps and solve count.
    expect(JSON.stringify(pooled.windows.map((w) => [w.rows, w.summary]))).toBe(JSON.stringify(here.windows.map((w) => [w.rows, w.summary])));
    expect(pooled.subproblems).toBe(here.subproblems);
  }, 300_000);

  it('carries a relaxed plan only within the window gap, its start-ups charged against what was active before', async () => {
    // Start-ups of 10 minutes: a plan that must start its GPUs costs far more than the relaxation's bound.
    const s = tinyScenario({ windows: 2, rps: [30, 20], gpus: ['H100-80GB'], tp: [8], instanceStartS: 600 });
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const fleet = { 'H100-80GB': 8 };
    const relaxed = await solveWindow(data, 1, { backend: 'highs', timeLimitSec: 60, windowGap: s.solver.windowGap, fleet });
    expect(relaxed.kind).toBe('solved');
    if (relaxed.kind !== 'solved') return;
    const relaxedCost = relaxed.pm.model.toStandardForm();
    const relaxedObjective = computeObjective(relaxedCost, relaxed.values);

    // Every GPU already active: nothing starts, the plan and its cost carry over unchanged.
    const warm = carryOver(data, 1, relaxed, { windowGap: s.solver.windowGap, fleet, activeBefore: { 'H100-80GB': 64 } });
    expect(warm?.kind).toBe('solved');
    if (warm?.kind !== 'solved') return;
    expect(computeObjective(warm.pm.model.toStandardForm(), warm.values)).toBeCloseTo(relaxedObjective, 6);
    expect(warm.bound).toBe(relaxed.bound);

    // Nothing active before: every GPU of the plan starts, which the relaxation did not pay for.
    expect(carryOver(data, 1, relaxed, { windowGap: s.solver.windowGap, fleet, activeBefore: { 'H100-80GB': 0 } })).toBeUndefined();
  }, 120_000);
});
