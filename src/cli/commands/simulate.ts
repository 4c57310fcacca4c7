/**
 * `llmcap simulate`: read the scenario and a plan (plan.arrow or plan.csv) or a deployment file → replay a trace (a file, or a synthetic one of
 * the scenario) against the plan (sim/replayPlan) → write requests.arrow, windows.csv and replay.json
 * atomically → print the verdict.
 */
import { dirname, join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { deploymentPlan, fromDeploymentFile } from '../../deployment/index.js';
import type { ReadPlan } from '../../report/fromPlanArrow.js';
import { readPlanFile } from '../../report/readPlanFile.js';
import { planStructure, structureDifferences } from '../../report/planProvenance.js';
import { replayOutputNames, writePlanOutputs } from '../../report/writePlanOutputs.js';
import { fromScenarioFile, type Scenario } from '../../scenario/index.js';
import type { RouterName } from '../../scenario/index.js';
import type { ReplayPlan, ReplayReport } from '../../sim/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { printReplay } from '../replaySummary.js';
import { runReplay, type ReplayCliOptions } from '../runReplay.js';
import { checkOutputDir } from '../outputPaths.js';

export interface SimulateCommandOptions extends ReplayCliOptions {
  /** plan.arrow or plan.csv; or give `deployment`. */
  readonly plan?: string;
  /** A deployment YAML (docs/deployments.md) instead of a plan. */
  readonly deployment?: string;
  /** Overrides the deployment's and the scenario's router. */
  readonly router?: RouterName;
  /** Overrides the deployment's and the scenario's overflow setting. */
  readonly overflow?: 'on' | 'off';
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
function checkPlanFitsScenario(plan: ReadPlan, scenario: Scenario, options: SimulateCommandOptions & { readonly plan: string }): void {
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
  if ((options.plan === undefined) === (options.deployment === undefined)) {
    throw new InputError({ field: '--plan', message: options.plan === undefined ? 'neither --plan nor --deployment given' : '--plan and --deployment both given', fix: 'replay a plan (--plan plan.arrow or plan.csv) or a deployment file (--deployment FILE)' });
  }
  const source = (options.plan ?? options.deployment) as string;
  const scenario = await fromScenarioFile(options.scenario);
  let plan: ReplayPlan;
  let outDir: string;
  if (options.plan !== undefined) {
    outDir = options.out ?? dirname(options.plan);
    checkOutputDir(outDir, { flag: '--out', inputs: [options.plan, options.scenario, options.trace], generations: true });
    const read = await readPlanFile(options.plan);
    checkPlanFitsScenario(read, scenario, { ...options, plan: options.plan });
    plan = read;
  } else {
    const deployment = await fromDeploymentFile(source);
    outDir = options.out ?? join('out', scenario.name, deployment.name);
    checkOutputDir(outDir, { flag: '--out', inputs: [source, options.scenario, options.trace], generations: true });
    plan = deploymentPlan(deployment, scenario);
  }
  plan = withRoutingFlags(plan, options);
  const replayed = await runReplay(plan, scenario, options, { outDir, planPath: source });
  const replay = { report: replayed.report, planPath: source, scenarioFile: scenario.file, ...(replayed.requests ? { requests: replayed.requests } : {}) };
  await writePlanOutputs(outDir, { replay });
  printReplay(replayed.report, { command: 'simulate', planPath: source, scenarioFile: scenario.file, outDir, seconds: replayed.seconds, outputs: replayOutputNames(replay) }, options.json);
  return { report: replayed.report, outDir, exitCode: EXIT.ok };
}

/** --router and --overflow take precedence over the deployment's routing and the scenario's settings. */
function withRoutingFlags(plan: ReplayPlan, options: SimulateCommandOptions): ReplayPlan {
  if (options.router === undefined && options.overflow === undefined) return plan;
  return {
    ...plan,
    routing: {
      ...plan.routing,
      ...(options.router !== undefined ? { router: options.router } : {}),
      ...(options.overflow !== undefined ? { overflow: options.overflow === 'on' } : {}),
    },
  };
}
