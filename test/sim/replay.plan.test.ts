/**
 * A planned scenario replayed: scenarios/day.yaml cut to its first windows (kept fast), planned with
 * planScenario, replayed with a Poisson trace of its demand. Checks the verdict's shape, predicted vs
 * replayed energy within 10 %, and determinism of the outputs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { fromPlanArrow } from '../../src/report/fromPlanArrow.js';
import { toPlanArrow } from '../../src/report/toPlanArrow.js';
import { toRequestsArrow } from '../../src/report/toRequestsArrow.js';
import { toWindowsCsv } from '../../src/report/toWindowsCsv.js';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { replay, REQUEST_COLUMNS, WINDOW_COLUMNS, type ReplayReport } from '../../src/sim/index.js';
import { dayOn2023 } from '../helpers/dayOn2023.js';
import { poissonTrace } from '../helpers/replayFixtures.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;
const WINDOWS = 3;

describe('replay of a planned scenario (day.yaml, first windows)', () => {
  let scenario: Scenario;
  let plan: Plan;
  let report: ReplayReport;

  beforeAll(async () => {
    // The replay's outputs are the subject: day.yaml on the 2023 stack keeps the plan fast.
    scenario = scenarioFromText(dayOn2023(readFileSync(DAY, 'utf8')).replace(/windows: 24/, `windows: ${WINDOWS}`), DAY);
    plan = (await planScenario(scenario)).plan;
    report = await replay(scenario, plan, poissonTrace(scenario, { seed: 11 }));
  });

  it('replays every window and gives a verdict per window and class', () => {
    expect(report.verdict.coveredWindows).toBe(WINDOWS);
    expect(report.windows.map((w) => w.window)).toEqual([0, 1, 2]);
    expect(report.requests.simulated).toBe(report.requests.completed + report.requests.rejected);
    expect(report.requests.simulated).toBeGreaterThan(30_000);
    for (const w of report.windows) {
      expect(w.sloAttainment).toBeGreaterThan(0.9);
      for (const c of w.classes) expect(c.meetsSlo || report.verdict.failures.some((f) => f.window === w.window && f.classId === c.classId) || c.lowSample).toBe(true);
    }
    expect(report.verdict.pass).toBe(report.verdict.failures.length === 0);
  });

  it("agrees with the plan's predicted energy within 10 %, per window and in total", () => {
    expect(Math.abs(report.energy.differencePct)).toBeLessThan(10);
    for (const w of report.windows) expect(Math.abs(w.energyKWh / w.plannedEnergyKWh - 1)).toBeLessThan(0.1);
    // Static power (hosts, idle GPUs) is the same fleet in both.
    expect(Math.abs(report.energy.replayedStaticKWh / report.energy.plannedStaticKWh - 1)).toBeLessThan(0.02);
  });

  it('reads the same plan back from plan.arrow', () => {
    const back = fromPlanArrow(toPlanArrow(plan));
    expect(back.classIds).toEqual(plan.classIds);
    expect(back.rows.length).toBe(plan.rows.length);
    back.rows.forEach((r, i) => {
      const p = plan.rows[i];
      expect([r.window, r.gpu, r.tp, r.clockMHz, r.role, r.instances]).toEqual([p?.window, p?.gpu, p?.tp, p?.clockMHz, p?.role, p?.instances]);
    });
  });

  it('is deterministic: same inputs and seed give byte-identical windows.csv and requests.arrow', async () => {
    const once = async (dir: string) => {
      const sink = await toRequestsArrow(join(dir, 'requests.arrow'));
      const r = await replay(scenario, fromPlanArrow(toPlanArrow(plan)), poissonTrace(scenario, { seed: 11, toWindow: 1 }), { sink });
      await sink.commit();
      return { csv: toWindowsCsv(r), arrow: readFileSync(join(dir, 'requests.arrow')) };
    };
    const a = await once(mkdtempSync(join(tmpdir(), 'llmcap-replay-a-')));
    const b = await once(mkdtempSync(join(tmpdir(), 'llmcap-replay-b-')));
    expect(a.csv).toBe(b.csv);
    expect(Buffer.compare(a.arrow, b.arrow)).toBe(0);
    const table = tableFromIPC(a.arrow);
    expect(table.schema.fields.map((f) => f.name)).toEqual(REQUEST_COLUMNS.map((c) => c.name));
    expect(table.numRows).toBeGreaterThan(10_000);
    expect(a.csv.split('\n')[0]).toBe(WINDOW_COLUMNS.map((c) => c.name).join(','));
  });
});
