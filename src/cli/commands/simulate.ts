/**
 * `llmcap simulate`: read the scenario and plan.arrow → replay a trace (a file, or a synthetic one of
 * the scenario) against the plan (sim/replayPlan) → write requests.arrow, windows.csv and replay.json
 * atomically → print the verdict.
 */
import { dirname } from 'node:path';
import { InputError } from '../../core/errors.js';
import { readPlanArrow, type ReadPlan } from '../../report/fromPlanArrow.js';
import { planStructure, structureDifferences } from '../../report/planProvenance.js';
import { replayOutputNames, writePlanOutputs } from '../../report/writePlanOutputs.js';
import { fromScenarioFile, type Scenario } from '../../scenario/index.js';
import type { ReplayReport } from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { printReplay } from '../replaySummary.js';
import { runReplay, type ReplayCliOptions } from '../runReplay.js';
import { checkOutputDir } from '../outputPaths.js';

export interface SimulateCommandOptions extends ReplayCliOptions {
  readonly plan: string;
  readonly scenario: string;
  readonly out?: string;
  /** Replay a plan against a scenario of another structure (windows, window length, classes, models). */
  readonly allowMismatch?: boolean;
}

export interface SimulateCommandResult {
  readonly report: ReplayReport;
  readonly outDir: string;
  readonly exitCode: ExitCode;
}

/**
 * A plan replayed against a scenario of another structure rejects or misroutes most requests and
 * proves nothing: refused unless --allow-mismatch. Other demand, prices or SLOs are a what-if and pass.
 */
function checkPlanFitsScenario(plan: ReadPlan, scenario: Scenario, options: SimulateCommandOptions): void {
  if (!plan.provenance || options.allowMismatch) return;
  const differences = structureDifferences(plan.provenance.structure, planStructure(scenario));
  if (differences.length === 0) return;
  throw new InputError({
    file: options.plan,
    field: '--scenario',
    message: `the plan was made for scenario '${plan.provenance.scenario}', whose structure differs from ${scenario.file}: ${differences.join('; ')}`,
    fix: `replay it with the scenario it was made from, plan ${scenario.file} first, or pass --allow-mismatch to replay anyway (other demand, prices or SLOs need no flag)`,
  });
}

export async function runSimulate(options: SimulateCommandOptions): Promise<SimulateCommandResult> {
  if (options.trace !== undefined && options.synthetic) {
    throw new InputError({ field: '--trace', message: '--trace and --synthetic both given', fix: 'replay either a trace file (--trace FILE) or a synthetic trace of the scenario (--synthetic)' });
  }
  const outDir = options.out ?? dirname(options.plan);
  checkOutputDir(outDir, { flag: '--out', inputs: [options.plan, options.scenario, options.trace] });
  const scenario = await fromScenarioFile(options.scenario);
  const plan = await readPlanArrow(options.plan);
  checkPlanFitsScenario(plan, scenario, options);
  const replayed = await runReplay(plan, scenario, options, { outDir, planPath: options.plan });
  const replay = { report: replayed.report, planPath: options.plan, scenarioFile: scenario.file, ...(replayed.requests ? { requests: replayed.requests } : {}) };
  await writePlanOutputs(outDir, { replay });
  printReplay(replayed.report, { command: 'simulate', planPath: options.plan, scenarioFile: scenario.file, outDir, seconds: replayed.seconds, outputs: replayOutputNames(replay) }, options.json);
  return { report: replayed.report, outDir, exitCode: EXIT.ok };
}
