/**
 * The miss budget of a pooled SLO scope: two classes of one service, a short-prompt and a
 * long-prompt one, TTFT and TPOT judged over all requests. Planned per class (scope class), every
 * class holds p99 on its own; with scope all, the MILP may run one class at a looser miss level
 * where the other runs at a tighter one, within the pooled p99. The pooled plan needs a smaller fleet
 * (measured when written: 10 servers, 80 GPUs, vs 11 servers, 88 GPUs) and still passes its replay,
 * judged over all requests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planningData } from '../../src/formulation/index.js';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { replay } from '../../src/sim/index.js';
import { poissonTrace } from '../helpers/replayFixtures.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

function twoClasses(scope: 'class' | 'all'): Scenario {
  const text = tinyScenarioYaml({ windows: 2, rps: [30, 60], tp: [4, 8], ttftMs: 1500, tbtMs: 120 })
    .replace('inputThresholds: []', 'inputThresholds: [1024]')
    .replace(/AA: \{ share: 1, input: \{ mean: 1000 \}, output: \{ mean: 100 \} \}/, 'SA: { share: 0.7, input: { mean: 400 }, output: { mean: 150 } }\n        LA: { share: 0.3, input: { mean: 3000 }, output: { mean: 60 } }')
    .replace('ttft: { percentile: 99, ms: 1500 }', `ttft: { percentile: 99, ms: 1500, scope: ${scope} }`)
    .replace('tbt: { percentile: 99, ms: 120 }', `tbt: { percentile: 99, ms: 120, scope: ${scope} }`);
  return scenarioFromText(text, 'tiny.yaml');
}

/** The fleet's GPUs: every row of a window, the idle GPUs' row included, at the largest window. */
const peakGpus = (p: Plan) => Math.max(...[0, 1].map((w) => p.rows.filter((r) => r.window === w).reduce((s, r) => s + r.gpus, 0)));

describe('the miss budget of a pooled SLO scope', () => {
  let perClass: Plan;
  let pooled: Plan;
  let scenario: Scenario;
  beforeAll(async () => {
    perClass = (await planScenario(twoClasses('class'))).plan;
    scenario = twoClasses('all');
    pooled = (await planScenario(scenario)).plan;
  }, 120_000);

  it('gives only the pooled scenario miss levels and a budget group', () => {
    const plain = planningData(twoClasses('class'), buildCapacityTable(twoClasses('class')));
    expect(plain.missBudget).toBeUndefined();
    expect([...plain.configs.flatMap((c) => [...c.serves.values()])].every((s) => s.levels === undefined)).toBe(true);
    const table = buildCapacityTable(scenario);
    const data = planningData(scenario, table);
    expect(data.missBudget).toEqual([{ name: 'all', classes: [0, 1] }]);
    // Tighter levels serve less, looser ones more, than the class's own p99.
    for (const row of table.rows.filter((r) => r.configId.endsWith('/mixed'))) {
      for (const l of row.missLevels ?? []) {
        if (l.missMultiple < 1) expect(l.maxRps).toBeLessThanOrEqual(row.maxRps * 1.0001);
        else expect(l.maxRps).toBeGreaterThanOrEqual(row.maxRps * 0.9999);
      }
    }
  });

  it('plans a smaller fleet than holding each class to p99 on its own', () => {
    expect(peakGpus(pooled)).toBeLessThan(peakGpus(perClass));
  });

  it('passes its replay, judged over all requests', async () => {
    const r = await replay(scenario, pooled, poissonTrace(scenario, { seed: 5 }));
    expect(r.verdict.failures).toEqual([]);
    for (const w of r.windows) {
      const all = w.scopes?.find((s) => s.scope === 'all');
      expect(all?.judgements.map((j) => j.metric)).toEqual(['ttft', 'tbt']);
      for (const j of all?.judgements ?? []) expect(j.attainment).toBeGreaterThanOrEqual(0.99);
    }
  });
});
