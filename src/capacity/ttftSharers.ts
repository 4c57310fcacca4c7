/**
 * The TTFT a class's load must hold: its own requests', and those of the other classes that may share
 * its mixed pool (poolPartition.ts, poolSharers). A sharer's requests arriving into the class's traffic
 * wait behind its prompts and its decode iterations; judged so for every class, a
 * pool's utilization Σ rate_k / capacity_k ≤ 1 holds each sharer's TTFT for any mix of the classes,
 * as far as a sharer's miss share grows about linearly with each class's load (as the mean wait of an
 * M/G/1 queue does, Pollaczek–Khinchine). The TTFT counterpart of the stall-sensitive TBT rule.
 */
import { ttftMissShare, type PrefillQueue, type QueueState } from './prefillQueue.js';
import type { PromptTarget } from './types.js';

/** Requests whose TTFT a class's traffic must hold: their prompt quantiles with targets, and the percentile. */
export interface TtftJudged {
  readonly percentile: number;
  readonly byPrompt: readonly PromptTarget[];
}

/**
 * Whether the class's own requests (`percentile`) and every sharer meet their TTFT targets in the
 * queue. Build it with the unloaded queue: sharers that miss even then have no capacity on this config
 * and never share its pools, so they are left out.
 */
export function ttftCheck(unloaded: PrefillQueue, percentile: number, sharers: readonly TtftJudged[]): (queue: PrefillQueue, state: QueueState) => boolean {
  const own: TtftJudged = { percentile, byPrompt: unloaded.judged ?? unloaded.prompts };
  const judged = [own, ...sharers.filter((v) => ttftMissShare({ ...unloaded, judged: v.byPrompt }) <= 1 - v.percentile / 100)];
  // The verdict is every check's; their order only decides how soon a failing load is known. A
  // bisection fails on the same binding check load after load, so the one that failed last goes first.
  return (queue, state) => {
    for (let i = 0; i < judged.length; i++) {
      const v = judged[i] as TtftJudged;
      const allowed = 1 - v.percentile / 100;
      if (ttftMissShare(v === own ? queue : { ...queue, judged: v.byPrompt }, state, allowed) <= allowed) continue;
      if (i > 0) judged.splice(0, 0, ...judged.splice(i, 1));
      return false;
    }
    return true;
  };
}
