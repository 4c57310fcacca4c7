/**
 * The operation stage models each window with only the configs its fleet can run (onTheFleet): the
 * GPU types the fleet has no server of, and cannot rent, drop out of the window models. That is a
 * pure reduction — their instances were held at 0 by the fleet rows — so each window's exact optimum
 * is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { buildPlanModel, planningData, type PlanningData } from '../../src/formulation/index.js';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { onTheFleet } from '../../src/plan/solveOperation.js';
import { solve } from '../../src/solver/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const scenario = tinyScenario({ windows: 2, rps: [30, 6], gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], clocks: { 'A100-80GB': [1410, 1010], 'H100-80GB': [1980, 1380] } });
const data = planningData(scenario, buildCapacityTable(scenario, analyticStepModel, capacityCache));

async function windowOptimum(d: PlanningData, w: number, fleet: Record<string, number>): Promise<number> {
  const pm = buildPlanModel(d, { windows: [w], fixedFleet: fleet, fleetCostWeight: 0 });
  const result = await solve(pm.model, { mipRelGap: 0, timeLimitSec: 60 });
  expect(result.termination).toBe('optimal');
  return result.objective as number;
}

describe('onTheFleet', () => {
  it('keeps only the configs of the GPU types the fleet has, renumbered, and leaves every window optimum as it was', async () => {
    const fleet = { 'A100-80GB': 0, 'H100-80GB': 4 };
    const onFleet = onTheFleet(data, fleet);
    expect(data.configs.some((c) => c.config.gpu === 'A100-80GB')).toBe(true);
    expect(onFleet.configs.length).toBeGreaterThan(0);
    expect(onFleet.configs.every((c) => c.config.gpu === 'H100-80GB')).toBe(true);
    expect(onFleet.configs.length).toBe(data.configs.filter((c) => c.config.gpu === 'H100-80GB').length);
    expect(onFleet.configs.map((c) => c.index)).toEqual(onFleet.configs.map((_, i) => i));
    for (const w of [0, 1]) {
      const all = await windowOptimum(data, w, fleet);
      const reduced = await windowOptimum(onFleet, w, fleet);
      expect(Math.abs(reduced - all)).toBeLessThanOrEqual(1e-7 * Math.abs(all));
    }
  });

  it('returns the data itself when the fleet has every type', () => {
    expect(onTheFleet(data, { 'A100-80GB': 1, 'H100-80GB': 1 })).toBe(data);
  });
});
