/**
 * Synthetic traces from a scenario, for the replay simulator. Each class k arrives in window w at
 * the scenario's rate demandRps[k][w] (× rateScale): Poisson arrivals, or a gamma renewal process
 * whose inter-arrival times have coefficient of variation `burstiness` (shape 1/cv², mean 1/rate).
 * Token lengths are drawn from the class's statistics (tokenSampler.ts). The classes' streams are
 * merged in time order with a small heap and handed out in chunks as they are drawn, so a week at
 * 100 req/s (tens of millions of requests) never sits in memory.
 *
 * Randomness: one generator per (class, window) for arrivals and one for tokens, seeded from
 * (seed, class id, window). Changing one class's rate leaves every other class's requests as they
 * were, and a subset of windows gives exactly the requests the whole horizon has in those windows.
 * Each window starts its classes' processes afresh (exact for Poisson; for gamma the first gap is
 * an ordinary one, a bias of about (cv² − 1)/2 requests per class and window).
 */
import { InputError } from '../core/errors.js';
import { createRng, type Rng } from '../core/random.js';
import type { Scenario } from '../scenario/index.js';
import { CHUNK_ROWS } from './defaults.js';
import { MinHeap } from './minHeap.js';
import { tokenSampler, type TokenSampler } from './tokenSampler.js';
import type { TraceChunk, TraceSource } from './types.js';

export interface SynthesizeOptions {
  /** Default: scenario.simulation.seed. */
  readonly seed?: number;
  /** Default: scenario.simulation.arrivals. */
  readonly arrivals?: 'poisson' | 'gamma';
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
  const gap = arrivals === 'gamma' && cv !== 1 ? (rng: Rng, rate: number) => rng.gamma(gammaShape, 1 / (gammaShape * rate)) : (rng: Rng, rate: number) => rng.exponential(rate);

  async function* generate(): AsyncGenerator<TraceChunk> {
    let chunk = newChunk();
    let n = 0;
    const heap = new MinHeap(plans.length);
    const arrivalRng: Rng[] = [];
    const tokenRng: Rng[] = [];
    const rates = new Float64Array(plans.length);
    for (const w of windows) {
      const startS = w * windowS;
      const endS = startS + windowS;
      plans.forEach((p, k) => {
        const rate = (p.rates[w] ?? 0) * rateScale;
        rates[k] = rate;
        if (!(rate > 0)) return;
        const a = createRng(seed, `${p.id}#${w}:arrivals`);
        arrivalRng[k] = a;
        tokenRng[k] = createRng(seed, `${p.id}#${w}:tokens`);
        const t = startS + gap(a, rate);
        if (t < endS) heap.push(t, k);
      });
      // Hot loop: pop the earliest class, write its request, draw its next arrival.
      while (heap.size > 0) {
        const k = heap.topId;
        const t = heap.topTime;
        const p = plans[k] as ClassPlan;
        const tokens = tokenRng[k] as Rng;
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
