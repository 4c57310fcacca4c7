/**
 * The bounds of the windows outside the fleet problem: their least costs inside the columns' bounds
 * first (no solve), then LP relaxations, then node-limited window MILPs only while the overall gap
 * needs them, and never past the point where their gain evidently cannot meet it — so the bound does
 * not depend on how long the machine would let the loop run.
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planningData } from '../../src/formulation/index.js';
import { planScenario } from '../../src/plan/index.js';
import { windowBounds } from '../../src/plan/windowBounds.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const RPS = [40, 33, 27, 21, 15, 9];
/** A target just above the bounds that need no solve (0 here: every cost is non-negative), so that the LPs run. */
const ABOVE_BOX = Number.MIN_VALUE;

describe('window bounds', () => {
  const s = tinyScenario({ windows: RPS.length, rps: RPS, gpus: ['H100-80GB'], tp: [4, 8], clocks: { 'H100-80GB': [1980, 1380, 990] } });
  const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
  const windows = RPS.map((_, w) => w);
  const options = { backend: 'highs' as const, remaining: () => 600, windowGap: s.solver.windowGap / 2 };

  it('solves nothing when the columns\' bounds already meet the target', async () => {
    const box = await windowBounds(data, windows, options, 0);
    expect(box).toEqual({ sum: 0, solves: 0, boxOnly: true });
  });

  it('stops at the LP bounds when they already meet the target, and tightens toward a target above them', async () => {
    const lp = await windowBounds(data, windows, options, ABOVE_BOX);
    expect(lp.solves).toBe(RPS.length);
    expect(lp.stoppedShort).toBeUndefined();
    expect(lp.sum).toBeGreaterThan(0);
    // A target just above the LP sum: the MILPs run, and their bounds only raise the sum.
    const tightened = await windowBounds(data, windows, options, lp.sum * 1.0001);
    expect(tightened.solves).toBeGreaterThan(RPS.length);
    expect(tightened.sum).toBeGreaterThanOrEqual(lp.sum * (1 - 1e-9));
  }, 300_000);

  it('gives up, after a sample of windows and on any machine alike, on a target no window bound can reach', async () => {
    const lp = await windowBounds(data, windows, options, ABOVE_BOX);
    // Twice the LP sum: out of reach unless the MILPs' bounds doubled their LPs'.
    const out = await windowBounds(data, windows, options, 2 * lp.sum);
    expect(out.stoppedShort).toBe('futile');
    expect(out.solves).toBeLessThan(2 * RPS.length);
    expect(out.solves).toBeGreaterThan(RPS.length);
    // The same solves on a slower machine (less time left each time it asks, but not at the limit).
    let asked = 0;
    const slower = await windowBounds(data, windows, { ...options, remaining: () => 600 - 10 * asked++ }, 2 * lp.sum);
    expect(slower.sum).toBe(out.sum);
    expect(slower.solves).toBe(out.solves);
  }, 300_000);
});

describe('window bounds under a capped fleet (idle servers on)', () => {
  // Under the energy objective a slower clock spends less per request, so a fleet free of its idle
  // energy would run the busy windows after the peak on more GPUs than the peak's fleet has.
  const rps = [60, 55, 50, 12, 6, 40];
  const s = tinyScenario({ windows: rps.length, rps, gpus: ['H100-80GB'], tp: [4, 8], clocks: { 'H100-80GB': [1980, 1380, 990] }, objective: 'energy' });
  const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
  const horizon = rps.map((_, w) => w);
  const others = horizon.filter((w) => w !== 0);
  const options = { backend: 'highs' as const, remaining: () => 600, windowGap: s.solver.windowGap / 2 };

  it('are tighter than the free fleet\'s, and the plan\'s bound stays at or below the exact optimum', async () => {
    const exact = (await planScenario(s, { capacityCache, method: 'monolithic', mipGap: 1e-6, timeLimitSec: 120 })).plan.solve;
    expect(exact.termination).toBe('optimal');
    const free = await windowBounds(data, others, options, Number.MIN_VALUE);
    // The cap from the optimum itself: the tightest this test can give, and still a valid one.
    const capped = await windowBounds(data, others, { ...options, fleetCap: { objective: exact.objective, horizon } }, Number.MIN_VALUE);
    // Measured 2026-12-05: 33.9 free, 36.5 capped.
    expect(capped.sum).toBeGreaterThan(free.sum * 1.03);
    // The decomposition's bound, which adds the capped ones to the fleet problem's, is at most the optimum.
    const decomposed = (await planScenario(s, { capacityCache, method: 'fleet-decomposition', mipGap: 1e-6, timeLimitSec: 120 })).plan.solve;
    expect(decomposed.bound ?? Infinity).toBeLessThanOrEqual(exact.objective * (1 + 1e-6) + 1e-6);
  }, 600_000);
});
