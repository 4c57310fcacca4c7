/**
 * The operation stage on small hand-checkable scenarios: pools shrink and clocks drop when the load
 * falls, every window's reported bound is a bound on its exact optimum (solved here independently,
 * by the full window MILP to a zero gap), and a ramp-limited morning stays feasible.
 */
import { describe, expect, it } from 'vitest';
import { buildPlanModel, planningData } from '../../src/formulation/index.js';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { solve } from '../../src/solver/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { droppableInstances } from '../helpers/planWaste.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const PEAK = 40;
const H100_CLOCKS = { 'H100-80GB': [1980, 1380, 990] };

function poolRows(plan: Plan, w: number) {
  return plan.rows.filter((r) => r.window === w && r.role !== 'idle');
}

describe('the operation of each window', () => {
  describe.each(['monolithic', 'fleet-decomposition'] as const)('%s', (method) => {
    it('shrinks the pools and drops the clocks at night (10 % of the peak), and runs nothing at zero load', async () => {
      const s = tinyScenario({ windows: 4, rps: [PEAK, PEAK / 10, 0, PEAK], gpus: ['H100-80GB'], tp: [4, 8], clocks: H100_CLOCKS });
      const { plan } = await planScenario(s, { capacityCache, method, timeLimitSec: 60 });
      const [peak, night, empty] = [plan.windows[0], plan.windows[1], plan.windows[2]];
      expect(night?.activeGpus).toBeGreaterThan(0);
      expect(night?.activeGpus ?? Infinity).toBeLessThanOrEqual((peak?.activeGpus ?? 0) / 2);
      expect(empty?.activeGpus).toBe(0);
      expect(poolRows(plan, 2)).toEqual([]);
      // The night runs below the top clock; the peak needs it somewhere.
      const maxClock = (w: number) => Math.max(...poolRows(plan, w).map((r) => r.clockMHz));
      expect(maxClock(1)).toBeLessThan(1980);
      expect(maxClock(0)).toBe(1980);
      expect(droppableInstances(plan, s.planning.maxUtilization)).toEqual([]);
      expect(plan.solve.termination).toBe('optimal');
      expect(plan.solve.worstWindowGap ?? Infinity).toBeLessThanOrEqual(s.solver.windowGap);
    });
  });

  it("reports each window's bound at or below its exact optimum, and a cost within the window gap of it", async () => {
    const s = tinyScenario({ windows: 5, rps: [30, 12, 3, 7, 25], gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], clocks: { 'A100-80GB': [1410, 1010], 'H100-80GB': [1980, 1380] }, instanceStartS: 600 });
    const { plan } = await planScenario(s, { capacityCache, timeLimitSec: 60 });
    const fleet = Object.fromEntries(plan.procurement.map((p) => [p.gpu, p.servers]));
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    for (const summary of plan.windows) {
      const w = summary.window;
      // The window as the plan operated it: this fleet, after the GPUs the plan's previous window left active.
      const before = w === 0 ? undefined : Object.fromEntries(data.gpuTypes.map((g) => [g.gpu, poolRows(plan, w - 1).filter((r) => r.gpu === g.gpu).reduce((n, r) => n + r.gpus, 0)]));
      const exact = await exactWindowOptimum(data, w, fleet, before);
      expect(summary.operatingBound).toBeDefined();
      expect(summary.operatingBound ?? Infinity).toBeLessThanOrEqual(exact * (1 + 1e-7) + 1e-9);
      expect(summary.operatingObjective ?? 0).toBeGreaterThanOrEqual(exact * (1 - 1e-7) - 1e-9);
      expect(((summary.operatingObjective ?? Infinity) - exact) / exact).toBeLessThanOrEqual(s.solver.windowGap + 1e-9);
    }
  });

  it('keeps a ramp-limited morning feasible: the night holds what the ramp cannot add later, and says so', async () => {
    const limit = 16;
    const s = tinyScenario({ windows: 4, rps: [PEAK, 2, 2, PEAK], gpus: ['H100-80GB'], tp: [8], maxGpuStartsPerWindow: limit });
    const { plan } = await planScenario(s, { capacityCache, timeLimitSec: 60 });
    const gpus = plan.windows.map((w) => w.activeGpus);
    const need = gpus[3] as number;
    expect(need).toBeGreaterThan(2 * limit);
    for (const w of plan.windows) expect(w.gpuStarts).toBeLessThanOrEqual(limit + 1e-9);
    // Window 2 must keep the morning's need less one window of starts, window 1 less two.
    expect(gpus[2]).toBeGreaterThanOrEqual(need - limit);
    expect(gpus[1]).toBeGreaterThanOrEqual(need - 2 * limit);
    expect(plan.windows[2]?.heldForRampGpus ?? 0).toBeGreaterThan(0);
    expect(plan.solve.notes.join(' ')).toMatch(/kept active above the load's need for a later ramp/);
    // Without the limit the night shrinks to what its load needs.
    const free = (await planScenario(tinyScenario({ windows: 4, rps: [PEAK, 2, 2, PEAK], gpus: ['H100-80GB'], tp: [8] }), { capacityCache, timeLimitSec: 60 })).plan;
    expect(free.windows[2]?.activeGpus ?? Infinity).toBeLessThan(gpus[2] as number);
  });
});

/** The exact optimum of one window's operation (the full MILP to a zero gap). */
async function exactWindowOptimum(data: ReturnType<typeof planningData>, w: number, fleet: Record<string, number>, activeBefore: Record<string, number> | undefined): Promise<number> {
  const pm = buildPlanModel(data, { windows: [w], fixedFleet: fleet, fleetCostWeight: 0, ...(activeBefore ? { activeBefore } : {}) });
  const result = await solve(pm.model, { mipRelGap: 0, timeLimitSec: 60 });
  expect(result.termination).toBe('optimal');
  return result.objective as number;
}
