/** `llmcap plan`: read the scenario → plan (pure core) → write outputs atomically → print. */
import { join } from 'node:path';
import { planScenario, type Plan } from '../../plan/index.js';
import { fromScenarioFile, resolveObjective, type Scenario } from '../../scenario/index.js';
import type { BackendName } from '../../solver/index.js';
import { toPlanArrow } from '../../report/toPlanArrow.js';
import { toPlanCsv } from '../../report/toPlanCsv.js';
import { toProcurementCsv } from '../../report/toProcurementCsv.js';
import { planSummary, toSummaryJson } from '../../report/toSummaryJson.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { formatPlanSummary } from '../summaryTable.js';
import { createProgress } from '../progress.js';
import { EXIT, type ExitCode } from '../exitCodes.js';

export interface PlanCommandOptions {
  readonly scenario: string;
  readonly out?: string;
  readonly solver?: BackendName;
  readonly timeLimit?: number;
  readonly gap?: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
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
  const progress = createProgress(options.quiet === true);
  let outcome;
  try {
    outcome = await planScenario(scenario, {
      backend: options.solver,
      timeLimitSec: options.timeLimit,
      mipGap: options.gap,
      baseline: options.baseline !== false,
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
  ]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, outDir, ...planSummary(plan, scenario, capacity) }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${formatPlanSummary(plan, outDir)}\n`);
  }
  return { plan, scenario, outDir, exitCode: plan.solve.limitReached ? EXIT.limitReached : EXIT.ok };
}
