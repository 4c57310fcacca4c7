/**
 * The planner on random small scenarios (seeded, 20 runs, analytic step model): it either returns a
 * plan that covers every class's demand in every window, keeps the predicted peak within the
 * provisioned power and the fleet within its limits, or throws an InfeasibleError that explains itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InfeasibleError } from '../../src/core/errors.js';
import { planScenario, type Plan } from '../../src/plan/index.js';
import type { Scenario } from '../../src/scenario/index.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const SEED = 20_240_514;
const GPUS = ['A100-80GB', 'H100-80GB'] as const;
const TPS = [1, 2, 4, 8] as const;

const options: fc.Arbitrary<TinyOptions> = fc
  .record({
    windows: fc.integer({ min: 1, max: 3 }),
    rates: fc.array(fc.double({ min: 0, max: 8, noNaN: true }), { minLength: 3, maxLength: 3 }),
    gpus: fc.subarray([...GPUS], { minLength: 1 }),
    tp: fc.subarray([...TPS], { minLength: 1 }),
    // 2 kW is below one server's idle power, 400 kW is plenty.
    provisionedKW: fc.option(fc.double({ min: 2, max: 400, noNaN: true }), { nil: undefined }),
    maxServers: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  })
  .map((o) => ({
    windows: o.windows,
    rps: o.rates.slice(0, o.windows).map((r) => Number(r.toFixed(3))),
    gpus: o.gpus,
    tp: o.tp,
    ...(o.provisionedKW !== undefined ? { provisionedKW: Number(o.provisionedKW.toFixed(1)) } : {}),
    ...(o.maxServers !== undefined ? { maxServers: Object.fromEntries(o.gpus.map((g) => [g, o.maxServers as number])) } : {}),
  }));

function checkPlan(plan: Plan, scenario: Scenario, o: TinyOptions): void {
  const fleetGpus = new Map(plan.procurement.map((p) => [p.gpu, p.gpus]));
  for (const p of plan.procurement) {
    const limit = o.maxServers?.[p.gpu];
    if (limit !== undefined) expect(p.servers, `${p.gpu} servers`).toBeLessThanOrEqual(limit);
  }
  for (const w of scenario.horizon.windows) {
    const rows = plan.rows.filter((r) => r.window === w.index);
    scenario.classes.forEach((cls, k) => {
      const served = rows.reduce((s, r) => s + (r.ratesRps[cls.id] ?? 0), 0);
      expect(served, `window ${w.index} ${cls.id}`).toBeGreaterThanOrEqual((scenario.demandRps[k]?.[w.index] ?? 0) - 1e-6);
    });
    for (const gpu of fleetGpus.keys()) {
      const active = rows.filter((r) => r.gpu === gpu && r.role !== 'idle').reduce((s, r) => s + r.gpus, 0);
      expect(active, `window ${w.index} ${gpu} GPUs`).toBeLessThanOrEqual(fleetGpus.get(gpu) ?? 0);
    }
    const summary = plan.windows.find((s) => s.window === w.index);
    expect(summary?.activeGpus ?? 0).toBeLessThanOrEqual(plan.totals.gpus);
    if (o.provisionedKW !== undefined) expect(summary?.predictedPeakKW ?? 0, `window ${w.index} peak kW`).toBeLessThanOrEqual(o.provisionedKW * (1 + 1e-6));
  }
  if (o.provisionedKW !== undefined) expect(plan.totals.peakPowerKW).toBeLessThanOrEqual(o.provisionedKW * (1 + 1e-6));
}

describe('planner properties on random small scenarios', () => {
  it('a plan that meets demand within power and fleet limits, or an explained InfeasibleError', async () => {
    const seen = { planned: 0, infeasible: 0 };
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const scenario = tinyScenario(o);
        try {
          const { plan } = await planScenario(scenario, { timeLimitSec: 30 });
          expect(plan.solve.limitReached).toBe(false);
          checkPlan(plan, scenario, o);
          seen.planned++;
        } catch (err) {
          if (!(err instanceof InfeasibleError)) throw err;
          expect(err.message).toMatch(/^Infeasible|no plan/);
          expect(err.details.length).toBeGreaterThan(0);
          for (const d of err.details) expect(d).toMatch(/Fix: .{10,}|check the demand/);
          seen.infeasible++;
        }
      }),
      { seed: SEED, numRuns: 20 },
    );
    // The generator must reach both outcomes, or the property says less than it seems.
    expect(seen.planned).toBeGreaterThan(0);
    expect(seen.infeasible).toBeGreaterThan(0);
  });
});
