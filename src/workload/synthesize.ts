/**
 * Synthetic traces from a scenario, for the replay simulator. Each class k arrives in window w at
 * the scenario's rate demandRps[k][w] (× rateScale): Poisson arrivals, or a gamma renewal process
 * whose inter-arrival times have coefficient of variation `burstiness` (shape 1/cv², mean 1/rate),
 * each class a stream of its own. With `empirical` arrivals each service is one renewal stream at
 * the sum of its classes' rates, whose gaps follow the scenario's gap quantiles (multiples of the
 * mean gap, as `trace fit --arrivals empirical` measures them on a trace's whole service), and each
 * arrival's class is drawn in proportion to the classes' rates: a burst of the trace is a burst of
 * the service, whatever its classes. Token lengths are drawn from the class's statistics
 * (tokenSampler.ts). The streams are merged in time order with a small heap and handed out in
 * chunks as they are drawn, so a week at 100 req/s (tens of millions of requests) never sits in memory.
 *
 * Randomness: one generator per (stream, window) for arrivals and one for tokens, seeded from
 * (seed, class id or service, window). Changing one class's rate leaves every other class's requests
 * as they were (per-class streams), and a subset of windows gives exactly the requests the whole
 * horizon has in those windows. Each window starts its streams afresh (exact for Poisson; for gamma
 * the first gap is an ordinary one, a bias of about (cv² − 1)/2 requests per class and window).
 */
import { InputError } from '../core/errors.js';
import { createRng, type Rng } from '../core/random.js';
import type { ArrivalLaw, Scenario } from '../scenario/index.js';
import { CHUNK_ROWS } from './defaults.js';
import { MinHeap } from './minHeap.js';
import { tokenSampler, type TokenSampler } from './tokenSampler.js';
import type { TraceChunk, TraceSource } from './types.js';

export interface SynthesizeOptions {
  /** Default: scenario.simulation.seed. */
  readonly seed?: number;
  /** Default: scenario.simulation.arrivals. */
  readonly arrivals?: ArrivalLaw;
  /** Coefficient of variation of gamma inter-arrival times; default scenario.simulation.burstiness. */
  readonly burstiness?: number;
  /** Window indices to generate (default all); arrivals keep their horizon times. */
  readonly windows?: readonly number[];
  /** Multiplies every rate (default 1). */
  readonly rateScale?: number;
}

interface ClassPlan {
  readonly id: string;
  readonly service: number;
  readonly label: number;
  readonly rates: Float64Array;
  readonly input: TokenSampler;
  readonly output: TokenSampler;
}

/** One arrival stream: a class's own, or (empirical arrivals) a service's, whose arrivals are drawn among its classes by rate. */
interface Stream {
  readonly key: string;
  readonly classes: readonly ClassPlan[];
}

export function synthesizeTrace(scenario: Scenario, options: SynthesizeOptions = {}): TraceSource {
  const seed = options.seed ?? scenario.simulation.seed;
  const arrivals = options.arrivals ?? scenario.simulation.arrivals;
  const cv = arrivals === 'gamma' ? (options.burstiness ?? scenario.simulation.burstiness) : 1;
  const rateScale = options.rateScale ?? 1;
  const windowS = scenario.horizon.windowHours * 3600;
  const windows = checkedWindows(scenario, options.windows);
  if (!(Number.isInteger(seed) && seed >= 0)) throw badOption(scenario, 'seed', `${seed} is not a non-negative integer`, 'give a whole number ≥ 0');
  if (!(cv > 0 && Number.isFinite(cv))) throw badOption(scenario, 'burstiness', `${cv} is not a positive number`, 'give the coefficient of variation of inter-arrival times, e.g. 1 (Poisson-like) or 2 (bursty)');
  if (!(rateScale >= 0 && Number.isFinite(rateScale))) throw badOption(scenario, 'rateScale', `${rateScale} is not a non-negative number`, 'give a factor ≥ 0, e.g. 1.2 for 20 % more load');

  const labels = [...new Set(scenario.classes.map((c) => c.name))];
  const plans: ClassPlan[] = scenario.classes.map((c, k) => ({
    id: c.id,
    service: scenario.services.findIndex((s) => s.classIds.includes(c.id)),
    label: labels.indexOf(c.name),
    rates: scenario.demandRps[k] ?? new Float64Array(scenario.horizon.windows.length),
    input: tokenSampler(c.input, c.inputRange),
    output: tokenSampler(c.output, c.outputRange),
  }));
  // Gamma(shape 1/cv², scale cv²/rate) has mean 1/rate and coefficient of variation cv.
  const gammaShape = 1 / (cv * cv);
  const empiricalGap = arrivals === 'empirical' ? gapSampler(scenario) : undefined;
  const gap = empiricalGap
    ? (rng: Rng, rate: number) => empiricalGap(rng.uniform()) / rate
    : arrivals === 'gamma' && cv !== 1
      ? (rng: Rng, rate: number) => rng.gamma(gammaShape, 1 / (gammaShape * rate))
      : (rng: Rng, rate: number) => rng.exponential(rate);
  const streams: Stream[] = empiricalGap
    ? scenario.services.map((svc, si) => ({ key: `service:${svc.name}`, classes: plans.filter((p) => p.service === si) })).filter((st) => st.classes.length > 0)
    : plans.map((p) => ({ key: p.id, classes: [p] }));

  async function* generate(): AsyncGenerator<TraceChunk> {
    let chunk = newChunk();
    let n = 0;
    const heap = new MinHeap(streams.length);
    const arrivalRng: Rng[] = [];
    const tokenRng: Rng[] = [];
    const rates = new Float64Array(streams.length);
    /** Per stream, its classes' cumulative rates in the window (a service stream draws among them). */
    const cumulative: Float64Array[] = streams.map((st) => new Float64Array(st.classes.length));
    for (const w of windows) {
      const startS = w * windowS;
      const endS = startS + windowS;
      streams.forEach((st, k) => {
        const cum = cumulative[k] as Float64Array;
        let rate = 0;
        st.classes.forEach((p, j) => {
          rate += (p.rates[w] ?? 0) * rateScale;
          cum[j] = rate;
        });
        rates[k] = rate;
        if (!(rate > 0)) return;
        const a = createRng(seed, `${st.key}#${w}:arrivals`);
        arrivalRng[k] = a;
        tokenRng[k] = createRng(seed, `${st.key}#${w}:tokens`);
        const t = startS + gap(a, rate);
        if (t < endS) heap.push(t, k);
      });
      // Hot loop: pop the earliest stream, write its request, draw its next arrival.
      while (heap.size > 0) {
        const k = heap.topId;
        const t = heap.topTime;
        const st = streams[k] as Stream;
        const tokens = tokenRng[k] as Rng;
        const p = st.classes.length === 1 ? (st.classes[0] as ClassPlan) : pick(st.classes, cumulative[k] as Float64Array, tokens.uniform() * (rates[k] as number));
        chunk.arrivalS[n] = t;
        chunk.inputTokens[n] = p.input.sample(tokens.uniform());
        chunk.outputTokens[n] = p.output.sample(tokens.uniform());
        chunk.serviceIndex[n] = p.service;
        chunk.classIndex[n] = p.label;
        n++;
        const next = t + gap(arrivalRng[k] as Rng, rates[k] as number);
        heap.replaceTop(next < endS ? next : Number.POSITIVE_INFINITY);
        if (n === CHUNK_ROWS) {
          yield chunk;
          chunk = newChunk();
          n = 0;
        }
      }
    }
    if (n > 0) yield slice(chunk, n);
  }

  return {
    name: `synthetic:${scenario.name}`,
    startIso: scenario.horizon.startIso,
    services: scenario.services.map((s) => s.name),
    classLabels: labels,
    chunks: () => ({ [Symbol.asyncIterator]: generate }),
  };
}

type FullChunk = TraceChunk & { readonly classIndex: Uint16Array };

function newChunk(): FullChunk {
  return {
    length: CHUNK_ROWS,
    arrivalS: new Float64Array(CHUNK_ROWS),
    inputTokens: new Uint32Array(CHUNK_ROWS),
    outputTokens: new Uint32Array(CHUNK_ROWS),
    serviceIndex: new Uint16Array(CHUNK_ROWS),
    classIndex: new Uint16Array(CHUNK_ROWS),
  };
}

function slice(c: FullChunk, n: number): TraceChunk {
  return {
    length: n,
    arrivalS: c.arrivalS.subarray(0, n),
    inputTokens: c.inputTokens.subarray(0, n),
    outputTokens: c.outputTokens.subarray(0, n),
    serviceIndex: c.serviceIndex.subarray(0, n),
    classIndex: c.classIndex.subarray(0, n),
  };
}

/** The class whose share of the cumulative rates `cum` holds `x` (0 ≤ x < the stream's rate). */
function pick(classes: readonly ClassPlan[], cum: Float64Array, x: number): ClassPlan {
  let j = 0;
  while (j < classes.length - 1 && x >= (cum[j] as number)) j++;
  return classes[j] as ClassPlan;
}

/**
 * Gaps of the scenario's empirical arrivals, as multiples of the mean gap: the inverse of the
 * piecewise-linear distribution through its quantiles, rescaled so that its mean is exactly 1 (so a
 * stream keeps its rate).
 */
function gapSampler(scenario: Scenario): (u: number) => number {
  const q = scenario.simulation.gapQuantiles;
  if (!q || q.length < 2) throw badOption(scenario, 'simulation.gapQuantiles', 'empirical arrivals need the gaps\' quantiles', 'add simulation.gapQuantiles ([probability, gap over the mean] pairs from [0, …] to [1, …]; `llmcap trace fit --arrivals empirical` writes them) or use arrivals: gamma');
  let mean = 0;
  for (let i = 1; i < q.length; i++) {
    const [p0, g0] = q[i - 1] as readonly [number, number];
    const [p1, g1] = q[i] as readonly [number, number];
    mean += ((p1 - p0) * (g0 + g1)) / 2;
  }
  const scale = mean > 0 ? 1 / mean : 1;
  return (u) => {
    let i = 1;
    while (i < q.length - 1 && u > (q[i] as readonly [number, number])[0]) i++;
    const [p0, g0] = q[i - 1] as readonly [number, number];
    const [p1, g1] = q[i] as readonly [number, number];
    const f = p1 > p0 ? (u - p0) / (p1 - p0) : 0;
    return (g0 + f * (g1 - g0)) * scale;
  };
}

function checkedWindows(scenario: Scenario, windows: readonly number[] | undefined): number[] {
  const count = scenario.horizon.windows.length;
  if (windows === undefined) return Array.from({ length: count }, (_, i) => i);
  const bad = windows.find((w) => !Number.isInteger(w) || w < 0 || w >= count);
  if (bad !== undefined) throw badOption(scenario, 'windows', `window ${bad} does not exist`, `use window indices 0–${count - 1}`);
  return [...new Set(windows)].sort((a, b) => a - b);
}

function badOption(scenario: Scenario, field: string, message: string, fix: string): InputError {
  return new InputError({ file: scenario.file, field, message, fix });
}
