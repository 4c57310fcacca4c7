/**
 * `llmcap simulate`: read the scenario and plan.arrow → replay a trace (a file, or a synthetic one of
 * the scenario) against the plan (sim/replayPlan) → write requests.arrow, windows.csv and replay.json
 * atomically → print the verdict.
 */
import { dirname } from 'node:path';
import { InputError } from '../../core/errors.js';
import { readPlanArrow } from '../../report/fromPlanArrow.js';
import { replayOutputNames, writePlanOutputs } from '../../report/writePlanOutputs.js';
import { fromScenarioFile } from '../../scenario/index.js';
import type { ReplayReport } from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { printReplay } from '../replaySummary.js';
import { runReplay, type ReplayCliOptions } from '../runReplay.js';
import { checkOutputDir } from '../outputPaths.js';

export interface SimulateCommandOptions extends ReplayCliOptions {
  readonly plan: string;
  readonly scenario: string;
  readonly out?: string;
}

export interface SimulateCommandResult {
  readonly report: ReplayReport;
  readonly outDir: string;
  readonly exitCode: ExitCode;
}

export async function runSimulate(options: SimulateCommandOptions): Promise<SimulateCommandResult> {
  if (options.trace !== undefined && options.synthetic) {
    throw new InputError({ field: '--trace', message: '--trace and --synthetic both given', fix: 'replay either a trace file (--trace FILE) or a synthetic trace of the scenario (--synthetic)' });
  }
  const outDir = options.out ?? dirname(options.plan);
  checkOutputDir(outDir, { flag: '--out', inputs: [options.plan, options.scenario, options.trace] });
  const scenario = await fromScenarioFile(options.scenario);
  const plan = await readPlanArrow(options.plan);
  const replayed = await runReplay(plan, scenario, options, { outDir, planPath: options.plan });
  const replay = { report: replayed.report, planPath: options.plan, scenarioFile: scenario.file, ...(replayed.requests ? { requests: replayed.requests } : {}) };
  await writePlanOutputs(outDir, { replay });
  printReplay(replayed.report, { command: 'simulate', planPath: options.plan, scenarioFile: scenario.file, outDir, seconds: replayed.seconds, outputs: replayOutputNames(replay) }, options.json);
  return { report: replayed.report, outDir, exitCode: EXIT.ok };
}
