/**
 * scenarios/day.yaml as shipped: the pools follow the load. The night windows run on fewer GPUs than
 * the peak, no instance carries zero load, and no pool keeps an instance it could drop within
 * maxUtilization unless the plan names the ramp term that holds it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { activeGpuRange, droppableInstances } from '../helpers/planWaste.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;

describe('planning scenarios/day.yaml', () => {
  it('scales the pools down at night and keeps no idle instance', async () => {
    const scenario = scenarioFromText(readFileSync(DAY, 'utf8'), DAY);
    const { plan } = await planScenario(scenario);
    const { max } = activeGpuRange(plan);
    // 00:00–05:59 UTC: the load is at its lowest (day.yaml's daily shape).
    const night = plan.windows.filter((w) => Number(w.windowStart.slice(11, 13)) < 6);
    expect(night.length).toBe(6);
    for (const w of night) expect(w.activeGpus).toBeLessThan(max);
    for (const r of plan.rows) if (r.role !== 'idle') expect(r.utilization).toBeGreaterThan(0);
    expect(droppableInstances(plan, scenario.planning.maxUtilization)).toEqual([]);
    expect(plan.solve.worstWindows?.length).toBeGreaterThan(0);
  }, 600_000);
});
