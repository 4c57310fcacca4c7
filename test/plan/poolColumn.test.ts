/**
 * The plan names each pool's class partition (PlanRow.pool, plan.csv's `pool` column): under
 * planning.pools by-input-bin a config runs one pool per input bin, and rows alike in every other
 * column are told apart only by it. Checked on day.yaml's classes, narrowed to H100 TP8 mixed pools
 * at one clock and 4 hours on the 2023 stack, so that the plan is quick.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, configId } from '../../src/capacity/index.js';
import { planningData, SHARED_POOL } from '../../src/formulation/index.js';
import { planScenario } from '../../src/plan/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { toPlanCsv } from '../../src/report/toPlanCsv.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { dayOn2023 } from '../helpers/dayOn2023.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;

describe('the pool column', () => {
  it('names the partition whose pool served the rates of each row, and tells apart pools alike in every other column', async () => {
    const text = dayOn2023(readFileSync(DAY, 'utf8'))
      .replace('windows: 24', 'windows: 4')
      .replace('gpus: [A100-80GB, H100-80GB]', 'gpus: [H100-80GB]')
      .replace('tp: [4, 8]', 'tp: [8]')
      .replace('clocks: { count: 3, minFraction: 0.6 }', 'clocks: { count: 1 }');
    const scenario = scenarioFromText(`${text}\nplanning: { pools: by-input-bin }\n`, DAY);
    if (scenario.horizon.windows.length !== 4 || scenario.hardware.tp.join() !== '8') throw new Error('day.yaml horizon or hardware lines changed: update this test');
    const { plan } = await planScenario(scenario, { capacityCache, baseline: false });
    const data = planningData(scenario, buildCapacityTable(scenario, analyticStepModel, capacityCache));

    const pools = plan.rows.filter((r) => r.role !== 'idle');
    expect(pools.length).toBeGreaterThan(0);
    for (const r of plan.rows.filter((row) => row.role === 'idle')) expect(r.pool).toBe('');
    for (const r of pools) {
      const id = configId({ model: r.model as never, gpu: r.gpu as never, tp: r.tp, clockMHz: r.clockMHz, role: r.role as never, stack: r.stack as never, precision: r.precision as never });
      const pool = data.configs.find((c) => c.config.id === id && (c.pool === '' ? SHARED_POOL : c.pool) === r.pool);
      expect(pool, `${id} ${r.pool}`).toBeDefined();
      const served = new Set([...(pool?.serves.keys() ?? [])].map((k) => data.classIds[k]));
      for (const classId of Object.keys(r.ratesRps)) expect(served.has(classId), `${classId} on ${r.pool}`).toBe(true);
    }
    // The mixed pools of one input bin serve that bin's classes only: at least two bins run in some window.
    const key = (r: (typeof pools)[number]) => [r.window, r.model, r.gpu, r.tp, r.clockMHz, r.role, r.stack, r.precision].join('|');
    const byKey = new Map<string, string[]>();
    for (const r of pools) byKey.set(key(r), [...(byKey.get(key(r)) ?? []), r.pool]);
    expect([...byKey.values()].some((names) => names.length > 1)).toBe(true);
    for (const names of byKey.values()) expect(new Set(names).size).toBe(names.length);

    const header = toPlanCsv(plan).split('\n')[0]?.split(',') ?? [];
    expect(header.indexOf('pool')).toBe(header.indexOf('role') + 1);
  });
});
