/** The clock relaxation is a relaxation (its optimum never exceeds the full model's) and merges only clocks. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { buildPlanModel, clockRelaxation, planningData } from '../../src/formulation/index.js';
import { solve } from '../../src/solver/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';

const scenario = () =>
  tinyScenario({ windows: 2, rps: [9, 4], gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], roles: ['mixed', 'prefill', 'decode'], clocks: { 'A100-80GB': [1410, 1110, 810], 'H100-80GB': [1980, 1580, 1180] } });

describe('clockRelaxation', () => {
  it('merges configs that differ only in clock, keeping the best capacity and the lowest power of each group', () => {
    const s = scenario();
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache), { prune: false });
    const merged = clockRelaxation(data.configs);
    const key = (c: (typeof data.configs)[number]) => `${c.config.gpu}|${c.config.tp}|${c.config.role}|${c.pool}`;
    expect(merged.length).toBe(new Set(data.configs.map(key)).size);
    expect(merged.length).toBeLessThan(data.configs.length);
    merged.forEach((m, i) => expect(m.index).toBe(i));
    for (const m of merged) {
      const members = data.configs.filter((c) => key(c) === key(m));
      expect(m.config.clockMHz).toBe(Math.max(...members.map((c) => c.config.clockMHz)));
      expect(m.idleW).toBe(Math.min(...members.map((c) => c.idleW)));
      for (const [k, served] of m.serves) {
        const options = members.flatMap((c) => (c.serves.get(k) ? [c.serves.get(k)!] : []));
        expect(served.maxRps).toBe(Math.max(...options.map((o) => o.maxRps)));
        expect(served.wattsPerRps).toBe(Math.min(...options.map((o) => o.wattsPerRps)));
      }
    }
  });

  it('never costs more than the full model (a valid lower bound), and is close when clocks are near-substitutes', async () => {
    const s = scenario();
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const full = await solve(buildPlanModel(data, { windows: [0, 1] }).model);
    const relaxed = await solve(buildPlanModel({ ...data, configs: clockRelaxation(data.configs) }, { windows: [0, 1] }).model);
    expect(full.termination).toBe('optimal');
    expect(relaxed.termination).toBe('optimal');
    const f = full.objective ?? NaN;
    const r = relaxed.objective ?? NaN;
    expect(r).toBeLessThanOrEqual(f * (1 + 1e-4) + 1e-6);
    expect(r).toBeGreaterThan(0.8 * f);
    // Two exact MILPs: about 3 s alone, more on a loaded machine (speed is the bench's business).
  });
});
