/**
 * Requests counted by what became of them. Each count has one place that notes it: the request story
 * (simulated, unclassified, beyond the horizon, mispredicted), routing (unplanned, overflows), the request's end
 * (completed, rejected) and the replay's arrival loop (read).
 */
import type { RequestTally } from '../types.js';

export class RequestCounts {
  #read = 0;
  #simulated = 0;
  #completed = 0;
  #rejected = 0;
  #unclassified = 0;
  #beyondHorizon = 0;
  #mispredicted = 0;
  #unplanned = 0;
  #promptOverflows = 0;
  #decodeOverflows = 0;

  /** Rows read from the trace so far. */
  readUpTo(rows: number): void {
    this.#read = rows;
  }

  simulated(): void {
    this.#simulated++;
  }

  completed(): void {
    this.#completed++;
  }

  rejected(): void {
    this.#rejected++;
  }

  unclassified(): void {
    this.#unclassified++;
  }

  beyondHorizon(): void {
    this.#beyondHorizon++;
  }

  mispredicted(): void {
    this.#mispredicted++;
  }

  unplanned(): void {
    this.#unplanned++;
  }

  /** A prompt sent past its saturated prefill pool (overflow). */
  promptOverflow(): void {
    this.#promptOverflows++;
  }

  /** A request decoded where it was prefilled, its decode pool being saturated (overflow). */
  decodeOverflow(): void {
    this.#decodeOverflows++;
  }

  snapshot(): RequestTally {
    return {
      read: this.#read,
      simulated: this.#simulated,
      completed: this.#completed,
      rejected: this.#rejected,
      unclassified: this.#unclassified,
      beyondHorizon: this.#beyondHorizon,
      mispredicted: this.#mispredicted,
      unplanned: this.#unplanned,
      promptOverflows: this.#promptOverflows,
      decodeOverflows: this.#decodeOverflows,
    };
  }
}
