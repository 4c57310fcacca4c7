/**
 * Admission to an instance's batch: the wait queue is served first come, first served (a request that
 * does not fit blocks those behind it, as in vLLM's FCFS scheduler) and the rule below decides whether
 * the head fits.
 *
 * KV policy: a request reserves the KV blocks of its whole sequence (prompt + all output tokens) when
 * admitted, so a running batch never runs out of KV and nothing is ever preempted. vLLM instead grows
 * allocations and preempts (recomputes) when full; reserving up front admits a little less at high KV
 * occupancy and needs the output length, which the replay takes from the trace (an oracle a real
 * server lacks). Prefill-only instances hold just the prompt's KV until it is sent to the decode side.
 */
import { KV_BLOCK_TOKENS } from '../../capacity/index.js';
import { ROLE, type RoleCode } from '../entities/instance.js';

/** Whether a request needing `needBlocks` may join a batch of `running` requests with `freeBlocks` free. */
export type AdmissionRule = (freeBlocks: number, running: number, needBlocks: number, maxBatch: number) => boolean;

export const reserveWholeSequence: AdmissionRule = (freeBlocks, running, needBlocks, maxBatch) => needBlocks <= freeBlocks && running < maxBatch;

/** KV blocks a request reserves on an instance of this role. */
export function kvBlocksFor(role: RoleCode, inputTokens: number, outputTokens: number): number {
  const tokens = role === ROLE.prefill ? inputTokens : inputTokens + outputTokens;
  return Math.ceil(tokens / KV_BLOCK_TOKENS);
}
