/**
 * What the live instances hold: GPUs per GPU type of the layout (the rest of a powered server's GPUs
 * are idle and count as static power), and the lowest clock any instance ran at. The instance process
 * (engine/instanceProcess.ts) changes it, through these methods only.
 */
export class LiveInstances {
  readonly #gpus: Float64Array;
  #lowestClockMHz = Infinity;

  constructor(gpuTypes: number) {
    this.#gpus = new Float64Array(gpuTypes);
  }

  /** GPUs of layout type `gpuIndex` held by live instances. */
  gpus(gpuIndex: number): number {
    return this.#gpus[gpuIndex] as number;
  }

  /** Lowest clock any instance ran at (planned, capped or governed), MHz; Infinity before any. */
  get lowestClockMHz(): number {
    return this.#lowestClockMHz;
  }

  take(gpuIndex: number, gpus: number): void {
    this.#gpus[gpuIndex] = (this.#gpus[gpuIndex] as number) + gpus;
  }

  give(gpuIndex: number, gpus: number): void {
    this.#gpus[gpuIndex] = (this.#gpus[gpuIndex] as number) - gpus;
  }

  ranAt(clockMHz: number): void {
    if (clockMHz < this.#lowestClockMHz) this.#lowestClockMHz = clockMHz;
  }
}
