/**
 * Fleet power as a running integral: every change of an instance's power (step kind, clock, start,
 * release) adds its delta here after integrating up to now, so energy costs O(1) per change and never
 * a sweep over instances. Two parts are kept apart to explain energy differences: the static part
 * (server host power and GPUs that run no instance) and the instances' part.
 */
export class FleetPower {
  #staticW = 0;
  #instancesW = 0;
  #staticJ = 0;
  #instancesJ = 0;
  #lastS = 0;

  get powerW(): number {
    return this.#staticW + this.#instancesW;
  }

  /** Energy integrated so far, J. */
  get energyJ(): number {
    return this.#staticJ + this.#instancesJ;
  }

  /** Of which static (hosts, GPUs running no instance), J. */
  get staticJ(): number {
    return this.#staticJ;
  }

  /** Integrate the current power up to `now`. */
  advance(now: number): void {
    const dt = now - this.#lastS;
    if (dt > 0) {
      this.#staticJ += this.#staticW * dt;
      this.#instancesJ += this.#instancesW * dt;
      this.#lastS = now;
    }
  }

  setStatic(now: number, watts: number): void {
    this.advance(now);
    this.#staticW = watts;
  }

  addInstances(now: number, deltaW: number): void {
    this.advance(now);
    this.#instancesW += deltaW;
  }
}
