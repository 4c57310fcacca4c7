/**
 * writePlanOutputs: a plan and its replay written in one step. report.html made with the replay in
 * memory is the page a later `plan` on the same directory makes from the windows.csv written beside it.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { planReportFor } from '../../src/report/planReportFile.js';
import { BILLING_TOTALS_KEYS, BILLING_WINDOW_KEYS, SUMMARY_FIELDS, TOTALS_FIELDS, UNIT_FIGURE_FIELDS, WINDOW_SUMMARY_FIELDS } from '../../src/report/summaryFields.js';
import { toRequestsArrow } from '../../src/report/toRequestsArrow.js';
import { replayOutputNames, writePlanOutputs } from '../../src/report/writePlanOutputs.js';
import { replayPlan, toReplayPlan } from '../../src/sim/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

describe('writePlanOutputs', () => {
  it("in place (a sweep variant's staging directory) never brings back a directory removed meanwhile", async () => {
    // Ctrl-C removes an unfinished variant's staging directory on the main thread while its worker may
    // still be writing; the write must fail, not create the directory again (CI once found one left).
    const scenario = tinyScenario({ windows: 1, rps: 1 });
    const { plan, capacity } = await planScenario(scenario);
    const dir = join(mkdtempSync(join(tmpdir(), 'llmcap-inplace-')), '.v0001.tmp-test');
    await expect(writePlanOutputs(dir, { plan: { plan, scenario, capacity } }, 'in-place')).rejects.toThrow(/ENOENT/);
    expect(existsSync(dir)).toBe(false);
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });


  it('writes the plan and its replay together; report.html shows the replay as windows.csv records it', async () => {
    const scenario = tinyScenario({ windows: 2, rps: 2 });
    const { plan, capacity } = await planScenario(scenario);
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-outputs-'));
    const requests = await toRequestsArrow(join(dir, 'requests.arrow'));
    const report = await replayPlan(toReplayPlan(plan, 2), scenario, { steps: { kind: 'analytic' } }, { openSink: async () => requests });
    const replay = { report, planPath: join(dir, 'plan.arrow'), scenarioFile: scenario.file, requests };
    await writePlanOutputs(dir, { plan: { plan, scenario, capacity }, replay });

    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'plan.arrow', 'plan.csv', 'procurement.csv', 'replay.json', 'report.html', 'requests.arrow', 'summary.json', 'windows.csv']);
    expect(JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8')).outputs).toEqual(replayOutputNames(replay));
    // vega numbers gradient ids with a counter per process: a second page rendered here counts on.
    const gradientsAsFirst = (html: string) => html.replace(/gradient_\d+/g, 'gradient_N');
    const written = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(written).toContain('The plan replayed request by request');
    expect(gradientsAsFirst(written)).toBe(gradientsAsFirst(await planReportFor(dir, plan, scenario, capacity)));

    // summary.json holds exactly the keys docs/outputs.md documents (its tables are made from summaryFields.ts).
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, Record<string, unknown>> & { windows: Record<string, unknown>[] };
    expect(Object.keys(summary).sort()).toEqual(Object.keys(SUMMARY_FIELDS).sort());
    const budget = summary['totals']?.['provisionedKW'] !== null;
    // A plan without prices.acquisition writes none of the billing keys (docs/billing.md).
    const billingTotals: readonly string[] = BILLING_TOTALS_KEYS;
    expect(Object.keys(summary['totals'] ?? {}).sort()).toEqual(Object.keys(TOTALS_FIELDS).filter((k) => (budget || k !== 'oversubscription') && !billingTotals.includes(k)).sort());
    expect(Object.keys(summary['unitFigures'] ?? {}).sort()).toEqual(Object.keys(UNIT_FIGURE_FIELDS).sort());
    expect(summary.windows).toHaveLength(2);
    const billingWindows: readonly string[] = BILLING_WINDOW_KEYS;
    for (const w of summary.windows) expect(Object.keys(w).sort()).toEqual(Object.keys(WINDOW_SUMMARY_FIELDS).filter((k) => !billingWindows.includes(k)).sort());
  });

  it('writes a replay alone without touching a plan, and leaves no temporary file', async () => {
    const scenario = tinyScenario({ windows: 1, rps: 1 });
    const { plan } = await planScenario(scenario);
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-outputs-'));
    const report = await replayPlan(toReplayPlan(plan, 1), scenario, { steps: { kind: 'analytic' } });
    await writePlanOutputs(dir, { replay: { report, planPath: 'plan.arrow', scenarioFile: scenario.file } });
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'replay.json', 'windows.csv']);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});
