/**
 * The fleet decomposition's bound is a proven one: never above the true optimum (found here by the
 * monolithic MILP on instances small enough to solve exactly), whether idle servers stay on (their
 * energy is charged to the fleet problem) or may power off. Electricity is priced high so that
 * energy weighs as much as the fleet: a bound that counted idle energy twice would show.
 */
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';
import { capacityCache } from '../helpers/capacityCache.js';

const rps = [60, 40, 12, 6, 25, 50];

describe.each(['on', 'off'] as const)('fleet decomposition with idle servers %s', (idleServers) => {
  it('reports a bound no higher than the optimum and a plan no better than it', async () => {
    const s = tinyScenario({ windows: rps.length, rps, gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], roles: ['mixed', 'prefill', 'decode'], clocks: { 'A100-80GB': [1410, 1010], 'H100-80GB': [1980, 1380] }, idleServers, electricityUsdPerKWh: 20 });
    const exact = (await planScenario(s, { capacityCache, method: 'monolithic', mipGap: 1e-6, timeLimitSec: 120 })).plan.solve;
    const decomposed = (await planScenario(s, { capacityCache, method: 'fleet-decomposition', mipGap: 1e-6, timeLimitSec: 120 })).plan.solve;
    expect(exact.termination).toBe('optimal');
    const optimum = exact.objective;
    expect(decomposed.bound).toBeDefined();
    expect(decomposed.bound ?? Infinity).toBeLessThanOrEqual(optimum * (1 + 1e-6) + 1e-6);
    expect(decomposed.objective).toBeGreaterThanOrEqual((exact.bound ?? optimum) * (1 - 1e-6) - 1e-6);
    // And the bound is useful, not a trivial one.
    expect(decomposed.bound ?? 0).toBeGreaterThan(0.9 * optimum);
    // With mipGap 1e-6 every window is operated to that gap too: minutes on a loaded machine (vitest.config.ts allows it).
  });
});
