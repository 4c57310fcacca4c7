/**
 * The replay as a library call: replay a plan against a trace named by plain data (a trace file, or a
 * synthetic trace of the scenario) with a step model named by its source, and return the report. Every
 * input is serializable, so the same call can run in a worker thread; what cannot cross a thread (where
 * request rows go, progress) comes in as hooks.
 */
import { loadStepSource, type StepModel, type StepModels, type StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { fromTraceFile, placeTrace, synthesizeTrace, type HorizonSpan, type TracePlacement, type TraceSource, type TraceTiming } from '../workload/index.js';
import { replay } from './engine/replay.js';
import type { RequestSink } from './metrics/requestColumns.js';
import type { ReplayPlan, ReplayPlanRow, ReplayReport, RequestSampling } from './types.js';

/** The trace to replay: a file (Azure or generic CSV), or synthetic arrivals of the scenario's demand. */
export type TraceSpec =
  | {
      readonly kind: 'file';
      readonly path: string;
      /** Where the trace falls on the horizon (default: its first window boundary at the horizon's start). */
      readonly timing?: TraceTiming;
    }
  | {
      readonly kind: 'synthetic';
      /** Only these windows (default all); arrivals keep their horizon times. */
      readonly windows?: readonly number[];
      /** Multiplies every rate (default 1). */
      readonly rateScale?: number;
    };

/** Which requests get a row: all, a deterministic 1-in-N sample, or none; default all up to REQUESTS_ALL_UP_TO. */
export type RequestsOption = 'all' | 'sample' | 'none';

/** Request rows are kept for every request up to this many; beyond, a deterministic 1-in-N sample of about this size. */
export const REQUESTS_ALL_UP_TO = 1_000_000;
/** `requests: 'sample'` keeps at most one request in this many. */
export const SAMPLE_AT_LEAST_ONE_IN = 10;

export interface ReplayPlanOptions {
  /** Step times and power: the same source the plan was made with, so the replay checks the plan and not a model difference. */
  readonly steps: StepSource;
  /** Default: a synthetic trace of the scenario. */
  readonly trace?: TraceSpec;
  /** Seed of the synthetic trace and of the replay's random choices; default scenario.simulation.seed. */
  readonly seed?: number;
  readonly requests?: RequestsOption;
  /** Name of the plan's source for messages (e.g. its path). */
  readonly planSource?: string;
}

/** What stays in the caller's thread. */
export interface ReplayHooks {
  /** Where request rows go; opened only when some are kept. Without it, none are. */
  readonly openSink?: () => Promise<RequestSink>;
  readonly onProgress?: (fraction: number, message: string) => void;
  /** Called once the trace, the step model and the sink are ready, as the replay proper starts (to time it alone). */
  readonly onStart?: () => void;
  /** Step models already loaded by the caller, to share across calls; default: loaded for this call. */
  readonly stepModels?: StepModels;
}

export async function replayPlan(plan: ReplayPlan, scenario: Scenario, options: ReplayPlanOptions, hooks: ReplayHooks = {}): Promise<ReplayReport> {
  const { trace, expected, placement } = await openTrace(scenario, options.trace ?? { kind: 'synthetic' }, options.seed);
  const sampling = hooks.openSink ? await requestSampling(options.requests, expected) : ({ mode: 'none' } as const);
  const steps: StepModel = await (hooks.stepModels ? hooks.stepModels.get(options.steps) : loadStepSource(options.steps));
  const sink = sampling.mode !== 'none' && hooks.openSink ? await hooks.openSink() : undefined;
  hooks.onStart?.();
  const report = await replay(scenario, plan, trace, {
    steps,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(sink ? { sink, sampling } : {}),
    ...(options.planSource !== undefined ? { planSource: options.planSource } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
  });
  return placement ? { ...report, tracePlacement: { ...placement.placement, skippedBeforeStart: placement.skippedBeforeStart() } } : report;
}

/** A plan's rows with its per-window energy (its window summaries add the start-up energy its rows leave out). */
export function toReplayPlan(plan: { readonly classIds: readonly string[]; readonly rows: readonly ReplayPlanRow[]; readonly windows: readonly { readonly window: number; readonly energyKWh: number }[] }, windowsCount: number): ReplayPlan {
  const windowEnergyKWh = new Array<number>(windowsCount).fill(NaN);
  for (const w of plan.windows) windowEnergyKWh[w.window] = w.energyKWh;
  return { classIds: plan.classIds, rows: plan.rows, windowEnergyKWh: windowEnergyKWh.some(Number.isNaN) ? undefined : windowEnergyKWh };
}

/** Read a trace file through once, so a bad row, or a trace that cannot be placed on the horizon, is reported before anything else is done. */
export async function checkTraceFile(path: string, scenario: Scenario, timing?: TraceTiming): Promise<void> {
  await placeTrace(await fromTraceFile(path), horizonSpan(scenario), timing);
}

function horizonSpan(scenario: Scenario): HorizonSpan {
  return { startIso: scenario.horizon.startIso, windowS: scenario.horizon.windowHours * 3600, windows: scenario.horizon.windows.length };
}

interface OpenedTrace {
  readonly trace: TraceSource;
  /** How many requests the replay will read (for sizing a sample). */
  readonly expected: () => Promise<number>;
  readonly placement?: { readonly placement: TracePlacement; readonly skippedBeforeStart: () => number };
}

async function openTrace(scenario: Scenario, spec: TraceSpec, seed: number | undefined): Promise<OpenedTrace> {
  if (spec.kind === 'file') {
    const placed = await placeTrace(await fromTraceFile(spec.path), horizonSpan(scenario), spec.timing);
    const trace = placed.trace;
    // A file's length is known only by reading it: one counting pass, needed only to size a sample.
    const expected = async () => {
      let n = 0;
      for await (const c of trace.chunks()) n += c.length;
      return n;
    };
    return { trace, expected, placement: placed };
  }
  const trace = synthesizeTrace(scenario, {
    ...(seed !== undefined ? { seed } : {}),
    ...(spec.windows ? { windows: spec.windows } : {}),
    ...(spec.rateScale !== undefined ? { rateScale: spec.rateScale } : {}),
  });
  const windowS = scenario.horizon.windowHours * 3600;
  const scale = spec.rateScale ?? 1;
  const inWindows = spec.windows ? new Set(spec.windows) : undefined;
  const expected = async () => scenario.demandRps.reduce((s, rates) => s + rates.reduce((a, r, w) => (inWindows && !inWindows.has(w) ? a : a + r * scale * windowS), 0), 0);
  return { trace, expected };
}

async function requestSampling(option: RequestsOption | undefined, expected: () => Promise<number>): Promise<RequestSampling> {
  if (option === 'none') return { mode: 'none' };
  if (option === 'all') return { mode: 'all' };
  const n = await expected();
  if (option === 'sample') return { mode: 'every', n: Math.max(SAMPLE_AT_LEAST_ONE_IN, Math.ceil(n / REQUESTS_ALL_UP_TO)) };
  return n <= REQUESTS_ALL_UP_TO ? { mode: 'all' } : { mode: 'every', n: Math.ceil(n / REQUESTS_ALL_UP_TO) };
}
