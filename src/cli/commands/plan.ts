/**
 * `llmcap plan`: read the scenario → plan (pure core) → with --validate, replay the plan in memory
 * (sim/replayPlan) → write the plan's outputs, and the replay's, atomically in one step → print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { fromDeploymentFile, pinnedPlanInputs, type PinnedPlanInputs } from '../../deployment/index.js';
import { CapacityCache } from '../../capacity/index.js';
import { closePool } from '../../parallel/pool.js';
import { capacityInParallel, type Plan } from '../../plan/index.js';
import { planWithRepair } from '../../repair/index.js';
import { StepModels } from '../../profiles/index.js';
import { REPORT_HTML } from '../../report/planReportFile.js';
import { replayOutputNames, writePlanOutputs, type PlanOutput } from '../../report/writePlanOutputs.js';
import { fromScenarioFile, resolveObjective, type Scenario } from '../../scenario/index.js';
import { checkTraceFile, toReplayPlan, type ReplayRouting } from '../../sim/index.js';
import { formatPlanSummary } from '../summaryTable.js';
import { createProgress } from '../progress.js';
import { checkFittedPresets, stepSourceOf } from '../loadSteps.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { formatPeakCheck, printReplay } from '../replaySummary.js';
import { runReplay, traceSpecOf, type CliReplay } from '../runReplay.js';
import type { SolveCommandOptions } from '../solveOptions.js';
import type { TraceAlignment } from '../../workload/index.js';
import { checkOutputDir } from '../outputPaths.js';
import { PLAN_JSON, type JsonObjectOf } from '../jsonOutputs.js';

/** `profiles`/`analytic`: imported profile tables overriding the built-in ones, or the analytic model. */
export interface PlanCommandOptions extends SolveCommandOptions {
  /** Override the scenario's objective. */
  readonly objective?: 'cost' | 'energy' | 'carbon';
  /** Plan DynamoLLM's SinglePool baseline too and compare (default true; --no-baseline). */
  readonly baseline?: boolean;
  /** Replay the plan's distinct windows and repair what misses (default true; --no-repair). */
  readonly repair?: boolean;
  /** Replay the plan (a synthetic trace of the scenario, or --trace) and write the replay beside it. */
  readonly validate?: boolean;
  readonly trace?: string;
  /** With --trace: where the trace falls on the horizon. */
  readonly align?: TraceAlignment;
  readonly traceOffset?: number;
  /** Price this deployment: its pools and fleet, nothing chosen but the classes' split over them. */
  readonly deployment?: string;
  /** Hold this deployment's pools and optimize the rest. */
  readonly fixPools?: string;
}

export interface PlanCommandResult {
  readonly plan: Plan;
  readonly scenario: Scenario;
  readonly outDir: string;
  readonly exitCode: ExitCode;
}

export async function runPlan(options: PlanCommandOptions): Promise<PlanCommandResult> {
  const read = await fromScenarioFile(options.scenario);
  const objective: Scenario = options.objective ? { ...read, objective: resolveObjective(options.objective) } : read;
  const pins = await pinnedInputs(objective, options);
  const scenario = pins?.scenario ?? objective;
  const pricing = options.deployment !== undefined;
  const defaultOut = pins?.name !== undefined && pricing ? join('out', scenario.name, pins.name) : join('out', scenario.name);
  // A bad --trace must stop the run before anything is planned or written (every row is checked).
  // Every output location is checked before any work: a long plan never ends in EEXIST.
  checkOutputDir(options.out ?? defaultOut, { flag: '--out', inputs: [options.scenario, options.trace, options.deployment, options.fixPools, read.planning.fixPools?.path], generations: true });
  await checkFittedPresets(scenario);
  const traceSpec = traceSpecOf(options);
  if (options.validate && traceSpec.kind === 'file') await checkTraceFile(traceSpec.path, scenario, traceSpec.timing);
  // Planned and replayed with the same step model, loaded once.
  const stepModels = new StepModels();
  const progress = createProgress(options.quiet === true);
  let outcome;
  try {
    const steps = stepSourceOf(options, scenario);
    const stepModel = await stepModels.get(steps);
    // The capacity table on every core first: the planner then finds its rows computed.
    const capacityCache = new CapacityCache();
    progress.update('capacity: computing the configs\' capacities on every core', 0.02);
    await capacityInParallel(scenario, steps, stepModel, capacityCache);
    outcome = await planWithRepair(
      scenario,
      {
        capacityCache,
        backend: options.solver,
        timeLimitSec: options.timeLimit,
        mipGap: options.gap,
        // Pricing a deployment chooses nothing: no baseline to compare, no repair to re-choose.
        baseline: options.baseline !== false && !pricing,
        steps: stepModel,
        onProgress: (m, f, detail) => progress.update(m, f, detail),
        solveOnPool: true,
        ...(pins ? { pinned: pins.pinned } : {}),
      },
      { steps, stepModels, ...(options.repair === false || pricing ? { rounds: 0 } : {}) },
    );
  } finally {
    progress.stop();
    // The capacity shares and the repair's replays ran on the process's pool: its workers would keep the process alive.
    await closePool();
  }
  const planned: PlanOutput = { plan: outcome.plan, scenario, capacity: outcome.capacity };
  const outDir = options.out ?? defaultOut;
  const planPath = join(outDir, 'plan.arrow');
  let replayed: CliReplay | undefined;
  if (options.validate) {
    try {
      const { trace, align, traceOffset, json, quiet, profiles, analytic } = options;
      // A deployment's routing holds for its replay too.
      const replayPlan = { ...toReplayPlan(planned.plan, scenario.horizon.windows.length), ...(pins ? { routing: pins.routing } : {}) };
      replayed = await runReplay(replayPlan, scenario, { trace, align, traceOffset, json, quiet, profiles, analytic }, { outDir, planPath, stepModels });
    } catch (err) {
      // The plan stands without its replay: write and show it, then report the replay's failure.
      await writePlanOutputs(outDir, { plan: planned });
      printPlan(planned, outDir, options.json);
      throw err;
    }
  }
  const replay = replayed && { report: replayed.report, planPath, scenarioFile: scenario.file, ...(replayed.requests ? { requests: replayed.requests } : {}) };
  await writePlanOutputs(outDir, { plan: planned, ...(replay ? { replay } : {}) });
  printPlan(planned, outDir, options.json);
  if (replayed && replay) {
    printReplay(replayed.report, { command: 'plan --validate', planPath, scenarioFile: scenario.file, outDir, seconds: replayed.seconds, outputs: replayOutputNames(replay) }, options.json);
    const peaks = options.json ? undefined : formatPeakCheck(planned.plan.windows, replayed.report);
    if (peaks) process.stdout.write(`${peaks}\n`);
  }
  return { plan: planned.plan, scenario, outDir, exitCode: planned.plan.solve.limitReached ? EXIT.limitReached : EXIT.ok };
}

/**
 * --deployment (price it) or --fix-pools (pin its pools; else the scenario's planning.fixPools): the
 * scenario widened to its configs, and the pins.
 */
async function pinnedInputs(scenario: Scenario, options: PlanCommandOptions): Promise<(PinnedPlanInputs & { readonly name: string; readonly routing: ReplayRouting }) | undefined> {
  if (options.deployment !== undefined && options.fixPools !== undefined) {
    throw new InputError({ field: '--deployment', message: '--deployment and --fix-pools both given', fix: 'price a whole deployment with --deployment FILE, or pin some pools and optimize the rest with --fix-pools FILE' });
  }
  const scenarioPins = scenario.planning.fixPools;
  if (options.deployment !== undefined && scenarioPins !== undefined) {
    throw new InputError({
      file: scenario.file,
      field: scenarioPins.field,
      ...(scenarioPins.line !== undefined ? { line: scenarioPins.line } : {}),
      message: `the scenario pins the pools of ${scenarioPins.given}, and --deployment prices a whole deployment`,
      fix: 'price the deployment with a scenario without planning.fixPools, or pin pools with the scenario alone (or --fix-pools FILE)',
    });
  }
  // The flag takes precedence over the scenario's field.
  const file = options.deployment ?? options.fixPools ?? scenarioPins?.path;
  if (file === undefined) return undefined;
  const deployment = await fromDeploymentFile(file);
  return { ...pinnedPlanInputs(deployment, scenario, options.deployment !== undefined ? 'price' : 'fix'), name: deployment.name, routing: deployment.routing };
}

/** Called once the plan's files are written: `--json` prints summary.json's own fields (provenance and plan.arrow's hash included). */
function printPlan({ plan, scenario }: PlanOutput, outDir: string, json: boolean | undefined): void {
  if (json) {
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Record<string, unknown>;
    process.stdout.write(`${JSON.stringify({ ...({ ok: true, outDir, report: join(outDir, REPORT_HTML) } satisfies JsonObjectOf<typeof PLAN_JSON>), ...summary })}\n`);
  } else {
    process.stdout.write(`${formatPlanSummary(plan, scenario, outDir)}\n`);
    process.stdout.write(`Report: ${join(outDir, REPORT_HTML)} (open it in a browser; works offline)\n`);
  }
}
