/**
 * A fleet no window powers is trimmed (src/plan/trimFleet.ts): with idle servers off, servers that no
 * window uses cost the energy objective nothing, so a MILP within its gap may keep any number of them.
 * On a tiny scenario whose windows need 3 and 1 servers, a solution is inflated to 20 servers; the
 * trim must bring it back to the 3 the busiest window powers, leave every window's rows as they were,
 * take the surplus off the dearer of two committed modes, and trim nothing when idle servers stay on.
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { buildPlanModel, planningData } from '../../src/formulation/index.js';
import { fleetFigures, windowRows } from '../../src/plan/extractRows.js';
import { trimFleet } from '../../src/plan/trimFleet.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { solutionAt, solve } from '../../src/solver/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const GPU = 'H100-80GB';
const BASE: TinyOptions = { clocks: { [GPU]: [1980] }, objective: 'energy' };

/** Rates that need 3 servers, then 1 (one TP8 instance per server, at maxUtilization 0.9). */
function ratesFor(need: readonly number[]): number[] {
  const table = buildCapacityTable(tinyScenario({ ...BASE, windows: 1 }), analyticStepModel, capacityCache);
  const rps = table.rows[0]?.maxRps ?? 0;
  return need.map((n) => (n - 0.05) * 0.9 * rps);
}

async function inflated(o: TinyOptions, servers: number, bought?: number) {
  const scenario = tinyScenario({ ...BASE, windows: 2, rps: ratesFor([3, 1]), tp: [8], ...o });
  const data = planningData(scenario, buildCapacityTable(scenario, analyticStepModel, capacityCache));
  const pm = buildPlanModel(data, { windows: [0, 1] });
  const result = await solve(pm.model, { backend: 'highs' });
  const values = result.roundedValues();
  values[pm.servers(GPU).index] = servers;
  const split = pm.acquired(GPU);
  if (split) {
    values[split.bought.index] = bought ?? 0;
    values[split.reserved.index] = servers - (bought ?? 0);
  }
  const rows = [0, 1].flatMap((w) => windowRows(data, pm, solutionAt(values), w).rows);
  return { data, pm, values, rows };
}

describe('trimFleet: servers no window powers are not bought', () => {
  it('cuts 20 servers to the 3 the busiest window powers, and the windows keep their rows', async () => {
    const { data, pm, values, rows } = await inflated({ idleServers: 'off' }, 20);
    const trimmed = trimFleet(data, pm, values, rows);
    expect(trimmed.dropped.get(GPU)).toBe(17);
    const [fleet] = fleetFigures(data, pm, trimmed.solution);
    expect(fleet?.servers).toBe(3);
    const after = [0, 1].flatMap((w) => windowRows(data, pm, trimmed.solution, w).rows);
    expect(after).toEqual(rows);
    // The fleet's rent is 3 servers' for the horizon, not 20 servers'.
    const [before] = fleetFigures(data, pm, solutionAt(values));
    expect(fleet?.horizonCostUsd).toBeCloseTo(((before?.horizonCostUsd ?? 0) * 3) / 20, 6);
  });

  it('takes the surplus off the dearer committed mode first', async () => {
    // Reserving at 4.76 USD/GPU-hour against buying at ~1.4: the 17 extra come off the reserved ones.
    const o: TinyOptions = { idleServers: 'off', acquisition: ['buy', 'reserve'], gpuHourUsd: { [GPU]: 4.76 }, capex: { [GPU]: { usdPerServer: 300_000, amortizationYears: 3 } } };
    const { data, pm, values, rows } = await inflated(o, 20, 5);
    const [fleet] = fleetFigures(data, pm, trimFleet(data, pm, values, rows).solution);
    expect(fleet).toMatchObject({ servers: 3, boughtServers: 3, reservedServers: 0 });
  });

  it('trims nothing when idle servers stay on (every server is powered, and its idle energy is in the objective)', async () => {
    const { data, pm, values, rows } = await inflated({ idleServers: 'on' }, 20);
    const trimmed = trimFleet(data, pm, values, rows);
    expect(trimmed.dropped.size).toBe(0);
    expect(fleetFigures(data, pm, trimmed.solution)[0]?.servers).toBe(20);
  });
});
