/**
 * ITL and E2E SLOs end to end: a tiny scenario with a p99 ITL and a p90 E2E target is planned (the
 * capacity model honours both: the plan needs more GPUs than without them) and replayed; the verdict
 * judges both per (window, class) cell and the plan passes its replay. A scope-all variant pools the
 * cells: the verdict's 'all' cells carry the judgements.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { replay, type ReplayReport } from '../../src/sim/index.js';
import { poissonTrace } from '../helpers/replayFixtures.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const BASE = tinyScenarioYaml({ windows: 2, rps: [3, 6], tp: [4, 8], ttftMs: 5000, tbtMs: 200 });
const withSlo = (extra: string) => scenarioFromText(BASE.replace('tbt: { percentile: 99, ms: 200 } }', `tbt: { percentile: 99, ms: 200 }${extra} }`), 'tiny.yaml');
const gpus = (p: Plan) => p.rows.reduce((m, r) => Math.max(m, r.gpus), 0);

describe('ITL and E2E SLOs: plan and replay', () => {
  let plain: Plan;
  let scenario: Scenario;
  let plan: Plan;
  let report: ReplayReport;
  beforeAll(async () => {
    plain = (await planScenario(withSlo(''))).plan;
    scenario = withSlo(', itl: { percentile: 99, ms: 150 }, e2e: { percentile: 90, ms: 15000 }');
    plan = (await planScenario(scenario)).plan;
    report = await replay(scenario, plan, poissonTrace(scenario, { seed: 5 }));
  }, 120_000);

  it('plans for the ITL target: more GPUs than without it', () => {
    expect(gpus(plan)).toBeGreaterThan(gpus(plain));
  });

  it('judges ITL (over gaps) and E2E (over requests) in every cell, and the plan passes', () => {
    for (const w of report.windows) {
      for (const c of w.classes) {
        expect(c.itl?.percentile).toBe(99);
        expect(c.itl?.targetMs).toBe(150);
        // Every gap counted: about (output − 1) per completed request.
        expect(c.itl?.samples).toBeGreaterThan(50 * c.completed);
        expect(c.e2e?.samples).toBe(c.requests);
        expect(c.e2e?.percentile).toBe(90);
      }
    }
    expect(report.verdict.failures).toEqual([]);
    expect(report.verdict.pass).toBe(true);
  });

  it('fails the same plan on a tighter ITL target than it was planned for', async () => {
    const tighter = withSlo(', itl: { percentile: 99, ms: 60 }');
    const r = await replay(tighter, plan, poissonTrace(tighter, { seed: 5 }));
    expect(r.verdict.pass).toBe(false);
    expect(r.verdict.failures.every((f) => f.metrics.includes('itl'))).toBe(true);
  });

  it('a scope-all ITL is judged in the pooled cell of each window, not per class', async () => {
    const pooled = withSlo(', itl: { percentile: 99, ms: 150, scope: all }');
    const r = await replay(pooled, plan, poissonTrace(pooled, { seed: 5 }));
    for (const w of r.windows) {
      expect(w.classes.every((c) => c.itl === undefined)).toBe(true);
      const all = w.scopes?.find((s) => s.scope === 'all');
      expect(all?.judgements.map((j) => j.metric)).toEqual(['itl']);
      expect(all?.judgements[0]?.samples).toBe(w.classes.reduce((s, c) => s + c.latency.itl.count, 0));
    }
  });
});
