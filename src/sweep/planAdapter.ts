/**
 * The one place the sweep calls the planner, the replay and the plan's output writers, so moving to
 * the library calls being introduced elsewhere (`replayPlan(plan, scenario, options)` and
 * `writePlanOutputs(outDir, {plan, replay?})`) changes this file only. Until then it calls what
 * `llmcap plan [--validate]` calls, without the printing: a worker must not write to stdout.
 */
import { join } from 'node:path';
import type { CapacityTable } from '../capacity/index.js';
import { planScenario, type Plan } from '../plan/index.js';
import { analyticStepModel, loadStepModel, type StepModel } from '../profiles/index.js';
import { planReportFor, REPORT_HTML } from '../report/planReportFile.js';
import { toPlanArrow } from '../report/toPlanArrow.js';
import { toPlanCsv } from '../report/toPlanCsv.js';
import { toProcurementCsv } from '../report/toProcurementCsv.js';
import { toReplayJson } from '../report/toReplayJson.js';
import { toSummaryJson } from '../report/toSummaryJson.js';
import { toWindowsCsv } from '../report/toWindowsCsv.js';
import { writeFilesAtomically } from '../report/writeAtomic.js';
import type { Scenario } from '../scenario/index.js';
import { replay, type ReplayPlan, type ReplayReport } from '../sim/index.js';
import type { BackendName } from '../solver/index.js';
import { synthesizeTrace } from '../workload/index.js';

export interface VariantSolveOptions {
  readonly backend?: BackendName;
  readonly timeLimitSec?: number;
  readonly mipGap?: number;
  /** Plan DynamoLLM's SinglePool baseline beside each variant. */
  readonly baseline: boolean;
  /** Imported profile tables, or the analytic model (as `llmcap plan --profiles/--analytic`). */
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

// Profile tables are read once per thread, then shared by every variant the thread plans.
const stepModels = new Map<string, Promise<StepModel>>();
export function stepsFor(options: VariantSolveOptions): Promise<StepModel> {
  if (options.analytic) return Promise.resolve(analyticStepModel);
  const key = JSON.stringify(options.profiles ?? []);
  let steps = stepModels.get(key);
  if (!steps) {
    steps = loadStepModel({ importPaths: options.profiles ?? [] });
    stepModels.set(key, steps);
  }
  return steps;
}

export interface PlannedVariant {
  readonly plan: Plan;
  readonly capacity: CapacityTable;
}

export async function planVariantScenario(scenario: Scenario, options: VariantSolveOptions): Promise<PlannedVariant> {
  return planScenario(scenario, {
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.timeLimitSec !== undefined ? { timeLimitSec: options.timeLimitSec } : {}),
    ...(options.mipGap !== undefined ? { mipGap: options.mipGap } : {}),
    baseline: options.baseline,
    steps: await stepsFor(options),
  });
}

/** Replay the plan on a synthetic trace of the scenario (its seed), keeping no per-request rows. */
export async function replayVariant(scenario: Scenario, plan: Plan, options: VariantSolveOptions): Promise<ReplayReport> {
  // The plan's window summaries include the start-up energy its rows leave out (as plan --validate).
  const windowEnergyKWh = new Array<number>(scenario.horizon.windows.length).fill(Number.NaN);
  for (const w of plan.windows) windowEnergyKWh[w.window] = w.energyKWh;
  const replayPlan: ReplayPlan = { classIds: plan.classIds, rows: plan.rows, windowEnergyKWh: windowEnergyKWh.some(Number.isNaN) ? undefined : windowEnergyKWh };
  return replay(scenario, replayPlan, synthesizeTrace(scenario), { steps: await stepsFor(options), planSource: 'plan.arrow' });
}

/** The files of `llmcap plan` (and, with a replay, of `--validate` minus requests.arrow) in `dir`. */
export async function writeVariantOutputs(dir: string, variant: PlannedVariant & { readonly scenario: Scenario; readonly replay?: ReplayReport }): Promise<void> {
  const { plan, scenario, capacity, replay: report } = variant;
  if (report) {
    // First: report.html picks the replay up from windows.csv in the same directory.
    await writeFilesAtomically([
      { path: join(dir, 'windows.csv'), data: toWindowsCsv(report) },
      { path: join(dir, 'replay.json'), data: toReplayJson(report, { plan: 'plan.arrow', scenarioFile: scenario.file, outputs: ['windows.csv', 'replay.json'] }) },
    ]);
  }
  await writeFilesAtomically([
    { path: join(dir, 'plan.arrow'), data: toPlanArrow(plan) },
    { path: join(dir, 'plan.csv'), data: toPlanCsv(plan) },
    { path: join(dir, 'procurement.csv'), data: toProcurementCsv(plan) },
    { path: join(dir, 'summary.json'), data: toSummaryJson(plan, scenario, capacity) },
    { path: join(dir, REPORT_HTML), data: await planReportFor(dir, plan, scenario, capacity) },
  ]);
}
