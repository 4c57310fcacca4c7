/**
 * SLO-feasible request rate of one mixed instance (both phases, continuous batching) for one class.
 *
 * Without chunking (vLLM's default of its time, and the replay's): prompts are prefilled first, in
 * passes of up to PREFILL_TOKEN_BUDGET tokens, and every pass stalls the decode batch, so decode
 * gets a share 1 − ρ of the time (ρ from the prompt queue, prefillQueue.ts).
 * - Decode batch by Little's law: B = λ·O·TBT with TBT = t_decode(B, context)/(1 − ρ), a fixed point.
 * - TTFT: the prompt queue's per-request tail (prefillQueue.ts), plus the decode iteration in flight
 *   when an arrival finds no prompt ahead; the share of requests over their own target must stay
 *   within 1 − percentile; so must the share of the requests of every other class that may share
 *   the pool, arriving into this traffic (ttftSharers.ts): a long-output class decodes a large
 *   batch, a long-prompt class makes long passes.
 * - TBT: each prefill busy period stalls the whole batch — the cost of mixing that the
 *   intelligent-router paper (published-figures.md §6) estimates per request; the share of requests
 *   whose mean TBT the stalls push over the target is taken over the output lengths of the most
 *   stall-sensitive class that may share the pool (stallTail.ts).
 * With chunked prefill (Sarathi-style; the modern engine presets): the prompts that arrived during a
 * step ride on the next one beside the decode batch, up to the preset's chunk size, as one fused step
 * (StepModel.mixed), so there are no stalls but every step is slower. Judged as the replay judges it:
 * - a step carries the N prompts that arrived during the step before it, N Poisson with mean λ·t̄, so
 *   steps are of N kinds: t_N = t(B, N·I) with B = λ·(O − 1)·t̄ decoding, t̄ = E[t_N] a fixed point (the
 *   mean of the kinds, not the time at the mean chunk: a memory-bound decode hides a small chunk and not
 *   a large one); more prompt tokens per step than the chunk size saturate the instance;
 * - TBT: a request's mean over its gaps, with the batch state normal around B (meanTbtTail.ts), over
 *   the class's output lengths;
 * - TTFT, per prompt length against its own target: an arrival lands in a step of kind N with
 *   probability ∝ P(N)·t_N and waits out a uniform residue of it, then rides on the next step beside the
 *   K ~ Poisson(λ·t_N) others that arrived in it, first come, first served: one more step per chunk size
 *   the tokens ahead of it and its own exceed (the ones behind it only fill its last step). The share
 *   over target stays within 1 − percentile for the class's own requests and for those of every other
 *   class that may share the pool, their prompts riding this class's steps (ttftSharers.ts): a short
 *   prompt with a tight slowdown target waits out steps made long by another class's prompts and batch;
 * - KV memory as the replay reserves it (prompt + whole output per sequence) and the engine's batch
 *   limit, both at the batch's SLO percentile B + z·√B.
 * ITL, for a class with an ITL target (either way): every gap of the class's requests pooled, each
 * one decode iteration plus the stalls (or carrying steps) that fall before it (stallTail.itlMissShare).
 * Either way the mixed capacity is below what the prefill or decode role alone allows.
 */
import type { ProfileConfig } from './profileConfig.js';
import { bisectRate, COARSE_BISECTION_STEPS, firstViolation, latencyAtPercentile, LOW_LOAD_SHARE, type LoadPoint } from './bisectRate.js';
import { loadContext, zeroCapacity, type LoadContext } from './loadContext.js';
import { PREFILL_TOKEN_BUDGET } from './prefillCapacity.js';
import { maxPromptsPerPass, queueState, ttftAtPercentile, ttftMissShare, type PrefillQueue, type QueueState } from './prefillQueue.js';
import { tokenDistribution, type WeightedTokens } from './sloTargets.js';
import { HERMITE_NODES, HERMITE_WEIGHTS, itlMissShare, stallMoments, tbtAtPercentile, tbtMissShare, type StallExposure } from './stallTail.js';
import { normalQuantile } from './normalQuantile.js';
import { uniformOver } from './uniformOver.js';
import { ttftCheck, type TtftJudged } from './ttftSharers.js';
import { heldSequenceTokens, kvRoomHolds } from './kvSlots.js';
import type { ClassCapacity, PromptTarget } from './types.js';
import type { RequestClass } from '../scenario/index.js';
import { tokenSampler } from '../workload/tokenSampler.js';

const FIXED_POINT_STEPS = 60;
/** A mixed instance's first token needs no KV transfer (one function, so the queue model keeps its own-pass times). */
const NO_TRANSFER = (): number => 0;
/** Prompt tokens per iteration with chunked prefill (Sarathi-Serve's common setting). */
export const CHUNK_TOKENS = 512;

export interface MixedOptions {
  readonly chunkedPrefill?: boolean;
  /** Prompt tokens per step when prefill is chunked (the preset's chunk size); default CHUNK_TOKENS. */
  readonly chunkTokens?: number;
  /**
   * The most stall-sensitive class that may share the pool (the shortest outputs among those that
   * may share it): a prefill stalls every request decoding in the pool, and a request with few
   * tokens feels each stall most; TBT is judged over its output distribution. Default: the class itself.
   */
  readonly sensitiveClass?: RequestClass;
  /** The serving engine's limit on requests decoding together (vLLM's max_num_seqs); default 256. */
  readonly maxBatch?: number;
  /**
   * The TTFT targets of the other classes that may share the pool (with traffic): the class's load
   * must hold them too (ttftSharers.ts). Default: none (the class alone in its pool).
   */
  readonly ttftSharers?: readonly TtftJudged[];
  /**
   * Only check this rate, req/s: the row's maxRps is the rate when every constraint holds there, else
   * 0 (one evaluation instead of a bisection: feasibility is monotone in the rate).
   */
  readonly holdsAt?: number;
}

export const DEFAULT_MAX_BATCH = 256;

export function mixedCapacity(args: ProfileConfig, options?: MixedOptions): ClassCapacity {
  const ctx = loadContext(args);
  const { cls } = args;
  if (ctx.kvTokens < ctx.contextTokens) return zeroCapacity(ctx, 'weights-do-not-fit');
  const maxBatch = options?.maxBatch ?? DEFAULT_MAX_BATCH;
  const sensitive = options?.sensitiveClass ?? cls;
  const sensitiveOutputs = tokenDistribution(sensitive.output, sensitive.outputRange);
  // ITL pools the class's own gaps (the class's cell judges it), not the most sensitive sharer's.
  const ownOutputs = args.slo.itlMs === undefined ? undefined : tokenDistribution(cls.output, cls.outputRange);
  return options?.chunkedPrefill ? chunked(ctx, maxBatch, options.chunkTokens ?? CHUNK_TOKENS, sensitiveOutputs, options.ttftSharers ?? [], options.holdsAt, ownOutputs) : stalling(ctx, maxBatch, sensitiveOutputs, options?.ttftSharers ?? [], options?.holdsAt, ownOutputs);
}

/** The ITL check of a load point: met, and the model's ITL at the class's ITL percentile, ms. */
function itlCheck(missShare: (targetS: number) => number, slo: LoadContext['slo'], lo: number, hi: number): { met: boolean; ms: number } {
  const allowed = 1 - (slo.itlPercentile ?? 100) / 100;
  return { met: missShare((slo.itlMs ?? Infinity) / 1e3) <= allowed, ms: latencyAtPercentile(missShare, slo.itlPercentile ?? 99, lo, hi) * 1e3 };
}

/** The capacity row from the bisection's result; `evaluate` gives the power at the low load too (call it last: it may keep state). */
function result(ctx: LoadContext, found: ReturnType<typeof bisectRate>, aloneTtft: number, aloneTbt: number, evaluate: (rps: number) => LoadPoint): ClassCapacity {
  const best = found.point;
  if (!best) return zeroCapacity(ctx, found.binding, aloneTtft, aloneTbt);
  return {
    configId: ctx.config.id,
    classId: ctx.cls.id,
    maxRps: found.rps,
    binding: found.binding,
    batchAtCapacity: best.batch,
    ttftMsAtCapacity: best.ttftMs,
    tbtMsAtCapacity: best.tbtMs,
    ...(best.itlMs !== undefined ? { itlMsAtCapacity: best.itlMs } : {}),
    powerAtCapacityW: best.powerW,
    powerAtLowLoadW: evaluate(found.rps * LOW_LOAD_SHARE).powerW,
  };
}

/** The row of a one-rate check (MixedOptions.holdsAt): the rate itself when it holds, else none. */
function holdsAtRow(ctx: LoadContext, rps: number, p: LoadPoint, aloneTtft: number, aloneTbt: number): ClassCapacity {
  if (!p.feasible) return zeroCapacity(ctx, p.violated ?? 'saturation', aloneTtft, aloneTbt);
  return { configId: ctx.config.id, classId: ctx.cls.id, maxRps: rps, binding: 'saturation', batchAtCapacity: p.batch, ttftMsAtCapacity: p.ttftMs, tbtMsAtCapacity: p.tbtMs, powerAtCapacityW: p.powerW, powerAtLowLoadW: p.powerW };
}

function stalling(ctx: LoadContext, maxBatch: number, sensitiveOutputs: readonly WeightedTokens[], sharers: readonly TtftJudged[], holdsAt: number | undefined, ownOutputs: readonly WeightedTokens[] | undefined): ClassCapacity {
  const { steps, point, slo } = ctx;
  const prefillMean = steps.prefill(point, ctx.inputTokens);
  const decodeAt = (batch: number) => steps.decode(point, Math.max(1, batch), ctx.contextTokens);
  const alone = decodeAt(1);
  const queueAt = (rps: number, decodeBusy: number, decodeIterS: number): PrefillQueue => ({
    rps,
    passS: ctx.passS,
    meanPromptTokens: ctx.inputTokens,
    tokenBudget: PREFILL_TOKEN_BUDGET,
    prompts: slo.ttftByPrompt,
    afterS: NO_TRANSFER,
    decodeBusy,
    decodeIterS,
  });
  const allowedMiss = 1 - slo.ttftPercentile / 100;
  const aloneTtft = ctx.passS(ctx.inputTokens, 1) * 1e3;
  if (ttftMissShare(queueAt(0, 0, 0)) > allowedMiss) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', aloneTtft, alone.time.totalMs);
  const allowedTbtMiss = 1 - slo.tbtPercentile / 100;
  const sequenceTokens = heldSequenceTokens(ctx.cls);
  const ttftHolds = ttftCheck(queueAt(0, 0, 0), slo.ttftPercentile, sharers);
  // A stall begins with a pass of one of the class's prompts alone.
  const singlePasses = Float64Array.from(slo.ttftByPrompt, (p) => ctx.passS(p.tokens, 1)).sort();
  let warm: Float64Array | undefined;
  let lastFeasible: { rps: number; state: QueueState; queue: PrefillQueue; exposure: StallExposure } | undefined;
  const evaluate = (rps: number): LoadPoint => {
    const prefillOnly = queueAt(rps, 0, 0);
    const state = queueState(prefillOnly, warm);
    if (!state.stable) return { feasible: false, violated: 'saturation', batch: Infinity, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    warm = state.pi;
    const rho = state.rho;
    if (rho >= 1) return { feasible: false, violated: 'saturation', batch: Infinity, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
    let batch = 1;
    let tDec = alone.time.totalMs / 1e3;
    for (let i = 0; i < FIXED_POINT_STEPS; i++) {
      const next = (rps * ctx.outputTokens * tDec) / (1 - rho);
      tDec = decodeAt(next).time.totalMs / 1e3;
      const done = Math.abs(next - batch) < 1e-6 * Math.max(1, batch);
      batch = next;
      if (done || batch > ctx.kvTokens) break; // diverging: memory binds long before
    }
    // An arrival with nothing prefilling waits for the decode iteration in flight, if a batch is decoding.
    const decodeBusy = 1 - Math.exp(-batch);
    const ttftOk = ttftHolds(queueAt(rps, decodeBusy, tDec), state);
    // Prefill-first scheduling stalls the batch for every prefill busy period (stallTail.ts).
    const exposure: StallExposure = {
      // A request decodes beside a Poisson count of others (mean B, the time average): B + 1 with itself.
      decodeIterS: decodeAt(batch + 1).time.totalMs / 1e3,
      rho,
      busyPeriodsPerS: state.busyPeriodsPerS,
      atJoin: rps * ctx.passS(state.meanPassPrompts * ctx.inputTokens, state.meanPassPrompts),
      firstPassS: singlePasses,
      rps,
      meanBusyPeriodS: state.meanBusyPeriodS,
      outputs: sensitiveOutputs,
    };
    // TBT is checked only where TTFT holds: the first violation is the binding one either way.
    const tbtOk = ttftOk && tbtMissShare(exposure, slo.tbtMs / 1e3, allowedTbtMiss) <= allowedTbtMiss;
    const itl = ownOutputs === undefined || !tbtOk ? undefined : (() => {
      const own = { ...exposure, outputs: ownOutputs };
      const moments = stallMoments(own);
      return itlCheck((t) => itlMissShare(own, t, moments), slo, own.decodeIterS, 2 * own.decodeIterS + 4 * moments.meanS);
    })();
    // Decode iterations run while at least one request is decoding (Poisson count with mean `batch`).
    const busyDecode = (1 - rho) * decodeBusy;
    const powerW = rho * prefillMean.powerW + busyDecode * decodeAt(batch).powerW + (1 - rho - busyDecode) * ctx.idleW;
    // Both latency checks are shares of requests missing their own targets: passed on as met or not.
    // Memory as the replay reserves it, each sequence holding its prompt and whole output from admission
    // (kvSlots.ts): at the mean batch and mean context, conv/SM on H100 TP2 (18,304 KV tokens, ~38 whole
    // sequences) was given 4.19 req/s (mean batch 29) where the replayed knee is 3.40.
    const violated = firstViolation({ batch, maxBatch, kvMet: kvRoomHolds(batch, sequenceTokens, ctx.kvTokens, allowedMiss), ttftMet: ttftOk, tbtMet: tbtOk, ...(ownOutputs ? { itlMet: itl?.met ?? false } : {}) });
    const feasible = violated === undefined;
    if (feasible) lastFeasible = { rps, state, queue: queueAt(rps, decodeBusy, tDec), exposure };
    return { feasible, violated, batch, ttftMs: NaN, tbtMs: NaN, powerW, ...(itl ? { itlMs: itl.ms } : {}) };
  };
  const perPass = maxPromptsPerPass({ tokenBudget: PREFILL_TOKEN_BUDGET, meanPromptTokens: ctx.inputTokens });
  if (holdsAt !== undefined) return holdsAtRow(ctx, holdsAt, evaluate(holdsAt), aloneTtft, alone.time.totalMs);
  const found = bisectRate(evaluate, perPass / ctx.passS(perPass * ctx.inputTokens, perPass), COARSE_BISECTION_STEPS);
  // Feasible rates only rise during the bisection: the last feasible one is the capacity.
  const at = lastFeasible;
  if (!found.point || !at) return result(ctx, found, aloneTtft, alone.time.totalMs, evaluate);
  const ttftMs = ttftAtPercentile(at.queue, ctx.inputTokens, slo.ttftPercentile, at.state) * 1e3;
  const tbtMs = tbtAtPercentile(at.exposure, slo.tbtPercentile) * 1e3;
  return result(ctx, { ...found, point: { ...found.point, ttftMs, tbtMs } }, aloneTtft, alone.time.totalMs, evaluate);
}

/** Prompt quantiles a single-prompt step spreads over (the long tail makes the long steps arrivals land in). */
const FINE_QUANTILES = 32;
/** Every FINE_QUANTILES / COARSE_EVERY-th of them for steps of several prompts (their spread averages out). */
const COARSE_EVERY = 4;
/** Equally likely extra lengths of a carrying step that stand for its distribution in the stall tail. */
const STALL_QUANTILES = 32;
/** Iterations of the prompts-per-step fixed point (a contraction: prompts are a small share of a step). */
const INNER_STEPS = 6;
/** Bisection steps for the decode batch (to 2^-16 of the KV-bound batch). */
const BATCH_BISECTION_STEPS = 16;
/** Equally likely places of a prompt among those carried with it, when they exceed a chunk (2: the capacity table of scenarios/stacks.yaml costs 1.25× the CPU of the order-blind model, 4 places 2×). */
const FCFS_PLACES = 2;
/** Poisson tails below this are left out of the sums over prompts per step. */
const POISSON_TAIL = 1e-7;

/** Poisson probabilities P(0..n) with mean m, up to the point where the tail is negligible. */
function poissonWeights(m: number): number[] {
  const weights: number[] = [];
  let p = Math.exp(-m);
  let total = 0;
  for (let n = 0; total < 1 - POISSON_TAIL && n < 10_000; n++) {
    weights.push(p);
    total += p;
    p *= m / (n + 1);
  }
  return weights;
}

/** A kind of step that carries n prompts: its share of steps and its length, s. */
interface CarryingKind {
  readonly w: number;
  readonly n: number;
  readonly t: number;
}

/**
 * A load point's TTFT terms, the same for every judged prompt (so laid out once, shared by the class and
 * its sharers). Term i: an arriving prompt lands in a step, waits out a uniform residue of `span[i]` and
 * rides the next step beside others of shape `shape[i]` (−1: none), with chance `weight[i]`, or
 * `placeWeight[i]` at each of its equally likely places among them when they overflow a chunk.
 */
interface TtftTerms {
  readonly idleShare: number;
  readonly curve: (tokens: number) => number;
  readonly weight: Float64Array;
  readonly placeWeight: Float64Array;
  readonly span: Float64Array;
  readonly shape: Int32Array;
  /** Shapes of the others carried beside it (K others, at one spread quantile): many landings share one. */
  readonly shapes: readonly OthersShape[];
}

/** K others carried beside an arriving prompt: their tokens, and the tokens served before it at each of its places. */
interface OthersShape {
  readonly othersTokens: number;
  readonly aheads: readonly number[];
}

function chunked(ctx: LoadContext, maxBatch: number, chunkLimit: number, sensitiveOutputs: readonly WeightedTokens[], sharers: readonly TtftJudged[], holdsAt: number | undefined, ownOutputs: readonly WeightedTokens[] | undefined): ClassCapacity {
  const { steps, point, slo } = ctx;
  const prompt = ctx.inputTokens;
  const stepAt = (batch: number, chunk: number) => steps.mixed(point, Math.max(1, batch), ctx.contextTokens, Math.max(0, chunk), prompt);
  // Curve points over one chunk: doubling from 16 tokens, dense where the decode's memory time hides a small chunk (the kink).
  const curveTokens = [0];
  for (let c = 16; c < chunkLimit; c *= 2) curveTokens.push(c);
  curveTokens.push(chunkLimit);
  /** t(B, c) for c prompt tokens, s: exact at the curve points, linear in between; more tokens take more steps. */
  const curveAt = (batch: number) => {
    const at = curveTokens.map((c) => stepAt(batch, c).time.totalMs / 1e3);
    const full = at[at.length - 1] as number;
    return (tokens: number): number => {
      const whole = Math.floor(tokens / chunkLimit);
      const rest = tokens - whole * chunkLimit;
      if (whole > 0 && rest === 0) return whole * full;
      // Points 0, 16, 32, 64 …: the segment holding `rest` by its binary logarithm.
      const i = rest < 16 ? 0 : Math.min(curveTokens.length - 2, Math.floor(Math.log2(rest / 16)) + 1);
      const c0 = curveTokens[i] as number;
      const f = (rest - c0) / ((curveTokens[i + 1] as number) - c0);
      return whole * full + (at[i] as number) * (1 - f) + (at[i + 1] as number) * f;
    };
  };
  const gapsMean = Math.max(1, ctx.outputTokens - 1);
  const sequenceTokens = heldSequenceTokens(ctx.cls);
  const z = Math.max(0, normalQuantile(slo.tbtPercentile / 100));
  const allowedTtftMiss = 1 - slo.ttftPercentile / 100;
  const allowedTbtMiss = 1 - slo.tbtPercentile / 100;
  const alone = steps.decode(point, 1, ctx.contextTokens);
  // Alone, a prompt runs as a prefill pass of its own (no batch to ride on).
  const missAlone = (judged: readonly PromptTarget[]) => judged.filter((p) => steps.prefill(point, p.tokens).time.totalMs > p.ms).length / Math.max(1, judged.length);
  const aloneMiss = missAlone(slo.ttftByPrompt);
  // The sharers' requests ride this class's steps too: its load must hold their TTFT (ttftSharers.ts),
  // except for those that miss even alone, which have no capacity here and never share its pools.
  const heldSharers = sharers.filter((v) => missAlone(v.byPrompt) <= 1 - v.percentile / 100);
  const aloneTtft = steps.prefill(point, slo.ttftCheckTokens).time.totalMs;
  if (aloneMiss > allowedTtftMiss) return zeroCapacity(ctx, 'ttft-unloaded', aloneTtft, alone.time.totalMs);
  if (alone.time.totalMs > slo.tbtMs) return zeroCapacity(ctx, 'tbt-unloaded', aloneTtft, alone.time.totalMs);

  const sampler = tokenSampler(ctx.cls.input, ctx.cls.inputRange);
  const fine = Array.from({ length: FINE_QUANTILES }, (_, i) => sampler.sample((i + 0.5) / FINE_QUANTILES));
  const coarse = fine.filter((_, i) => i % COARSE_EVERY === COARSE_EVERY / 2);
  const othersSpread = fine.filter((_, i) => i % (2 * COARSE_EVERY) === COARSE_EVERY);
  /**
   * Steps that carry N ≥ 1 prompts (N Poisson with mean m) whose tokens spread like a sum of N of the
   * class's prompts: N·mean + √N times each quantile's offset from the mean.
   */
  const carryingKinds = (curve: (tokens: number) => number, m: number, oneSpread: readonly number[]): CarryingKind[] =>
    poissonWeights(m).flatMap((w, n) => {
      if (n === 0) return [];
      const spread = n === 1 ? oneSpread : coarse;
      return spread.map((q) => ({ w: w / spread.length, n, t: curve(Math.max(0, n * prompt + (q - prompt) * Math.sqrt(n))) }));
    });
  /** Mean step at Poisson(m) prompts per step, s (the mean of the kinds: a memory-bound decode hides a small chunk, not a large one). */
  const meanStep = (curve: (tokens: number) => number, m: number) => {
    let p = Math.exp(-m);
    let total = p;
    let sum = p * curve(0);
    for (let n = 1; total < 1 - POISSON_TAIL && n < 10_000; n++) {
      p *= m / n;
      total += p;
      let kinds = 0;
      for (const q of coarse) kinds += curve(Math.max(0, n * prompt + (q - prompt) * Math.sqrt(n)));
      sum += (p * kinds) / coarse.length;
    }
    return sum;
  };

  /**
   * Share of requests over their TTFT target. An arrival finds the instance in one of three states, by
   * their shares of time: idle (no sequence decoding, Poisson with mean B, and no prompt in flight) — it
   * rides a step of its own at once; in a step that carries prompts (as many steps per second as λ over
   * the mean prompts per such step, each as long as its kind; landing is length-biased) or in a
   * decode-only step — it waits out a uniform residue of that step and rides the next one beside the
   * K ~ Poisson(λ·t) others that arrived in it.
   */
  const ttftTerms = (rps: number, batch: number, curve: (tokens: number) => number, carrying: readonly CarryingKind[]): TtftTerms => {
    const carryingW = carrying.reduce((sum, k) => sum + k.w, 0);
    const carryingTime = carrying.reduce((sum, k) => sum + k.w * k.t, 0);
    const promptsPerStep = carrying.reduce((sum, k) => sum + k.w * k.n, 0) / Math.max(1e-12, carryingW);
    const promptShare = Math.min(1, (rps / Math.max(1, promptsPerStep)) * (carryingTime / Math.max(1e-12, carryingW)));
    const decodeShare = (1 - Math.exp(-batch)) * (1 - promptShare);
    const idleShare = Math.max(0, 1 - promptShare - decodeShare);
    const landings = [
      ...carrying.map((k) => ({ share: (promptShare * k.w * k.t) / Math.max(1e-12, carryingTime), t: k.t })),
      { share: decodeShare, t: curve(0) },
    ].filter((l) => l.share >= POISSON_TAIL);
    const othersCounts = landings.map((l) => poissonWeights(rps * l.t));
    const size = othersCounts.reduce((sum, ks) => sum + 1 + (ks.length - 1) * othersSpread.length, 0);
    const weight = new Float64Array(size);
    const placeWeight = new Float64Array(size);
    const span = new Float64Array(size);
    const shape = new Int32Array(size);
    // The K others carried beside it spread like a sum of K prompts (a long one among them lengthens
    // the step). Served first come, first served: it is equally likely to be any of the K + 1, so j of
    // the others are ahead of it (uniform on 0…K); only those delay its last chunk, the rest fill it.
    const shapes: OthersShape[] = [];
    const shapeOf = (k: number, qi: number): number => {
      const at = (k - 1) * othersSpread.length + qi;
      while (shapes.length <= at) {
        const kk = Math.floor(shapes.length / othersSpread.length) + 1;
        const q = othersSpread[shapes.length % othersSpread.length] as number;
        const othersTokens = Math.max(0, kk * prompt + (q - prompt) * Math.sqrt(kk));
        // Its place among the K + 1 at a few equally likely positions (all of them for small K).
        const places = Math.min(kk + 1, FCFS_PLACES);
        shapes.push({ othersTokens, aheads: Array.from({ length: places }, (_, i) => (othersTokens * Math.floor(((i + 0.5) * (kk + 1)) / places)) / kk) });
      }
      return at;
    };
    let i = 0;
    landings.forEach((l, j) => {
      (othersCounts[j] as number[]).forEach((pk, k) => {
        if (k === 0) {
          weight[i] = l.share * pk;
          span[i] = l.t;
          shape[i++] = -1;
          return;
        }
        const places = Math.min(k + 1, FCFS_PLACES);
        for (let qi = 0; qi < othersSpread.length; qi++) {
          weight[i] = l.share * pk;
          placeWeight[i] = (l.share * pk) / (places * othersSpread.length);
          span[i] = l.t;
          shape[i++] = shapeOf(k, qi);
        }
      });
    });
    return { idleShare, curve, weight, placeWeight, span, shape, shapes };
  };
  /** Time to prefill `through` tokens (a prompt and those ahead of it) when `behind` more wait after them: full chunks, then a last step the ones behind fill up to the chunk. */
  const firstComeS = (curve: (tokens: number) => number, fullS: number, through: number, behind: number) => {
    const whole = Math.max(0, Math.ceil(through / chunkLimit) - 1);
    const last = Math.min(chunkLimit, through + behind - whole * chunkLimit);
    return whole * fullS + (last === chunkLimit ? fullS : curve(last));
  };
  /** Share of `judged` prompts over their TTFT target at the load the terms describe (stops once it exceeds `stopAbove`). */
  const ttftMiss = (at: TtftTerms, stopAbove: number, judged: readonly PromptTarget[] = slo.ttftByPrompt) => {
    const { idleShare, curve, weight, placeWeight, span, shape, shapes } = at;
    const fullS = curve(chunkLimit);
    // Per shape, for the prompt at hand: its step when all fit one step, else its time at each place.
    const oneStep = new Uint8Array(shapes.length);
    const byPlace = shapes.map((s) => new Float64Array(Math.max(1, s.aheads.length)));
    let missed = 0;
    const stopAt = stopAbove * judged.length;
    for (const { tokens, ms } of judged) {
      if (missed > stopAt) break; // every term is non-negative: the share is known to exceed the limit
      const targetS = ms / 1e3;
      const aloneS = curve(tokens);
      shapes.forEach(({ othersTokens, aheads }, s) => {
        const times = byPlace[s] as Float64Array;
        // All in one step: the order does not matter.
        oneStep[s] = tokens + othersTokens <= chunkLimit ? 1 : 0;
        if (oneStep[s] === 1) times[0] = curve(tokens + othersTokens);
        else aheads.forEach((ahead, p) => (times[p] = firstComeS(curve, fullS, tokens + ahead, othersTokens - ahead)));
      });
      if (aloneS > targetS) missed += idleShare;
      for (let i = 0; i < weight.length; i++) {
        const s = shape[i] as number;
        if (s < 0) {
          missed += (weight[i] as number) * uniformOver(targetS - aloneS, span[i] as number);
          continue;
        }
        const times = byPlace[s] as Float64Array;
        if (oneStep[s] === 1) {
          missed += ((weight[i] as number) * uniformOver(targetS - (times[0] as number), span[i] as number)) / othersSpread.length;
          continue;
        }
        for (let p = 0; p < times.length; p++) missed += (placeWeight[i] as number) * uniformOver(targetS - (times[p] as number), span[i] as number);
      }
    }
    return missed / Math.max(1, judged.length);
  };
  /** The class's own TTFT and its held sharers' (whose requests ride the same steps), first violation first. */
  const ttftHolds = (terms: TtftTerms) =>
    ttftMiss(terms, allowedTtftMiss) <= allowedTtftMiss &&
    heldSharers.every((v) => {
      const allowed = 1 - v.percentile / 100;
      return ttftMiss(terms, allowed, v.byPrompt) <= allowed;
    });

  /**
   * Share of requests over their mean-TBT target: a request's gaps are decode steps (at a batch state
   * normal around B, the request itself included; Gauss–Hermite nodes) and, now and then, a step that
   * carries prompts and is longer by its chunk. Those extras act as the stalls of the stalling path
   * (stallTail.ts): one carrying step each (the prompts that arrive meanwhile ride the next step, a stall
   * of its own, so a stall does not branch), at the rate of carrying steps; a request with few gaps
   * feels one most. Judged over the outputs of the most stall-sensitive class sharing the pool.
   */
  /** The stall exposures of the batch states a request sees (Gauss–Hermite nodes around B), with the stall tail they share. */
  const exposures = (rps: number, batch: number, curve: (tokens: number) => number, carrying: readonly CarryingKind[], outputs: readonly WeightedTokens[]) => {
    const base = curve(0);
    const extras = carrying.map((k) => ({ w: k.w, extra: Math.max(0, k.t - base) })).sort((a, b) => a.extra - b.extra);
    const carryingW = extras.reduce((sum, k) => sum + k.w, 0);
    const promptsPerStep = carrying.reduce((sum, k) => sum + k.w * k.n, 0) / Math.max(1e-12, carryingW);
    const carryingPerS = rps / Math.max(1, promptsPerStep);
    let at = 0;
    let acc = extras[0]?.w ?? 0;
    const firstPassS = Float64Array.from({ length: STALL_QUANTILES }, (_, i) => {
      const u = ((i + 0.5) / STALL_QUANTILES) * carryingW;
      while (acc < u && at < extras.length - 1) acc += (extras[++at] as { w: number }).w;
      return extras[at]?.extra ?? 0;
    });
    const meanExtra = firstPassS.reduce((a, b) => a + b, 0) / STALL_QUANTILES;
    const exposureAt = (decodeIterS: number): StallExposure => ({
      decodeIterS,
      rho: Math.min(0.99, carryingPerS * meanExtra),
      busyPeriodsPerS: carryingPerS,
      atJoin: rps * curve(prompt),
      firstPassS,
      rps,
      meanBusyPeriodS: meanExtra,
      outputs,
    });
    const moments = stallMoments(exposureAt(base));
    return { moments, nodes: HERMITE_NODES.map((node) => exposureAt(curveAt(Math.max(0, batch + node * Math.sqrt(batch)) + 1)(0))) };
  };
  const tbtMiss = (rps: number, batch: number, curve: (tokens: number) => number, carrying: readonly CarryingKind[], stopAbove: number) => {
    const { moments, nodes } = exposures(rps, batch, curve, carrying, sensitiveOutputs);
    let missed = 0;
    nodes.forEach((e, i) => {
      missed += (HERMITE_WEIGHTS[i] as number) * tbtMissShare(e, slo.tbtMs / 1e3, stopAbove / (HERMITE_WEIGHTS[i] as number), moments);
    });
    return missed;
  };
  /** The ITL check over the class's own gaps, at the same batch states. */
  const itlAt = (rps: number, batch: number, curve: (tokens: number) => number, carrying: readonly CarryingKind[], outputs: readonly WeightedTokens[]) => {
    const { moments, nodes } = exposures(rps, batch, curve, carrying, outputs);
    const missShare = (t: number) => nodes.reduce((sum, e, i) => sum + (HERMITE_WEIGHTS[i] as number) * itlMissShare(e, t, moments), 0);
    const first = nodes[0] as StallExposure;
    const last = nodes[nodes.length - 1] as StallExposure;
    return itlCheck(missShare, slo, first.decodeIterS, 2 * last.decodeIterS + 4 * moments.meanS);
  };

  const saturated: LoadPoint = { feasible: false, violated: 'saturation', batch: Infinity, ttftMs: Infinity, tbtMs: Infinity, powerW: 0 };
  /** The mean step at batch B when prompts arrive at `rps` (prompts per step depend on the step: a short fixed point). */
  const stepsAt = (rps: number, batch: number) => {
    const curve = curveAt(batch);
    let itS = curve(0);
    for (let i = 0; i < INNER_STEPS; i++) {
      if (rps * prompt * itS > chunkLimit) return undefined; // more prompt tokens arrive than steps carry
      itS = meanStep(curve, rps * itS);
    }
    return { curve, itS };
  };
  // Little's law B = λ·(O − 1)·t̄(B): bisection for the batch (a plain iteration crawls near capacity, where the slope nears 1).
  const batchLimit = ctx.kvTokens / Math.max(1, ctx.contextTokens);
  const evaluate = (rps: number): LoadPoint => {
    const excess = (batch: number) => {
      const at = stepsAt(rps, batch);
      return at === undefined ? Infinity : rps * gapsMean * at.itS - batch;
    };
    if (excess(batchLimit) > 0) return saturated;
    let lo = 0;
    let hi = batchLimit;
    for (let i = 0; i < BATCH_BISECTION_STEPS; i++) {
      const mid = (lo + hi) / 2;
      if (excess(mid) > 0) lo = mid;
      else hi = mid;
    }
    const batch = hi;
    const at = stepsAt(rps, batch);
    if (at === undefined) return saturated;
    const { curve, itS } = at;
    const chunk = rps * prompt * itS;
    const batchAtP = batch + z * Math.sqrt(batch);
    const carrying = carryingKinds(curve, rps * itS, fine);
    // The costly latency checks only where memory and the batch limit hold, TBT only where TTFT does (the first violation binds).
    const kvMet = kvRoomHolds(batch, sequenceTokens, ctx.kvTokens, allowedTtftMiss);
    const roomOk = batchAtP <= maxBatch && kvMet;
    const ttftOk = roomOk && ttftHolds(ttftTerms(rps, batch, curve, carrying));
    const tbtOk = ttftOk && tbtMiss(rps, batch, curve, carrying, allowedTbtMiss) <= allowedTbtMiss;
    const itl = ownOutputs === undefined || !tbtOk ? undefined : itlAt(rps, batch, curve, carrying, ownOutputs);
    const busy = 1 - Math.exp(-batch);
    const powerW = busy * stepAt(batch, chunk).powerW + (1 - busy) * ctx.idleW;
    // Latency checks are shares of requests missing their own targets (passed on as met or not); the
    // values reported: a class-mean prompt's TTFT after a mean residue, and the mean step at the batch's percentile.
    const violated = firstViolation({ batch: batchAtP, maxBatch, kvMet, ttftMet: ttftOk, tbtMet: tbtOk, ...(ownOutputs ? { itlMet: itl?.met ?? false } : {}) });
    const ttftMs = (itS / 2 + curve(prompt + chunk)) * 1e3;
    return { feasible: violated === undefined, violated, batch, ttftMs, tbtMs: meanStep(curveAt(batchAtP), rps * itS) * 1e3, powerW, ...(itl ? { itlMs: itl.ms } : {}) };
  };
  if (holdsAt !== undefined) return holdsAtRow(ctx, holdsAt, evaluate(holdsAt), aloneTtft, alone.time.totalMs);
  const upper = Math.min(chunkLimit / prompt, maxBatch / gapsMean) / (alone.time.totalMs / 1e3);
  return result(ctx, bisectRate(evaluate, upper, COARSE_BISECTION_STEPS), aloneTtft, alone.time.totalMs, evaluate);
}
