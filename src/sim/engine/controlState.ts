/**
 * The control loops' state: the power monitor's last sample and the capping level in force, decided
 * and waiting for its control delay. control.ts changes it, through these methods only; the kernel's
 * stale check and the replay's report read it.
 */

/** The power monitor: mean power over each sampling interval from the fleet's energy integral. */
export class PowerSampler {
  #lastJ = 0;
  #lastS = 0;

  /** Time of the last sample, s. */
  get lastS(): number {
    return this.#lastS;
  }

  /** Mean power since the last sample, W, and start the next interval at `now`. */
  take(now: number, energyJ: number): number {
    const meanW = (energyJ - this.#lastJ) / (now - this.#lastS);
    this.#lastJ = energyJ;
    this.#lastS = now;
    return meanW;
  }
}

/**
 * Capping levels (0: none): the level in force, the last one decided (applied after the policy's
 * control delay unless a later decision replaces it) and the stamp that cancels superseded decisions.
 */
export class CappingState {
  #level = 0;
  #pending = 0;
  #stamp = 0;
  #sinceS = 0;
  #changes = 0;

  get level(): number {
    return this.#level;
  }

  /** Level changes applied so far. */
  get changes(): number {
    return this.#changes;
  }

  /**
   * Record the level the policy wants now. Returns the stamp of the apply event to schedule, or
   * undefined when there is none: the same decision is pending already, or the level in force is
   * wanted again (the pending change is cancelled by the new stamp).
   */
  decide(desired: number): number | undefined {
    if (desired === this.#pending) return undefined;
    this.#pending = desired;
    this.#stamp = (this.#stamp + 1) | 0;
    return desired === this.#level ? undefined : this.#stamp;
  }

  /** An apply event carrying this stamp was superseded by a later decision. */
  isSuperseded(stamp: number): boolean {
    return stamp !== this.#stamp;
  }

  /** Put `level` in force (the capped time up to now must have been closed first). */
  apply(level: number): void {
    this.#level = level;
    this.#changes++;
  }

  /**
   * Close the capped time up to `now`: returns the start of the interval to account as capped, or
   * NaN when there is none (no level in force, or nothing elapsed); the next interval starts at now.
   */
  closeCappedTime(now: number): number {
    const from = this.#level > 0 && now > this.#sinceS ? this.#sinceS : Number.NaN;
    this.#sinceS = now;
    return from;
  }
}
