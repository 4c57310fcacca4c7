/**
 * Replay a trace against a plan: the entry of the simulator, in four steps — build the simulator from
 * the scenario and the plan, feed the trace's arrivals, close the covered windows (the last requests
 * finish), report. Arrivals stream from the trace chunk by chunk (never materialized) and are fed to
 * the kernel with `advanceTo`, so only instance steps, transfers, window events and control events live
 * in the event heap.
 */
import { sloTargetsMs } from '../../capacity/index.js';
import { getGpu, getModel } from '../../catalog/index.js';
import { InputError } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import { analyticStepModel, type StepModel } from '../../profiles/index.js';
import type { Scenario } from '../../scenario/index.js';
import { classifier, serviceMapping, type TraceSource } from '../../workload/index.js';
import { reserveWholeSequence } from '../batching/admission.js';
import { SimInvariantError } from '../entities/invariant.js';
import { poolLayout, specPoint, type PoolLayout } from '../entities/poolLayout.js';
import { RequestBuffer } from '../metrics/requestBuffer.js';
import type { RequestSink } from '../metrics/requestColumns.js';
import { replayVerdict } from '../metrics/verdict.js';
import { WindowLedger } from '../metrics/windowLedger.js';
import { inputBins } from '../metrics/latencyQuantiles.js';
import { outputPredictor } from '../routing/predictor.js';
import { StepCache } from '../timing/stepTable.js';
import type { ClassTargets, ReplayPlan, ReplayReport, RequestSampling } from '../types.js';
import { closeCappedTime, scheduleFirstControls } from './control.js';
import { SIM_EVENTS } from './dispatch.js';
import { energySummary } from './energySummary.js';
import { refreshStaticPower } from './instanceProcess.js';
import { onArrival } from './requestStory.js';
import { EV, PRIORITY, Sim, type SimSettings } from './sim.js';
import { closeWindow, startFirstWindow } from './windowSwitch.js';

/** The power monitor's sampling interval, s: 1-s means (DCGM samples at 100 ms; POLCA's control acts over tens of seconds). */
export const POWER_SAMPLE_S = 1;

export interface ReplayOptions {
  /** Step times and power; default the analytic model. */
  readonly steps?: StepModel;
  /** Seed of the replay's random choices (predictor, power-of-two router); default scenario.simulation.seed. */
  readonly seed?: number;
  /** Where per-request rows go; none by default. */
  readonly sink?: RequestSink;
  readonly sampling?: RequestSampling;
  /** Name of the plan's source for messages (e.g. its path). */
  readonly planSource?: string;
  readonly onProgress?: (fraction: number, message: string) => void;
}

export function classTargets(scenario: Scenario, steps: StepModel): ClassTargets[] {
  return scenario.classes.map((c) => {
    const t = sloTargetsMs(c, steps);
    return {
      classId: c.id,
      ttftMs: t.ttftMs,
      ttftPercentile: t.ttftPercentile,
      tbtMs: t.tbtMs,
      tbtPercentile: t.tbtPercentile,
      ttftSlowdown: c.slo.ttft.ms === undefined ? (c.slo.ttft.slowdown ?? 1) : undefined,
      tbtSlowdown: c.slo.tbt.ms === undefined ? (c.slo.tbt.slowdown ?? 1) : undefined,
      ...(t.itlMs !== undefined ? { itlMs: t.itlMs, itlPercentile: t.itlPercentile ?? 99 } : {}),
      ...(c.slo.e2e ? { e2eMs: c.slo.e2e.ms ?? t.e2eTargets?.[t.e2eTargets.length - 1]?.ms ?? NaN, e2ePercentile: c.slo.e2e.percentile, ...(c.slo.e2e.ms === undefined ? { e2eSlowdown: c.slo.e2e.slowdown ?? 1 } : {}) } : {}),
      ...pooledScopes(c),
    };
  });
}

/** The class's service and its metrics of a pooled scope (none: every metric judged per class, and nothing added). */
function pooledScopes(c: Scenario['classes'][number]): Pick<ClassTargets, 'service' | 'scope'> {
  const pooled = Object.fromEntries(Object.entries(c.slo.scope ?? {}).filter(([, s]) => s !== 'class'));
  return Object.keys(pooled).length > 0 ? { service: c.service, scope: pooled } : {};
}

function stepSource(steps: StepModel, layout: PoolLayout): string {
  const spec = layout.windows.find((w) => w.pools.length > 0)?.pools[0];
  return spec ? steps.sourceOf(specPoint(spec)) : '';
}

export async function replay(scenario: Scenario, plan: ReplayPlan, trace: TraceSource, options: ReplayOptions = {}): Promise<ReplayReport> {
  const run = buildReplay(scenario, plan, trace, options);
  const fed = await feedArrivals(run.sim, trace, options);
  const closed = await closeReplay(run.sim, fed.lastArrivalS, options);
  return replayReport(run, trace.name, closed);
}

/** The simulator built for one replay, with what its report needs to say how it ran. */
interface ReplayRun {
  readonly sim: Sim;
  readonly steps: StepModel;
  readonly seed: number;
  readonly sampling: RequestSampling;
}

/**
 * A prefill pool counts as saturated once every instance holds this many passes' worth of prompt
 * tokens (our choice: one pass under way and one full pass waiting behind it).
 */
export const OVERFLOW_PASSES = 2;

function simSettings(scenario: Scenario, plan: ReplayPlan): SimSettings {
  const sim = scenario.simulation;
  const prefillTokenBudget = plan.routing?.prefillTokenBudget ?? sim.prefillTokenBudget;
  return {
    windowS: scenario.horizon.windowHours * 3600,
    windowsCount: scenario.horizon.windows.length,
    maxBatch: scenario.simulation.maxBatch,
    chunkedPrefill: scenario.simulation.chunkedPrefill,
    prefillTokenBudget,
    router: plan.routing?.router ?? sim.router,
    overflow: plan.routing?.overflow ?? sim.overflow,
    overflowPromptTokens: OVERFLOW_PASSES * prefillTokenBudget,
    clockChangeS: scenario.reconfiguration.clockChangeMs / 1000,
    reshardS: scenario.reconfiguration.reshardS,
    instanceStartS: scenario.reconfiguration.instanceStartS,
    governor: scenario.simulation.governor,
    governorPeriodS: scenario.simulation.governorPeriodS,
    capping: scenario.power.capping,
    provisionedW: scenario.power.provisionedKW * 1000,
    sampleS: POWER_SAMPLE_S,
  };
}

/** The simulator at time 0: window 0's instances running, window events and the control loops scheduled. */
function buildReplay(scenario: Scenario, plan: ReplayPlan, trace: TraceSource, options: ReplayOptions): ReplayRun {
  const steps = options.steps ?? analyticStepModel;
  const seed = options.seed ?? scenario.simulation.seed;
  const sampling: RequestSampling = options.sink ? (options.sampling ?? { mode: 'all' }) : { mode: 'none' };
  const layout = poolLayout(scenario, plan, options.planSource);
  const targets = classTargets(scenario, steps);
  const settings = simSettings(scenario, plan);
  const ledger = new WindowLedger(
    targets,
    scenario.horizon.windows.map((w, i) => ({
      startIso: w.startIso,
      plannedEnergyKWh: layout.windows[i]?.plannedEnergyKWh ?? 0,
      plannedStaticEnergyKWh: layout.windows[i]?.plannedStaticEnergyKWh ?? 0,
    })),
    settings.windowS,
    scenario.power.pue,
    inputBins(scenario.classes),
  );
  if (options.sink) options.sink.begin({ class: scenario.classes.map((c) => c.id), pool: ['', ...layout.labels] });
  const stepCache = new StepCache(steps);
  const sim = new Sim({
    scenario,
    layout,
    settings,
    stepCache,
    targets,
    referenceSteps: scenario.classes.map((c) => stepCache.get({ model: getModel(c.model), gpu: getGpu(c.reference.gpu), tp: c.reference.tp, clockMHz: c.reference.clockMHz, stack: c.reference.stack, precision: c.reference.precision })),
    classify: classifier(scenario),
    serviceMap: serviceMapping(scenario, trace.services),
    predict: outputPredictor(scenario, scenario.simulation.predictorAccuracy, createRng(seed, 'predictor')),
    routerRng: createRng(seed, 'router'),
    admission: reserveWholeSequence,
    ledger,
    buffer: options.sink ? new RequestBuffer(options.sink) : undefined,
    sampling,
    events: SIM_EVENTS,
  });
  refreshStaticPower(sim, 0);
  startFirstWindow(sim);
  for (let w = 1; w < settings.windowsCount; w++) {
    // Scheduled in this order so a clamped prestage runs after the previous boundary at the same instant.
    sim.kernel.schedule(Math.max((w - 1) * settings.windowS, w * settings.windowS - settings.instanceStartS), PRIORITY.window, EV.prestage, w, 0);
    sim.kernel.schedule(w * settings.windowS, PRIORITY.window, EV.boundary, w, 0);
  }
  scheduleFirstControls(sim);
  return { sim, steps, seed, sampling };
}

/** Feed the trace's arrivals, chunk by chunk, each after every event ordered before it. */
async function feedArrivals(sim: Sim, trace: TraceSource, options: ReplayOptions): Promise<{ readonly lastArrivalS: number }> {
  const horizonS = sim.settings.windowS * sim.settings.windowsCount;
  const kernel = sim.kernel;
  let index = 0;
  let lastArrivalS = 0;
  for await (const chunk of trace.chunks()) {
    const { arrivalS, inputTokens, outputTokens, serviceIndex } = chunk;
    for (let i = 0; i < chunk.length; i++, index++) {
      const t = arrivalS[i] as number;
      if (!(t >= lastArrivalS)) {
        throw new InputError({ file: trace.name, field: `request ${index}`, message: `arrival ${t} s comes before the previous one (${lastArrivalS} s)`, fix: 'sort the trace by arrival time' });
      }
      lastArrivalS = t;
      if (t >= horizonS) {
        sim.counts.beyondHorizon();
        continue;
      }
      kernel.advanceTo(t, PRIORITY.arrival);
      onArrival(sim, index, t, serviceIndex[i] as number, inputTokens[i] as number, outputTokens[i] as number);
    }
    sim.counts.readUpTo(index);
    options.onProgress?.(Math.min(1, lastArrivalS / horizonS), `replay: ${index.toLocaleString('en-US')} requests`);
    if (options.sink?.drain) await options.sink.drain();
  }
  sim.counts.readUpTo(index);
  return { lastArrivalS };
}

/** How the replay ended: the windows the trace covered, and the energy after them while the last requests finished. */
interface ReplayEnd {
  readonly coveredWindows: number;
  readonly tailJ: number;
}

/** Close the windows the trace covers, then let the last requests finish (their energy is the tail). */
async function closeReplay(sim: Sim, lastArrivalS: number, options: ReplayOptions): Promise<ReplayEnd> {
  const { windowS, windowsCount } = sim.settings;
  const kernel = sim.kernel;
  const coveredWindows = Math.min(windowsCount, Math.floor(Math.min(lastArrivalS, windowS * windowsCount - 1e-9) / windowS) + 1);
  const endS = coveredWindows * windowS;
  kernel.advanceTo(endS, PRIORITY.window);
  sim.fleet.advance(endS);
  closeCappedTime(sim, endS);
  closeWindow(sim, coveredWindows - 1, endS);
  const energyAtEndJ = sim.fleet.energyJ;
  sim.current.end();
  kernel.runAll();
  sim.fleet.advance(kernel.now);
  const tailJ = sim.fleet.energyJ - energyAtEndJ;
  if (sim.requests.inFlight !== 0) throw new SimInvariantError(`${sim.requests.inFlight} requests still in flight after the last event`, { timeS: kernel.now });
  sim.buffer?.flush();
  if (options.sink?.drain) await options.sink.drain();
  sim.ledger.closeAll();
  return { coveredWindows, tailJ };
}

function replayReport(run: ReplayRun, traceName: string, end: ReplayEnd): ReplayReport {
  const { sim, steps, seed, sampling } = run;
  const scenario = sim.scenario;
  const windows = sim.ledger.results().filter((w) => w.window < end.coveredWindows);
  const counts = sim.counts.snapshot();
  return {
    scenario: scenario.name,
    trace: traceName,
    seed,
    settings: {
      router: sim.settings.router,
      governor: scenario.simulation.governor,
      predictorAccuracy: scenario.simulation.predictorAccuracy,
      chunkedPrefill: scenario.simulation.chunkedPrefill,
      maxBatch: scenario.simulation.maxBatch,
      prefillTokenBudget: sim.settings.prefillTokenBudget,
      overflow: sim.settings.overflow,
      stepSource: stepSource(steps, sim.layout),
    },
    requests: { ...counts, written: sim.buffer?.written ?? 0, sampling },
    windows,
    verdict: replayVerdict(windows),
    energy: energySummary(windows, (end.tailJ * scenario.power.pue) / 3.6e6, counts.rejected),
    power: {
      peakKW: windows.reduce((m, w) => Math.max(m, w.peakKW), 0),
      peak100msKW: windows.reduce((m, w) => Math.max(m, w.peakFineKW), 0),
      provisionedKW: scenario.power.provisionedKW,
      cappedS: windows.reduce((s, w) => s + w.cappedS, 0),
      capLevelChanges: sim.capping.changes,
      lowestClockMHz: sim.live.lowestClockMHz,
    },
    events: sim.kernel.counts,
    latency: sim.ledger.latency(),
  };
}
