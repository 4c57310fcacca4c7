/**
 * The capacity model against the replay simulator: one instance of a config, one request class,
 * Poisson arrivals with the class's token distributions, replayed at a given rate; the instance meets
 * the class's SLO when its replayed attainment reaches the SLO percentiles. A prefill or decode
 * instance is paired with a pool of the other phase large enough not to limit it and is judged on its
 * own phase's target only (prefill: TTFT, decode: TBT). The simulated knee is the highest rate that
 * meets the SLO (bisection, the same seed at every rate).
 */
import type { Config } from '../capacity/index.js';
import { createRng } from '../core/random.js';
import type { StepModel } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { replay, type ReplayPlan, type ReplayPlanRow, type RequestSink } from '../sim/index.js';
import { synthesizeTrace, tokenSampler, type TraceSource } from '../workload/index.js';

/** Requests per probe: about 300 may miss a p99, so a verdict near the knee is not a coin toss. */
export const PROBE_REQUESTS = 30_000;

export interface ProbeOptions {
  readonly seed?: number;
  readonly requests?: number;
  readonly steps?: StepModel;
  readonly sink?: RequestSink;
}

export interface ProbeResult {
  readonly rps: number;
  readonly requests: number;
  readonly ttftAttainment: number;
  readonly tbtAttainment: number;
  readonly ttftPercentile: number;
  readonly tbtPercentile: number;
  /** The replay's ITL (every gap between tokens of the class's requests) at p99, and at the class's ITL percentile where it has one, ms. */
  readonly itlP99Ms: number;
  readonly itlAtSloMs?: number;
  /** The SLO as judged for the instance's role. */
  readonly meets: boolean;
}

/** Poisson arrivals of one class at `rps` for `durationS`, tokens drawn from the class's statistics. */
export function classTrace(scenario: Scenario, k: number, rps: number, durationS: number, seed: number): TraceSource {
  const cls = scenario.classes[k];
  if (!cls) throw new RangeError(`no class ${k}`);
  const input = tokenSampler(cls.input, cls.inputRange);
  const output = tokenSampler(cls.output, cls.outputRange);
  const service = scenario.services.findIndex((s) => s.name === cls.service);
  return {
    name: `poisson:${cls.id}@${rps.toFixed(3)}`,
    startIso: scenario.horizon.startIso,
    services: scenario.services.map((s) => s.name),
    async *chunks() {
      const rng = createRng(seed, 'knee');
      const a: number[] = [];
      const ins: number[] = [];
      const outs: number[] = [];
      for (let t = rng.exponential(rps); t < durationS; t += rng.exponential(rps)) {
        a.push(t);
        ins.push(input.sample(rng.uniform()));
        outs.push(output.sample(rng.uniform()));
      }
      yield { length: a.length, arrivalS: Float64Array.from(a), inputTokens: Uint32Array.from(ins), outputTokens: Uint32Array.from(outs), serviceIndex: new Uint16Array(a.length).fill(service) };
    },
  };
}

type PoolUnderTest = Omit<ReplayPlanRow, 'ratesRps' | 'window' | 'windowStart'>;

/** The other phase of a split instance under test: a pool far larger than one instance can feed. */
function partnerPool(config: Config): PoolUnderTest | undefined {
  if (config.role === 'prefill') return { model: config.model, gpu: 'H200', tp: 8, clockMHz: 1980, role: 'decode', instances: 16, gpus: 128, meanPowerKW: 0, energyKWh: 0 };
  if (config.role === 'decode') return { model: config.model, gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'prefill', instances: 64, gpus: 512, meanPowerKW: 0, energyKWh: 0 };
  return undefined;
}

/** Replay one instance of `config` serving class `classId` alone at `rps`. */
export async function probeInstance(scenario: Scenario, config: Config, classId: string, rps: number, options: ProbeOptions = {}): Promise<ProbeResult> {
  const k = scenario.classes.findIndex((c) => c.id === classId);
  if (k < 0) throw new RangeError(`no class ${classId} in scenario ${scenario.name}`);
  if (!(rps > 0)) throw new RangeError(`probe rate must be positive, got ${rps}`);
  const requests = options.requests ?? PROBE_REQUESTS;
  // The first window stretched to hold the requests.
  const windowHours = Math.max(scenario.horizon.windowHours, requests / rps / 3600);
  const stretched: Scenario = { ...scenario, horizon: { ...scenario.horizon, windowHours } };
  const at = { window: 0, windowStart: scenario.horizon.startIso, ratesRps: { [classId]: rps } };
  const underTest: PoolUnderTest = {
    model: config.model, gpu: config.gpu, tp: config.tp, clockMHz: config.clockMHz, role: config.role, instances: 1, gpus: config.tp, meanPowerKW: 0, energyKWh: 0,
    ...(config.stack ? { stack: config.stack } : {}),
    ...(config.precision ? { precision: config.precision } : {}),
  };
  const partner = partnerPool(config);
  const plan: ReplayPlan = { classIds: scenario.classes.map((c) => c.id), rows: [{ ...underTest, ...at }, ...(partner ? [{ ...partner, ...at }] : [])] };
  const report = await replay(stretched, plan, classTrace(stretched, k, rps, windowHours * 3600, options.seed ?? 1), {
    ...(options.steps ? { steps: options.steps } : {}),
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const c = report.windows[0]?.classes.find((x) => x.classId === classId);
  if (c === undefined) throw new Error(`replay reported nothing for ${classId}`);
  const ttftOk = c.ttftAttainment >= c.ttftPercentile / 100;
  const tbtOk = c.tbtAttainment >= c.tbtPercentile / 100;
  return {
    rps,
    requests: report.requests.simulated,
    ttftAttainment: c.ttftAttainment,
    tbtAttainment: c.tbtAttainment,
    ttftPercentile: c.ttftPercentile,
    tbtPercentile: c.tbtPercentile,
    itlP99Ms: c.latency.itl.p99Ms,
    ...(c.itl ? { itlAtSloMs: c.itl.atSloMs } : {}),
    meets: config.role === 'prefill' ? ttftOk : config.role === 'decode' ? tbtOk : ttftOk && tbtOk,
  };
}

/** Highest rate at which the instance meets the SLO in replay, by bisection on [0, 4 × the prediction). */
export async function simulatedKnee(scenario: Scenario, config: Config, classId: string, predictedRps: number, options: ProbeOptions & { readonly steps?: StepModel; readonly bisections?: number } = {}): Promise<number> {
  let lo = 0;
  let hi = Math.max(predictedRps, 0.05) * 4;
  for (let i = 0; i < (options.bisections ?? 9); i++) {
    const mid = (lo + hi) / 2;
    if ((await probeInstance(scenario, config, classId, mid, options)).meets) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** One class of a replayed mix: its attainments and whether it meets its SLO. */
export interface MixClassResult {
  readonly classId: string;
  readonly rps: number;
  readonly requests: number;
  readonly ttftAttainment: number;
  readonly tbtAttainment: number;
  readonly meets: boolean;
}

export interface MixProbeResult {
  readonly requests: number;
  readonly classes: readonly MixClassResult[];
  /** Every judged class of the mix meets its SLO (point estimate, as the knee probe judges one class). */
  readonly meets: boolean;
}

/**
 * Replay a pool of mixed instances of `config` (one by default) serving several classes at once, each
 * a Poisson stream at its rate or the scenario's arrivals (its synthetic trace over one window
 * stretched to hold about `requests` requests), and judge every class on both its TTFT and its TBT target.
 */
export interface MixProbeOptions extends ProbeOptions {
  /** Classes whose SLO the verdict takes (default every class of the mix): a class with a few hundred requests has a p99 too noisy to bisect on. */
  readonly judge?: readonly string[];
  /** Instances in the pool (default 1): the rates are the pool's, routed over them by the scenario's router. */
  readonly instances?: number;
  /** Arrival process: Poisson (default), or the scenario's (simulation.arrivals, e.g. gamma with its burstiness). */
  readonly arrivals?: 'poisson' | 'scenario';
}

export async function probeMix(scenario: Scenario, config: Config, ratesRps: Readonly<Record<string, number>>, options: MixProbeOptions = {}): Promise<MixProbeResult> {
  if (config.role !== 'mixed') throw new RangeError(`a class mix is probed on a mixed instance, not ${config.role}`);
  const ids = Object.keys(ratesRps).filter((id) => (ratesRps[id] as number) > 0);
  for (const id of ids) if (!scenario.classes.some((c) => c.id === id)) throw new RangeError(`no class ${id} in scenario ${scenario.name}`);
  const total = ids.reduce((s, id) => s + (ratesRps[id] as number), 0);
  if (!(total > 0)) throw new RangeError('probe rates must include a positive one');
  const requests = options.requests ?? PROBE_REQUESTS;
  const windowHours = Math.max(scenario.horizon.windowHours, requests / total / 3600);
  const stretched: Scenario = {
    ...scenario,
    horizon: { ...scenario.horizon, windowHours },
    demandRps: scenario.classes.map((c) => scenario.demandRps[0]?.map((_, w) => (w === 0 ? (ratesRps[c.id] ?? 0) : 0)) ?? Float64Array.of(ratesRps[c.id] ?? 0)),
  };
  const rates = Object.fromEntries(ids.map((id) => [id, ratesRps[id] as number]));
  const instances = options.instances ?? 1;
  const row: ReplayPlanRow = {
    model: config.model, gpu: config.gpu, tp: config.tp, clockMHz: config.clockMHz, role: 'mixed', instances, gpus: instances * config.tp, meanPowerKW: 0, energyKWh: 0, window: 0, windowStart: scenario.horizon.startIso, ratesRps: rates,
    ...(config.stack ? { stack: config.stack } : {}),
    ...(config.precision ? { precision: config.precision } : {}),
  };
  const trace = synthesizeTrace(stretched, { seed: options.seed ?? 1, windows: [0], ...(options.arrivals === 'scenario' ? {} : { arrivals: 'poisson' as const }) });
  const report = await replay(stretched, { classIds: scenario.classes.map((c) => c.id), rows: [row] }, trace, {
    ...(options.steps ? { steps: options.steps } : {}),
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const classes = ids.map((id): MixClassResult => {
    const c = report.windows[0]?.classes.find((x) => x.classId === id);
    if (c === undefined) throw new Error(`replay reported nothing for ${id}`);
    const meets = c.ttftAttainment >= c.ttftPercentile / 100 && c.tbtAttainment >= c.tbtPercentile / 100;
    return { classId: id, rps: rates[id] as number, requests: c.requests, ttftAttainment: c.ttftAttainment, tbtAttainment: c.tbtAttainment, meets };
  });
  const judged = classes.filter((c) => options.judge?.includes(c.classId) ?? true);
  return { requests: report.requests.simulated, classes, meets: judged.every((c) => c.meets) };
}

/**
 * Highest multiple of a mix's rates at which every class meets its SLO in replay, by bisection on
 * [0, `upper`) (the same seed at every scale). With rates whose linear utilization Σ rate_k/capacity_k
 * is 1, the result is the replayed knee as a share of the linear model's.
 */
export async function simulatedMixKnee(scenario: Scenario, config: Config, ratesRps: Readonly<Record<string, number>>, options: MixProbeOptions & { readonly bisections?: number; readonly upper?: number } = {}): Promise<number> {
  let lo = 0;
  let hi = options.upper ?? 2;
  for (let i = 0; i < (options.bisections ?? 8); i++) {
    const mid = (lo + hi) / 2;
    const scaled = Object.fromEntries(Object.entries(ratesRps).map(([id, r]) => [id, r * mid]));
    if ((await probeMix(scenario, config, scaled, options)).meets) lo = mid;
    else hi = mid;
  }
  return lo;
}
