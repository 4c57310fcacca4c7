/**
 * One source of truth: every figure a plan reports is the planning model's own expression evaluated
 * at the plan's solution. The plan is made by planScenario (monolithic and by fleet decomposition);
 * the test rebuilds the horizon's model, puts the plan's own numbers (fleet, instances, rates,
 * powered servers, start-ups) into its variables, and compares each reported figure with the model's
 * expression there: per row, per window, the totals, and the objective the solver minimized.
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { buildPlanModel, planningData, type PlanModel, type PlanningData } from '../../src/formulation/index.js';
import { planScenario, type Plan, type PlanRow } from '../../src/plan/index.js';
import { computeObjective, computeRowActivities, type LinExpr } from '../../src/solver/index.js';
import type { Scenario } from '../../src/scenario/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';

const withPrices = (s: Scenario): Scenario => ({
  ...s,
  reconfiguration: { ...s.reconfiguration, gpuStartCostUsd: 2 },
  prices: { ...s.prices, carbonUsdPerTon: 50 },
  objective: { name: 'mix', weights: { costUsd: 1, energyKWh: 0.05, carbonKg: 0.2 } },
});

const CASES: Record<string, Scenario> = {
  'mixed pools at two clocks, a power budget and start-up charges': withPrices(
    tinyScenario({ windows: 3, rps: [7, 2.5, 5], clocks: { 'H100-80GB': [1980, 1400] }, provisionedKW: 100 }),
  ),
  'split prefill/decode pools, idle servers powered off, a ramp limit': withPrices(
    tinyScenario({ windows: 3, rps: [4, 1, 6], roles: ['prefill', 'decode'], tp: [2, 4, 8], clocks: { 'H100-80GB': [1980] }, idleServers: 'off', maxGpuStartsPerWindow: 64 }),
  ),
  'two GPU types': tinyScenario({ windows: 2, rps: [6, 3], gpus: ['H100-80GB', 'A100-80GB'], tp: [4, 8], electricityUsdPerKWh: 0.2 }),
};

/** Relative agreement, with an absolute floor for figures that are 0. */
const close = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual - expected), `${what}: reported ${actual}, model ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

function evaluate(e: LinExpr, x: Float64Array): number {
  return e.vars.reduce((s, j, t) => s + (e.coefs[t] as number) * (x[j] as number), e.constant);
}

/** The model's point that the plan describes: read only from what the plan reports. */
function pointOf(plan: Plan, data: PlanningData, pm: PlanModel): { x: Float64Array; rowOf: Map<PlanRow, ReturnType<PlanModel['pools']>[number]> } {
  const x = new Float64Array(pm.model.numVars);
  for (const p of plan.procurement) x[pm.servers(p.gpu).index] = p.servers;
  const rowOf = new Map<PlanRow, ReturnType<PlanModel['pools']>[number]>();
  const active = (w: number, gpu: string) => plan.rows.filter((r) => r.window === w && r.gpu === gpu && r.role !== 'idle').reduce((s, r) => s + r.gpus, 0);
  for (const w of pm.windows) {
    for (const row of plan.rows.filter((r) => r.window === w && r.role !== 'idle')) {
      const pools = pm.pools(w).filter(({ config: { config: c } }) => c.model === row.model && c.gpu === row.gpu && c.tp === row.tp && c.clockMHz === row.clockMHz && c.role === row.role);
      expect(pools, `one pool for ${row.gpu} tp${row.tp} ${row.clockMHz} MHz ${row.role}`).toHaveLength(1);
      const pool = pools[0]!;
      rowOf.set(row, pool);
      x[pool.n.index] = row.instances;
      for (const [k, v] of pool.x) x[v.index] = row.ratesRps[data.classIds[k] as string] ?? 0;
    }
    for (const g of data.gpuTypes) {
      const idle = plan.rows.find((r) => r.window === w && r.gpu === g.gpu && r.role === 'idle');
      const on = pm.powered(w, g.gpu);
      if (on !== pm.servers(g.gpu)) x[on.index] = idle ? (idle.gpus + active(w, g.gpu)) / g.gpusPerServer : 0;
      // Start-ups cost energy, so the solver brings no more GPUs into service than the rise.
      const start = pm.start(w, g.gpu);
      if (start) x[start.index] = Math.max(0, active(w, g.gpu) - active(w - 1, g.gpu));
    }
  }
  return { x, rowOf };
}

describe('every reported figure is its model expression at the solution', () => {
  for (const [name, scenario] of Object.entries(CASES)) {
    for (const method of ['monolithic', 'fleet-decomposition'] as const) {
      it(`${name} (${method})`, async () => {
        const { plan } = await planScenario(scenario, { capacityCache, method, mipGap: 1e-6 });
        const data = planningData(scenario, buildCapacityTable(scenario, analyticStepModel, capacityCache));
        const pm = buildPlanModel(data, { windows: scenario.horizon.windows.map((w) => w.index) });
        const { x, rowOf } = pointOf(plan, data, pm);
        const sf = pm.model.toStandardForm();

        // The point is a plan of the model: every row holds.
        const activity = computeRowActivities(sf, x);
        activity.forEach((a, i) => {
          expect(a, sf.rowNames[i]).toBeGreaterThanOrEqual((sf.rowLower[i] as number) - 1e-6);
          expect(a, sf.rowNames[i]).toBeLessThanOrEqual((sf.rowUpper[i] as number) + 1e-6);
        });

        for (const row of plan.rows) {
          const where = `window ${row.window} ${row.gpu} ${row.role} tp${row.tp} ${row.clockMHz} MHz`;
          const pool = rowOf.get(row);
          const terms = pool ? pm.poolTerms(pool) : pm.idleTerms(row.window, row.gpu);
          close(row.gpus, evaluate(terms.gpus, x), `${where} gpus`);
          close(row.meanPowerKW, evaluate(terms.meanPowerW, x) / 1000, `${where} mean power`);
          close(row.energyKWh, evaluate(terms.energyKWh, x), `${where} energy`);
          close(row.costUsd, evaluate(terms.costUsd, x), `${where} cost`);
          close(row.carbonKg, evaluate(terms.carbonKg, x), `${where} carbon`);
          if (pool) close(row.utilization * row.instances, evaluate(pm.poolTerms(pool).load, x), `${where} load`);
        }

        for (const s of plan.windows) {
          const t = pm.window(s.window);
          const rows = plan.rows.filter((r) => r.window === s.window);
          close(s.meanPowerKW, evaluate(t.meanPowerW, x) / 1000, `window ${s.window} mean power`);
          close(s.predictedPeakKW, evaluate(t.peakPowerW, x) / 1000, `window ${s.window} peak power`);
          close(s.energyKWh, evaluate(t.energyKWh, x), `window ${s.window} energy`);
          close(s.startEnergyKWh, evaluate(t.startEnergyKWh, x), `window ${s.window} start energy`);
          close(s.gpuStarts, evaluate(t.gpuStarts, x), `window ${s.window} GPU starts`);
          close(s.energyCostUsd, evaluate(t.energyCostUsd, x), `window ${s.window} energy cost`);
          close(s.carbonKg, evaluate(t.carbonKg, x), `window ${s.window} carbon`);
          close(s.servedRps, evaluate(t.servedRps, x), `window ${s.window} served`);
          close(s.activeGpus, evaluate(t.activeGpus, x), `window ${s.window} active GPUs`);
          // The rows split the window: its power (the power row's own expression) and its energy.
          close(rows.reduce((sum, r) => sum + r.meanPowerKW, 0), evaluate(t.meanPowerW, x) / 1000, `window ${s.window} rows' power`);
          close(rows.reduce((sum, r) => sum + r.energyKWh, 0) + s.startEnergyKWh, evaluate(t.energyKWh, x), `window ${s.window} rows' energy`);
          const powerRow = pm.powerRow(s.window);
          if (powerRow) close(s.predictedPeakKW * 1000, activity[powerRow.index] as number, `window ${s.window} power row`);
          // The rows' rental shares the window's rental of each GPU type's servers in service.
          for (const g of data.gpuTypes) {
            const shares = rows.filter((r) => r.gpu === g.gpu).map((r) => {
              const pool = rowOf.get(r);
              return evaluate((pool ? pm.poolTerms(pool) : pm.idleTerms(s.window, g.gpu)).rentalUsd, x);
            });
            close(shares.reduce((a, b) => a + b, 0), evaluate(pm.rentalUsd(s.window, g.gpu), x), `window ${s.window} ${g.gpu} rental`);
          }
        }

        for (const p of plan.procurement) close(p.horizonCostUsd, evaluate(pm.fleetCostUsdOf(p.gpu), x), `${p.gpu} horizon cost`);
        close(plan.totals.fleetCostUsd, evaluate(pm.fleetCostUsd, x), 'fleet cost');
        close(plan.totals.embodiedCarbonKg, evaluate(pm.embodiedKg, x), 'embodied carbon');
        if (data.idleServers === 'on') {
          // With idle servers on, the windows' rental adds up to the fleet's cost over the horizon.
          for (const g of data.gpuTypes) {
            close(pm.windows.reduce((sum, w) => sum + evaluate(pm.rentalUsd(w, g.gpu), x), 0), evaluate(pm.fleetCostUsdOf(g.gpu), x), `${g.gpu} rental over the horizon`);
          }
        }
        // What the solver minimized, at the plan's point, is the objective the plan reports.
        close(plan.solve.objective, computeObjective(sf, x), 'objective');
      });
    }
  }
});
