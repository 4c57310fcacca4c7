/** scenarios/week.yaml through the fleet decomposition: demand covered, fleet respected, gap reported, pools following the load. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { activeGpuRange, droppableInstances } from '../helpers/planWaste.js';

const WEEK = new URL('../../scenarios/week.yaml', import.meta.url).pathname;

describe('planning scenarios/week.yaml', () => {
  it('covers every class in every window within the fleet and the power budget, with a proven gap', async () => {
    const scenario = scenarioFromText(readFileSync(WEEK, 'utf8'), WEEK);
    // Speed and the 1 % gap target are the bench's business (bench/solver.bench.ts); here the plan must
    // be correct and its bound proven, whatever the machine's load. The timeout only catches a hang: the
    // plan takes 107 s alone on a quiet 2-core machine, 167 s beside CI's other tests, and ran past 240 s
    // on a loaded one (2026-12-07); the scenario's own time limit, a safety net, is 300 s.
    const { plan } = await planScenario(scenario);
    expect(plan.solve.method).toBe('fleet-decomposition');
    expect(plan.solve.bound).toBeDefined();
    expect(plan.solve.bound ?? Infinity).toBeLessThanOrEqual(plan.solve.objective + 1e-6);
    expect(plan.solve.gap).toBeLessThanOrEqual(0.03);
    const fleetGpus = new Map(plan.procurement.map((p) => [p.gpu, p.gpus]));
    for (const w of scenario.horizon.windows) {
      const rows = plan.rows.filter((r) => r.window === w.index);
      scenario.classes.forEach((cls, k) => {
        const served = rows.reduce((s, r) => s + (r.ratesRps[cls.id] ?? 0), 0);
        expect(served).toBeGreaterThanOrEqual((scenario.demandRps[k]?.[w.index] ?? 0) - 1e-6);
      });
      for (const [gpu, gpus] of fleetGpus) {
        const used = rows.filter((r) => r.gpu === gpu && r.role !== 'idle').reduce((s, r) => s + r.gpus, 0);
        expect(used).toBeLessThanOrEqual(gpus);
      }
      expect(plan.windows[w.index]?.predictedPeakKW).toBeLessThanOrEqual(scenario.power.provisionedKW);
    }
    // The operation follows the load: the lightest window runs on at most 40 % of the heaviest's GPUs,
    // and no pool keeps an instance it could drop within maxUtilization.
    const { min, max } = activeGpuRange(plan);
    expect(min).toBeLessThanOrEqual(0.4 * max);
    expect(droppableInstances(plan, scenario.planning.maxUtilization)).toEqual([]);
  }, 600_000);
});
