/**
 * Chunked prefill (Sarathi-style, `simulation.chunkedPrefill`): while a decode batch runs, a prefill is
 * cut into chunks of CHUNK_TOKENS that ride along decode iterations instead of stalling them. One such
 * hybrid iteration takes the longer of the chunk's prefill pass and the decode iteration (the chunk is
 * compute-bound, the decode memory-bound, so they overlap — Sarathi's premise) and draws the higher of
 * the two powers. The chunk's attention is costed as a prompt of the chunk's length (it attends to the
 * earlier chunks too: a small underestimate). With no decode batch the prefill runs whole.
 */
export const CHUNK_TOKENS = 512;

/** Time and power of one step, ms and W. */
export interface StepCost {
  readonly timeMs: number;
  readonly powerW: number;
}

export function hybridIteration(chunk: StepCost, decode: StepCost): StepCost {
  return {
    timeMs: Math.max(chunk.timeMs, decode.timeMs),
    powerW: Math.max(chunk.powerW, decode.powerW),
  };
}
