/**
 * KV memory as servers: an instance that reserves each sequence's whole KV (prompt + output) on
 * admission holds kvTokens / sequenceTokens sequences at once, and a request that finds them all
 * taken waits for one to finish, far longer than any TTFT slack (a whole decode). With Poisson
 * arrivals that is an M/G/c queue whose servers are those slots (insensitive to the hold time's
 * distribution for the wait probability in the Erlang-C approximation). The normal approximation
 * B + z·√B ≤ slots holds where the slots are many; where they are few (70B in BF16 on two H100s
 * holds ~38 short sequences, ~4 long ones) it is optimistic several-fold: the replayed knee of
 * conversation/LL on H100 TP2 was 0.12× the capacity it gave.
 */
import type { RequestClass } from '../scenario/index.js';
import { tokenDistribution } from './sloTargets.js';

/** Probability that an arrival finds all `servers` busy (Erlang C) at `offered` Erlangs; 1 when offered ≥ servers. */
export function erlangC(servers: number, offered: number): number {
  const c = Math.floor(servers);
  if (!(offered > 0)) return 0;
  if (c < 1 || offered >= c) return 1;
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let n = 1; n <= c; n++) b = (offered * b) / (n + offered * b);
  return (c * b) / (c - offered * (1 - b));
}

/** Whether sequences held at once, `offered` on average, leave an arrival waiting for KV memory no more often than `allowedWait`. */
export function kvRoomHolds(offered: number, sequenceTokens: number, kvTokens: number, allowedWait: number): boolean {
  return erlangC(kvTokens / Math.max(1, sequenceTokens), offered) <= allowedWait;
}

/**
 * The KV tokens a sequence in the batch holds on average: its prompt and whole output, each sequence
 * weighted by how long it stays (its output length), so long outputs count more than their share of arrivals.
 */
export function heldSequenceTokens(cls: RequestClass): number {
  const outputs = tokenDistribution(cls.output, cls.outputRange);
  const mean = outputs.reduce((a, o) => a + o.weight * o.tokens, 0);
  const second = outputs.reduce((a, o) => a + o.weight * o.tokens * o.tokens, 0);
  return cls.input.mean + (mean > 0 ? second / mean : 0);
}
