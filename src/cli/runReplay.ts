/**
 * The replay as `simulate` and `plan --validate` run it: the flags mapped onto the library call
 * (sim/replayPlan), requests.arrow streamed to a temporary file, progress on stderr, and the replay's
 * time. Nothing is written in place here: the command hands the result to writePlanOutputs.
 */
import { join } from 'node:path';
import type { StepModels } from '../profiles/index.js';
import { toRequestsArrow, type RequestsArrowFile } from '../report/toRequestsArrow.js';
import type { Scenario } from '../scenario/index.js';
import { replayPlan, type ReplayPlan, type ReplayPlanOptions, type ReplayReport, type RequestsOption } from '../sim/index.js';
import { stepSourceOf } from './loadSteps.js';
import { createProgress } from './progress.js';

export interface ReplayCliOptions {
  /** Step times and power as the planner takes them: profile tables (built-in, plus imports), or the analytic model. */
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
  readonly trace?: string;
  readonly synthetic?: boolean;
  readonly seed?: number;
  readonly requests?: RequestsOption;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export interface CliReplay {
  readonly report: ReplayReport;
  /** requests.arrow under its temporary name, to be committed with the other outputs. */
  readonly requests?: RequestsArrowFile;
  /** The replay's wall time, s. */
  readonly seconds: number;
}

export function replayPlanOptions(options: ReplayCliOptions, planSource: string): ReplayPlanOptions {
  return {
    steps: stepSourceOf(options),
    trace: options.trace !== undefined ? { kind: 'file', path: options.trace } : { kind: 'synthetic' },
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.requests !== undefined ? { requests: options.requests } : {}),
    planSource,
  };
}

export async function runReplay(plan: ReplayPlan, scenario: Scenario, options: ReplayCliOptions, where: { readonly outDir: string; readonly planPath: string; readonly stepModels?: StepModels }): Promise<CliReplay> {
  const progress = createProgress(options.quiet === true);
  let requests: RequestsArrowFile | undefined;
  let started = performance.now();
  try {
    const report = await replayPlan(plan, scenario, replayPlanOptions(options, where.planPath), {
      openSink: async () => (requests = await toRequestsArrow(join(where.outDir, 'requests.arrow'))),
      onProgress: (fraction, message) => progress.update(message, fraction),
      onStart: () => {
        started = performance.now();
      },
      ...(where.stepModels ? { stepModels: where.stepModels } : {}),
    });
    return { report, ...(requests ? { requests } : {}), seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    await requests?.abort();
    throw err;
  } finally {
    progress.stop();
  }
}
