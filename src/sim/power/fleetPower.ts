/**
 * Fleet power as a running integral: every change of an instance's power (step kind, clock, start,
 * release) adds its delta here after integrating up to now, so energy costs O(1) per change and never
 * a sweep over instances. Two parts are kept apart to explain energy differences: the static part
 * (server host power and GPUs that run no instance) and the instances' part.
 *
 * Beside the energy, the integral is cut into fine bins (100 ms by default): POLCA's concern is the
 * sub-second prefill spikes a 1-s mean smooths away. Each finished bin's mean power goes to `onBin`,
 * with a count when a span of constant power covers several whole bins (no event per bin).
 */
export type BinListener = (binStartS: number, meanW: number, count: number) => void;

export class FleetPower {
  #staticW = 0;
  #instancesW = 0;
  #staticJ = 0;
  #instancesJ = 0;
  #lastS = 0;
  #bin = 0;
  #binJ = 0;

  constructor(
    readonly binS = 0.1,
    private readonly onBin: BinListener = () => {},
  ) {}

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

  /** Integrate the current power up to `now`, reporting the fine bins it completes. */
  advance(now: number): void {
    const dt = now - this.#lastS;
    if (dt <= 0) return;
    this.#staticJ += this.#staticW * dt;
    this.#instancesJ += this.#instancesW * dt;
    const w = this.powerW;
    let t = this.#lastS;
    while (t < now) {
      const binEnd = (this.#bin + 1) * this.binS;
      if (now < binEnd) {
        this.#binJ += w * (now - t);
        break;
      }
      this.#binJ += w * (binEnd - t);
      this.onBin(this.#bin * this.binS, this.#binJ / this.binS, 1);
      this.#bin++;
      this.#binJ = 0;
      t = binEnd;
      // Whole bins at this constant power: one report for all of them.
      const whole = Math.floor((now - t) / this.binS);
      if (whole > 0) {
        this.onBin(this.#bin * this.binS, w, whole);
        this.#bin += whole;
        t = this.#bin * this.binS;
      }
    }
    this.#lastS = now;
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
