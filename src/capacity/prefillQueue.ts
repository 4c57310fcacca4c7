/**
 * TTFT tail of an instance's prefill queue, per request, for the batching policy the replay runs
 * (src/sim/batching/prefillBatch.ts): whenever a pass ends, the instance takes the waiting prompts,
 * first come first served, into the next pass while their tokens fit a budget (m prompts of the mean
 * length μ); a prompt arriving at an idle instance starts alone at once.
 *
 * Model: a batch-service queue with Poisson arrivals (rate λ), solved through its embedded Markov
 * chain at pass starts. State q = prompts waiting when a pass starts; the pass takes s = min(q, m)
 * of them and lasts S(s) (the profile's pass time for s mean prompts); the prompts arriving during it
 * (Poisson, mean λ·S(s)) join the q − s left over. From q = 0 the instance idles until the next
 * arrival (mean 1/λ), which then runs alone. The stationary distribution π comes by power iteration;
 * the share of time prefilling is ρ = Σ π(q)·S(s_q) / (Σ π(q)·S(s_q) + π(0)/λ).
 *
 * A request with a prompt of p tokens (each of the class's prompt quantiles in turn):
 * - arriving while nothing is prefilling (1 − ρ): TTFT = S(p alone) + the time after the pass (KV
 *   transfer); on a mixed instance it first waits out the rest of the decode iteration in flight
 *   (uniform over one iteration, with the probability that a batch is decoding), and the prompts that
 *   arrive meanwhile share its pass;
 * - arriving during a pass (ρ; the pass in progress is state q with weight π(q)·S(s_q), i.e. length-
 *   biased): it waits out the pass's remainder, uniform over the pass, whose first prompt is one of
 *   the class's quantiles, again length-biased (a long prompt in progress is what a short one behind
 *   it feels); the k prompts that arrive during that pass are Poisson with mean λ·d for the pass's
 *   own duration d (a long pass gathers more), each ahead of it with chance 1/2; the q − s_q left
 *   over and those ahead go first in full passes of m (the first with a prompt drawn from the class's
 *   quantiles, the rest at the mean), then its own pass holds the rest and, room permitting, the ones
 *   behind it.
 * - its own pass, shared with others: one of them drawn from the class's prompts, the rest at the
 *   mean (a short prompt batched with a long one gets its first token when the long one is done).
 * It misses when its TTFT exceeds its own target (slowdown targets scale with its prompt); the class
 * meets the SLO when the share of requests that miss, averaged over its prompt quantiles (equal
 * weights), is at most 1 − percentile.
 * Approximations: prompts other than those named above count at the mean length; the chance 1/2 of
 * being ahead ignores that an arrival late in the pass in progress (a short remainder) has more ahead.
 */
import type { PromptTarget } from './types.js';

export interface PrefillQueue {
  /** Arrival rate, requests/s. */
  readonly rps: number;
  /** Time of one prefill pass over `tokens` from `prompts` prompts, s. */
  readonly passS: (tokens: number, prompts: number) => number;
  readonly meanPromptTokens: number;
  /** Most tokens in one pass (a longer prompt runs alone). */
  readonly tokenBudget: number;
  /** The arriving prompts' lengths (equal weights), and their TTFT targets when they are the ones judged. */
  readonly prompts: readonly PromptTarget[];
  /**
   * The requests whose TTFT is judged, by prompt length and target (equal weights), when they are not
   * the arriving prompts themselves: another class's requests arriving into this traffic (a class that
   * shares the pool; their own load is counted elsewhere). Default: `prompts`.
   */
  readonly judged?: readonly PromptTarget[];
  /** Time from the end of the request's pass to its first token, s (the KV transfer of split designs). */
  readonly afterS: (tokens: number) => number;
  /** Mixed instances: the chance that a decode iteration is in flight when nothing is prefilling, and its length, s. */
  readonly decodeBusy?: number;
  readonly decodeIterS?: number;
}

/** The queue's stationary state at a load. */
export interface QueueState {
  /** False when the arrivals outrun full passes: no stationary state. */
  readonly stable: boolean;
  /** Share of time prefilling. */
  readonly rho: number;
  /** Mean prompts per pass. */
  readonly meanPassPrompts: number;
  /** Busy periods (passes back to back from an idle queue until it empties) per second, and their mean length, s. */
  readonly busyPeriodsPerS: number;
  readonly meanBusyPeriodS: number;
  /** Prompts per full pass. */
  readonly perPass: number;
  /** Pass time by prompts in it (index 1..perPass), s. */
  readonly passByPrompts: Float64Array;
  /** Pass times by prompts in it (index 1..perPass), one per prompt quantile of its first prompt, ascending, s. */
  readonly passByQuantile: readonly Float64Array[];
  /** π(q)·S(s_q) / total time, by state: the chance that an arrival finds the pass of state q in progress. */
  readonly inProgress: Float64Array;
  /** Arrivals during the pass of state q: Poisson pmfs by pass size (index 1..perPass). */
  readonly arrivalsByPass: readonly Float64Array[];
}

/** Poisson probabilities are kept until this much is left out. */
const POISSON_TAIL = 1e-9;
const MAX_ITERATIONS = 600;
const CONVERGED_L1 = 1e-8;
/** States below this in-progress weight are skipped when summing the tail. */
const NEGLIGIBLE = 1e-7;

export function maxPromptsPerPass(q: Pick<PrefillQueue, 'tokenBudget' | 'meanPromptTokens'>): number {
  // A prompt is at least one token, whatever a class's statistics say.
  return Math.max(1, Math.min(q.tokenBudget, Math.floor(q.tokenBudget / Math.max(1, q.meanPromptTokens))));
}

/** Above this mean e^(−mean) underflows (a 1-token class at thousands of req/s): the pmf is built from logarithms. */
const LARGE_POISSON_MEAN = 700;

function poissonPmf(mean: number): Float64Array {
  if (mean > LARGE_POISSON_MEAN) return largePoissonPmf(mean);
  const out: number[] = [];
  let term = Math.exp(-mean);
  let left = 1;
  for (let k = 0; k < 10_000; k++) {
    out.push(term);
    left -= term;
    if (left < POISSON_TAIL && k >= mean) break;
    term *= mean / (k + 1);
  }
  return Float64Array.from(out);
}

/** Counts the pmfs tell apart; the last one stands for itself and every larger count. */
const MAX_POISSON_COUNT = 10_000;

/**
 * The pmf up to 12 standard deviations above the mean, each term from its logarithm; what lies
 * beyond MAX_POISSON_COUNT is put on it (every caller treats a count that large as "too many").
 */
function largePoissonPmf(mean: number): Float64Array {
  const out = new Float64Array(Math.min(MAX_POISSON_COUNT, Math.ceil(mean + 12 * Math.sqrt(mean) + 10)) + 1);
  const logMean = Math.log(mean);
  let logFactorial = 0;
  let sum = 0;
  for (let k = 0; k < out.length - 1; k++) {
    if (k > 0) logFactorial += Math.log(k);
    out[k] = Math.exp(-mean + k * logMean - logFactorial);
    sum += out[k] as number;
  }
  out[out.length - 1] = Math.max(0, 1 - sum);
  return out;
}

/** States the chain keeps: enough that a backlog beyond them is negligible at loads an SLO allows. */
function stateCount(perPass: number): number {
  return Math.min(400, Math.max(40, 4 * perPass + 24));
}

/** A queue's pass times by size: they depend on its prompts, pass times and budget, not on its load. */
interface PassTables {
  readonly passS: PrefillQueue['passS'];
  readonly tokenBudget: number;
  readonly mu: number;
  readonly n: number;
  readonly bySize: <T>(f: (s: number) => T) => T[];
  readonly passByQuantile: readonly Float64Array[];
  readonly passByPrompts: Float64Array;
}

/** Kept per prompt list while the rest stays the same: a capacity bisection builds a state at every rate. */
const PASS_TABLES = new WeakMap<readonly PromptTarget[], PassTables>();

function passTables(q: PrefillQueue, m: number, n: number, mu: number): PassTables {
  const cached = PASS_TABLES.get(q.prompts);
  if (cached && cached.passS === q.passS && cached.tokenBudget === q.tokenBudget && cached.mu === mu && cached.n === n && cached.passByPrompts.length === m + 1) return cached;
  // Pass sizes the chain can reach: min(state, m) for its n states, and full passes. With short
  // prompts m runs into the thousands (a 1-token class fills a 4,096-token budget 4,096 times) while
  // the states stop at n, so the sizes in between are left out (holes the maps below skip).
  const sizes = [...new Set([...Array.from({ length: Math.min(m, n - 1) + 1 }, (_, s) => s), m])];
  const bySize = <T>(f: (s: number) => T): T[] => {
    const out = new Array<T>(m + 1);
    for (const s of sizes) out[s] = f(s);
    return out;
  };
  const passByQuantile = bySize((s) =>
    mapPrompts(q.prompts, (p) => {
      if (s === 0) return 0;
      const others = Math.max(0, Math.min(s - 1, Math.floor((q.tokenBudget - p.tokens) / mu)));
      return q.passS(p.tokens + others * mu, others + 1);
    }).sort(),
  );
  // The chain moves s prompts per pass: its pass time is that of s mean prompts (the spread above is for the pass in progress).
  const passByPrompts = new Float64Array(m + 1);
  for (const s of sizes) passByPrompts[s] = s === 0 ? 0 : q.passS(s * mu, s);
  const tables = { passS: q.passS, tokenBudget: q.tokenBudget, mu, n, bySize, passByQuantile, passByPrompts };
  PASS_TABLES.set(q.prompts, tables);
  return tables;
}

export function queueState(q: PrefillQueue, warm?: Float64Array): QueueState & { readonly pi: Float64Array } {
  const m = maxPromptsPerPass(q);
  // A pass of s prompts: one of the class's prompt quantiles with s − 1 mean prompts (within the budget).
  const mu = Math.max(1, q.meanPromptTokens);
  const n = stateCount(m);
  const { bySize, passByQuantile, passByPrompts } = passTables(q, m, n, mu);
  const arrivalsByPass = bySize((s) => (s === 0 ? new Float64Array(1) : poissonPmf(q.rps * (passByPrompts[s] as number))));
  const stable = q.rps * (passByPrompts[m] as number) < m;
  let pi = warm && warm.length === n ? warm.slice() : new Float64Array(n).fill(1 / n);
  if (stable) {
    let next = new Float64Array(n);
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      next.fill(0);
      for (let state = 0; state < n; state++) {
        const p = pi[state] as number;
        if (p === 0) continue;
        const s = Math.max(1, Math.min(state, m));
        const carry = state === 0 ? 0 : state - s;
        const pmf = arrivalsByPass[s] as Float64Array;
        for (let k = 0; k < pmf.length; k++) {
          const to = Math.min(n - 1, carry + k);
          next[to] = (next[to] as number) + p * (pmf[k] as number);
        }
      }
      let sum = 0;
      for (let i = 0; i < n; i++) sum += next[i] as number;
      let diff = 0;
      for (let i = 0; i < n; i++) {
        const v = (next[i] as number) / sum;
        diff += Math.abs(v - (pi[i] as number));
        next[i] = v;
      }
      [pi, next] = [next, pi];
      if (diff < CONVERGED_L1) break;
    }
  }
  const inProgress = new Float64Array(n);
  let busy = 0;
  let passes = 0;
  let prompts = 0;
  for (let state = 0; state < n; state++) {
    const s = Math.max(1, Math.min(state, m));
    const w = (pi[state] as number) * (passByPrompts[s] as number);
    inProgress[state] = w;
    busy += w;
    passes += pi[state] as number;
    prompts += (pi[state] as number) * s;
  }
  const total = busy + (q.rps > 0 ? (pi[0] as number) / q.rps : Number.POSITIVE_INFINITY);
  for (let state = 0; state < n; state++) inProgress[state] = Number.isFinite(total) ? (inProgress[state] as number) / total : 0;
  const rho = stable && Number.isFinite(total) ? busy / total : stable ? 0 : 1;
  // Every visit to state 0 starts a busy period; total is the time per pass of the chain.
  const busyPeriodsPerS = stable && Number.isFinite(total) ? (pi[0] as number) / total : 0;
  const meanBusyPeriodS = busyPeriodsPerS > 0 ? rho / busyPeriodsPerS : 0;
  return { stable, rho, meanPassPrompts: prompts / passes, busyPeriodsPerS, meanBusyPeriodS, perPass: m, passByPrompts, passByQuantile, inProgress, arrivalsByPass, pi };
}

/**
 * Pass durations one of which is in progress, chosen in proportion to its length, with an arrival
 * uniform within it: the chance that the remainder exceeds a slack x is Σ_{d > x} (d − x) / Σ d
 * (suffix sums over the ascending durations make it a binary search).
 */
class PassInProgress {
  private readonly suffix: Float64Array;
  constructor(readonly durations: Float64Array) {
    const n = durations.length;
    this.suffix = new Float64Array(n + 1);
    for (let i = n - 1; i >= 0; i--) this.suffix[i] = (this.suffix[i + 1] as number) + (durations[i] as number);
  }

  /** Sum of the durations (the length-biased weights' normalizer). */
  get totalS(): number {
    return this.suffix[0] as number;
  }

  get longestS(): number {
    return this.durations[this.durations.length - 1] ?? 0;
  }

  remainderOver(slackS: number): number {
    if (slackS <= 0) return 1;
    const d = this.durations;
    const n = d.length;
    if (n === 0 || slackS >= (d[n - 1] as number)) return 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((d[mid] as number) > slackS) hi = mid;
      else lo = mid + 1;
    }
    return ((this.suffix[lo] as number) - slackS * (n - lo)) / (this.suffix[0] as number);
  }
}

/**
 * The share of requests whose TTFT exceeds their own target. With `stopAbove`, the sum stops as soon
 * as the share is known to exceed it (every term is non-negative) and returns that partial share.
 */
export function ttftMissShare(q: PrefillQueue, state: QueueState = queueState(q), stopAbove = Number.POSITIVE_INFINITY): number {
  if (!state.stable) return 1;
  const mu = Math.max(1, q.meanPromptTokens);
  const m = state.perPass;
  const fullPassS = state.passByPrompts[m] as number;
  const fullPasses = state.passByQuantile[m] as Float64Array;
  const { inProgressBySize, arrivalsByDuration, arrivalsInProgress } = passesInProgress(state, q.rps);
  const minFullPassS = fullPasses[0] as number;
  const maxFullPassS = fullPasses[fullPasses.length - 1] as number;
  const decodeBusy = q.decodeBusy ?? 0;
  const decodeIterS = q.decodeIterS ?? 0;
  const judged = q.judged ?? q.prompts;
  let missed = 0;
  for (const { budgetS, room, ownPass, ownPassSpread, overrun } of ownPasses(q, judged, m)) {
    const aloneSlack = budgetS - ownPass(0);
    const idleMiss = aloneSlack < 0 ? 1 : decodeBusy * waitOutIterationMiss(q.rps, decodeIterS, budgetS, room, ownPassSpread);
    let busyMiss = 0;
    for (let st = 0; st < state.inProgress.length; st++) {
      const weight = state.inProgress[st] as number;
      if (weight < NEGLIGIBLE) continue;
      const s = Math.max(1, Math.min(st, m));
      const carry = st === 0 ? 0 : st - s;
      const current = inProgressBySize(s);
      const pmf = arrivalsInProgress(s);
      const durations = state.passByQuantile[s] as Float64Array;
      const byDuration = arrivalsByDuration(s);
      let miss = 0;
      for (let k = 0; k < pmf.length; k++) {
        const pk = pmf[k] as number;
        if (pk * weight < NEGLIGIBLE) continue;
        if (carry + k <= room) {
          // Everyone waiting fits in the request's own pass, whatever the order: it misses when the
          // remainder of the pass in progress (duration d, chosen ∝ d·P(k | d)) exceeds its slack.
          const spread = ownPassSpread(carry + k).length;
          const over = overrun(s, carry + k, durations);
          let r = 0;
          for (let j = 0; j < durations.length; j++) {
            const pkd = (byDuration[j] as Float64Array)[k] ?? 0;
            if (pkd === 0) continue;
            r += (pkd * (over[j] as number)) / spread;
          }
          miss += r / current.totalS;
          continue;
        }
        // Of the k arrivals during the pass in progress, each is ahead of the request with chance 1/2.
        let split = Math.pow(0.5, k);
        for (let aheadNew = 0; aheadNew <= k; aheadNew++) {
          if (aheadNew > 0) split *= (k - aheadNew + 1) / aheadNew;
          if (split * pk * weight < NEGLIGIBLE) continue;
          const ahead = carry + aheadNew;
          let before = Math.floor(ahead / m);
          let sharing = ahead - before * m;
          if (sharing > room) {
            before++;
            sharing = 0;
          }
          const ownS = ownPass(Math.min(room, sharing + (k - aheadNew))) + Math.max(0, before - 1) * fullPassS;
          // The first full pass ahead carries one of the class's prompts (its length spread), the rest the mean.
          const p0 = budgetS - ownS;
          let r = 0;
          if (before === 0) r = current.remainderOver(p0);
          else if (p0 <= minFullPassS) r = 1;
          else if (p0 - maxFullPassS >= current.longestS) r = 0;
          else {
            for (let j = 0; j < fullPasses.length; j++) r += current.remainderOver(p0 - (fullPasses[j] as number));
            r /= fullPasses.length;
          }
          miss += pk * split * r;
        }
      }
      busyMiss += weight * miss;
    }
    missed += (1 - state.rho) * idleMiss + busyMiss;
    if (missed > stopAbove * judged.length) break;
  }
  return missed / judged.length;
}

/** What an arrival finds in progress at a queue state, by pass size: the same for every judged list (the class's, its sharers', a percentile's bisection). */
interface PassesInProgress {
  readonly rps: number;
  readonly inProgressBySize: (s: number) => PassInProgress;
  readonly arrivalsByDuration: (s: number) => readonly Float64Array[];
  readonly arrivalsInProgress: (s: number) => Float64Array;
}

const PASSES_IN_PROGRESS = new WeakMap<QueueState, PassesInProgress>();

function passesInProgress(state: QueueState, rps: number): PassesInProgress {
  const cached = PASSES_IN_PROGRESS.get(state);
  if (cached && cached.rps === rps) return cached;
  // Per pass size, built when a state of that size first carries weight (most sizes of a long chain never do).
  const inProgressBySize = memo(state.passByQuantile.length, (s) => new PassInProgress(state.passByQuantile[s] as Float64Array));
  // The arrivals during a pass in progress follow its own length (a long pass gathers more of them
  // while it leaves a long remainder), per duration of the pass in progress and length-biased overall.
  const arrivalsByDuration = memo(state.passByQuantile.length, (s) => Array.from(state.passByQuantile[s] as Float64Array, (dur) => poissonPmf(rps * dur)));
  const arrivalsInProgress = memo(state.passByQuantile.length, (s) => lengthBiasedMixture(state.passByQuantile[s] as Float64Array, arrivalsByDuration(s)));
  const derived = { rps, inProgressBySize, arrivalsByDuration, arrivalsInProgress };
  PASSES_IN_PROGRESS.set(state, derived);
  return derived;
}

/** A judged request's budget and its own pass times: they do not change with the load. */
interface OwnPass {
  readonly budgetS: number;
  /** Most other prompts its pass can hold. */
  readonly room: number;
  /** Its pass time with o mean prompts beside it, by o (computed when first asked for). */
  readonly ownPass: (o: number) => number;
  /** The same with one of the others drawn from the arriving prompts (the rest at the mean), by o. */
  readonly ownPassSpread: (o: number) => Float64Array;
  /**
   * With o others in its own pass, behind a pass in progress of s prompts whose durations are
   * `durations` (the queue's, by first prompt): per duration d, Σ over its own pass times t of how
   * much of d its remainder can exceed the slack, min(d, max(0, d − (budget − t))). It depends on
   * neither the load nor the state, so a bisection over the rate computes each once.
   */
  readonly overrun: (s: number, o: number, durations: Float64Array) => Float64Array;
}

interface OwnPassMemo {
  readonly prompts: PrefillQueue['prompts'];
  readonly passS: PrefillQueue['passS'];
  readonly afterS: PrefillQueue['afterS'];
  readonly mu: number;
  readonly tokenBudget: number;
  readonly m: number;
  readonly passes: readonly OwnPass[];
}

/**
 * Own-pass times by judged list, kept while the queue's prompts, pass times and budget stay the same:
 * a capacity bisection asks for them at every rate, and they are most of the profile look-ups. Each
 * is computed when first needed: with short prompts the room runs into the thousands, while the
 * counts the queue reaches stay near its states'.
 */
const OWN_PASSES = new WeakMap<readonly PromptTarget[], OwnPassMemo>();

function ownPasses(q: PrefillQueue, judged: readonly PromptTarget[], m: number): readonly OwnPass[] {
  const mu = Math.max(1, q.meanPromptTokens);
  const cached = OWN_PASSES.get(judged);
  if (cached && cached.prompts === q.prompts && cached.passS === q.passS && cached.afterS === q.afterS && cached.mu === mu && cached.tokenBudget === q.tokenBudget && cached.m === m) return cached.passes;
  const passes = judged.map((p): OwnPass => {
    const room = p.tokens >= q.tokenBudget ? 0 : Math.max(0, Math.min(m - 1, Math.floor((q.tokenBudget - p.tokens) / mu)));
    const ownPass = memo(room + 1, (o) => q.passS(p.tokens + o * mu, o + 1));
    // A short prompt that shares its pass with a long one gets its first token when the long one is done.
    const ownPassSpread = memo(room + 1, (o) =>
      o === 0 ? Float64Array.of(ownPass(0)) : mapPrompts(q.prompts, (other) => q.passS(p.tokens + other.tokens + (o - 1) * mu, o + 1)),
    );
    const budgetS = p.ms / 1e3 - q.afterS(p.tokens);
    const overrunBySize: Float64Array[][] = [];
    const overrun = (s: number, o: number, durations: Float64Array): Float64Array => {
      const bySize = (overrunBySize[s] ??= []);
      let out = bySize[o];
      if (out === undefined) {
        const own = ownPassSpread(o);
        // Plain loops: TypedArray.from with a mapping function is several times slower in V8, and
        // this is the capacity table's hottest allocation.
        out = bySize[o] = new Float64Array(durations.length);
        for (let j = 0; j < durations.length; j++) {
          const d = durations[j] as number;
          let over = 0;
          for (let t = 0; t < own.length; t++) over += Math.min(d, Math.max(0, d - (budgetS - (own[t] as number))));
          out[j] = over;
        }
      }
      return out;
    };
    return { budgetS, room, ownPass, ownPassSpread, overrun };
  });
  OWN_PASSES.set(judged, { prompts: q.prompts, passS: q.passS, afterS: q.afterS, mu, tokenBudget: q.tokenBudget, m, passes });
  return passes;
}

/** f of each prompt, in a Float64Array (a plain loop: TypedArray.from with a mapping function is slow in V8). */
function mapPrompts(prompts: readonly PromptTarget[], f: (p: PromptTarget) => number): Float64Array {
  const out = new Float64Array(prompts.length);
  for (let i = 0; i < prompts.length; i++) out[i] = f(prompts[i] as PromptTarget);
  return out;
}

/** f(0..length − 1), each computed once, when first asked for. */
function memo<T>(length: number, f: (i: number) => T): (i: number) => T {
  const values = new Array<T | undefined>(length);
  return (i) => {
    let v = values[i];
    if (v === undefined) values[i] = v = f(i);
    return v;
  };
}

/** TTFT of a request with a prompt of `tokens` at a percentile, s (by bisection on its miss share). */
export function ttftAtPercentile(q: PrefillQueue, tokens: number, percentile: number, state: QueueState = queueState(q)): number {
  if (!state.stable) return Number.POSITIVE_INFINITY;
  const allowed = 1 - percentile / 100;
  const missAt = (s: number) => ttftMissShare({ ...q, judged: [{ tokens, ms: s * 1e3 }] }, state);
  let lo = 0;
  let hi = Math.max(1e-3, q.passS(tokens, 1) + q.afterS(tokens));
  while (missAt(hi) > allowed && hi < 1e4) hi *= 2;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (missAt(mid) > allowed) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Σ_j d_j·pmf_j(k) / Σ_j d_j: the count of arrivals during a pass in progress chosen in proportion to its length. */
function lengthBiasedMixture(durations: Float64Array, pmfs: readonly Float64Array[]): Float64Array {
  const total = durations.reduce((a, b) => a + b, 0);
  const out = new Float64Array(pmfs.reduce((n, p) => Math.max(n, p.length), 1));
  if (!(total > 0)) return out;
  pmfs.forEach((pmf, j) => {
    const w = (durations[j] as number) / total;
    for (let k = 0; k < pmf.length; k++) out[k] = (out[k] as number) + w * (pmf[k] as number);
  });
  return out;
}

/** Points of the uniform wait for the decode iteration in flight. */
const ITERATION_WAIT_POINTS = 8;

/**
 * An arrival that finds a decode iteration in flight (and nothing prefilling) waits out its rest,
 * uniform over the iteration, and the prompts that arrive during the whole iteration (Poisson: those
 * already waiting and those that come meanwhile) share its pass: the chance that the wait and that
 * pass exceed its budget. `ownPassSpread(o)`, o ≤ room: its pass times with o
 * others (one of them spread over the class's prompts).
 */
function waitOutIterationMiss(rps: number, iterationS: number, budgetS: number, room: number, ownPassSpread: (o: number) => Float64Array): number {
  if (!(iterationS > 0)) return 0;
  let miss = 0;
  for (let i = 0; i < ITERATION_WAIT_POINTS; i++) {
    const waitS = ((i + 0.5) / ITERATION_WAIT_POINTS) * iterationS;
    // Every prompt that arrives during the iteration shares the pass that follows it: those that came
    // before this one (since the iteration began) and those that come while it waits.
    const mean = rps * iterationS;
    const large = mean > LARGE_POISSON_MEAN ? poissonPmf(mean) : undefined;
    let pj = large ? (large[0] as number) : Math.exp(-mean);
    let left = 1;
    for (let j = 0; left > POISSON_TAIL && (!large || j < large.length); j++) {
      const own = ownPassSpread(Math.min(j, room));
      let over = 0;
      for (let o = 0; o < own.length; o++) if (waitS + (own[o] as number) > budgetS) over++;
      miss += (pj * over) / own.length;
      left -= pj;
      pj = large ? (large[j + 1] ?? 0) : pj * (mean / (j + 1));
      if (j >= room && left > 0) {
        // Beyond its pass's room the rest of the count changes nothing here: count it with the last.
        miss += (left * over) / own.length;
        break;
      }
    }
  }
  return miss / ITERATION_WAIT_POINTS;
}
