/**
 * The replay as `simulate` and `plan --validate` run it: the flags mapped onto the library call
 * (sim/replayPlan), requests.arrow streamed to a temporary file, progress on stderr, and the replay's
 * time. Nothing is written in place here: the command hands the result to writePlanOutputs.
 */
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { StepModels } from '../profiles/index.js';
import { toRequestsArrow, type RequestsArrowFile } from '../report/toRequestsArrow.js';
import type { Scenario } from '../scenario/index.js';
import { replayPlan, type ReplayPlan, type ReplayPlanOptions, type ReplayReport, type RequestsOption, type TraceSpec } from '../sim/index.js';
import type { TraceAlignment, TraceTiming } from '../workload/index.js';
import { checkFittedPresets, stepSourceOf } from './loadSteps.js';
import { createProgress } from './progress.js';

export interface ReplayCliOptions {
  /** Step times and power as the planner takes them: profile tables (built-in, plus imports), or the analytic model. */
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
  readonly trace?: string;
  readonly synthetic?: boolean;
  /** Where a trace file falls on the horizon (docs/traces.md). */
  readonly align?: TraceAlignment;
  /** Seconds. */
  readonly traceOffset?: number;
  /** A trace file: replayed this many times as fast; a synthetic trace: every rate × this. */
  readonly rateScale?: number;
  /** A trace file: tiled this many times. */
  readonly repeat?: number;
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

export function replayPlanOptions(options: ReplayCliOptions, planSource: string, scenario: Scenario): ReplayPlanOptions {
  return {
    steps: stepSourceOf(options, scenario),
    trace: traceSpecOf(options),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.requests !== undefined ? { requests: options.requests } : {}),
    planSource,
  };
}

/** The trace flags as a TraceSpec; flags that only place a trace file are refused for a synthetic trace. */
export function traceSpecOf(options: ReplayCliOptions): TraceSpec {
  if (options.trace !== undefined) {
    const timing: TraceTiming = {
      ...(options.align !== undefined ? { align: options.align } : {}),
      ...(options.traceOffset !== undefined ? { offsetS: options.traceOffset } : {}),
      ...(options.rateScale !== undefined ? { rateScale: options.rateScale } : {}),
      ...(options.repeat !== undefined ? { repeat: options.repeat } : {}),
    };
    return { kind: 'file', path: options.trace, timing };
  }
  for (const [flag, value] of [['--align', options.align], ['--trace-offset', options.traceOffset], ['--repeat', options.repeat]] as const) {
    if (value !== undefined) throw new InputError({ field: flag, message: `${flag} places a trace file, and no --trace was given`, fix: `give --trace FILE, or drop ${flag} (a synthetic trace is made on the scenario's horizon)` });
  }
  return { kind: 'synthetic', ...(options.rateScale !== undefined ? { rateScale: options.rateScale } : {}) };
}

export async function runReplay(plan: ReplayPlan, scenario: Scenario, options: ReplayCliOptions, where: { readonly outDir: string; readonly planPath: string; readonly stepModels?: StepModels }): Promise<CliReplay> {
  await checkFittedPresets(scenario);
  const progress = createProgress(options.quiet === true);
  let requests: RequestsArrowFile | undefined;
  let started = performance.now();
  try {
    const report = await replayPlan(plan, scenario, replayPlanOptions(options, where.planPath, scenario), {
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
