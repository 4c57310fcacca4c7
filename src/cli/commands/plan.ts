/** `llmcap plan`: read the scenario → plan (pure core) → write outputs atomically → print. */
import { join } from 'node:path';
import { planScenario, type Plan } from '../../plan/index.js';
import { fromScenarioFile, resolveObjective, type Scenario } from '../../scenario/index.js';
import { toPlanArrow } from '../../report/toPlanArrow.js';
import { toPlanCsv } from '../../report/toPlanCsv.js';
import { toProcurementCsv } from '../../report/toProcurementCsv.js';
import { planSummary, toSummaryJson } from '../../report/toSummaryJson.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { planReportFor, REPORT_HTML } from '../../report/planReportFile.js'; // report.html (issue 9)
import { formatPlanSummary } from '../summaryTable.js';
import { createProgress } from '../progress.js';
import { stepsFor } from '../loadSteps.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import type { SolveCommandOptions } from '../solveOptions.js';

/** `profiles`/`analytic`: imported profile tables overriding the built-in ones, or the analytic model. */
export interface PlanCommandOptions extends SolveCommandOptions {
  /** Override the scenario's objective. */
  readonly objective?: 'cost' | 'energy' | 'carbon';
  /** Plan DynamoLLM's SinglePool baseline too and compare (default true; --no-baseline). */
  readonly baseline?: boolean;
}

export interface PlanCommandResult {
  readonly plan: Plan;
  readonly scenario: Scenario;
  readonly outDir: string;
  readonly exitCode: ExitCode;
}

export async function runPlan(options: PlanCommandOptions): Promise<PlanCommandResult> {
  const read = await fromScenarioFile(options.scenario);
  const scenario: Scenario = options.objective ? { ...read, objective: resolveObjective(options.objective) } : read;
  // A bad --trace must stop the run before the plan is written, not after it (every row is checked).
  const traceToCheck = (options as { readonly validate?: boolean; readonly trace?: string });
  if (traceToCheck.validate && traceToCheck.trace !== undefined) {
    const { checkTraceFile } = await import('./simulate.js');
    await checkTraceFile(traceToCheck.trace);
  }
  const progress = createProgress(options.quiet === true);
  let outcome;
  try {
    outcome = await planScenario(scenario, {
      backend: options.solver,
      timeLimitSec: options.timeLimit,
      mipGap: options.gap,
      baseline: options.baseline !== false,
      steps: await stepsFor(options),
      onProgress: (m, f) => progress.update(m, f),
    });
  } finally {
    progress.stop();
  }
  const { plan, capacity } = outcome;
  const outDir = options.out ?? join('out', scenario.name);
  await writeFilesAtomically([
    { path: join(outDir, 'plan.arrow'), data: toPlanArrow(plan) },
    { path: join(outDir, 'plan.csv'), data: toPlanCsv(plan) },
    { path: join(outDir, 'procurement.csv'), data: toProcurementCsv(plan) },
    { path: join(outDir, 'summary.json'), data: toSummaryJson(plan, scenario, capacity) },
    { path: join(outDir, REPORT_HTML), data: await planReportFor(outDir, plan, scenario, capacity) }, // report.html (issue 9)
  ]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, outDir, report: join(outDir, REPORT_HTML), ...planSummary(plan, scenario, capacity) }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${formatPlanSummary(plan, outDir)}\n`);
    process.stdout.write(`Report: ${join(outDir, REPORT_HTML)} (open it in a browser; works offline)\n`); // issue 9
  }
  // --- replay validation (`plan --validate [--trace FILE]`, issue 7): replay the plan just written ---
  const replayOptions = options as PlanCommandOptions & { readonly validate?: boolean; readonly trace?: string };
  if (replayOptions.validate) {
    const { validatePlan } = await import('./simulate.js');
    await validatePlan(scenario, plan, outDir, { trace: replayOptions.trace, json: options.json, quiet: options.quiet, profiles: options.profiles, analytic: options.analytic });
  }
  // --- end replay validation ---
  // --- report.html again with the replay (issue 9): --validate has just written windows.csv beside the plan ---
  if ((options as { readonly validate?: boolean }).validate) {
    await writeFilesAtomically([{ path: join(outDir, REPORT_HTML), data: await planReportFor(outDir, plan, scenario, capacity) }]);
  }
  // --- end report.html with the replay ---
  return { plan, scenario, outDir, exitCode: plan.solve.limitReached ? EXIT.limitReached : EXIT.ok };
}
