/**
 * In-flight requests as a struct of typed arrays with recycled slots: millions of requests pass through
 * a replay but only the in-flight ones (thousands) are held, and typed columns keep them out of the
 * garbage collector. A slot is allocated at arrival and freed once the request's record is taken.
 */

/** Where a request is in its story (arrive → route → admit → prefill → transfer → decode → finish). */
export const PHASE = {
  free: 0,
  /** In an instance's wait queue, needing a prefill. */
  waitPrefill: 1,
  prefilling: 2,
  /** KV cache moving from a prefill instance to a decode instance. */
  transferring: 3,
  /** In a decode instance's wait queue (KV arrived, waiting for room in the batch). */
  waitDecode: 4,
  decoding: 5,
  done: 6,
} as const;

const INITIAL = 1024;

export class RequestTable {
  // Identity and shape
  id = new Float64Array(INITIAL);
  arrivalS = new Float64Array(INITIAL);
  cls = new Int32Array(INITIAL);
  predicted = new Int32Array(INITIAL);
  window = new Int32Array(INITIAL);
  input = new Int32Array(INITIAL);
  output = new Int32Array(INITIAL);
  phase = new Uint8Array(INITIAL);
  // Placement
  pool = new Int32Array(INITIAL);
  decodePool = new Int32Array(INITIAL);
  instance = new Int32Array(INITIAL);
  decodeInstance = new Int32Array(INITIAL);
  /** KV blocks held on the instance the request currently sits on. */
  kvBlocks = new Int32Array(INITIAL);
  // Timing
  queueStartS = new Float64Array(INITIAL);
  queueS = new Float64Array(INITIAL);
  firstTokenS = new Float64Array(INITIAL);
  /** Decode iteration (of its instance's counter) at which the last token is produced. */
  finishIter = new Float64Array(INITIAL);
  /** Decode iteration counter at the moment it joined the batch. */
  joinIter = new Float64Array(INITIAL);
  /** Its first decode gap (first token → second token), s; NaN until known. */
  firstGapS = new Float64Array(INITIAL);
  /** Position in its instance's gap history from which later gaps apply to it. */
  gapFrom = new Float64Array(INITIAL);
  /** Estimated prefill time, ms (for the workload-aware router's queued-work sum). */
  prefillEstMs = new Float64Array(INITIAL);

  private freeList = new Int32Array(INITIAL);
  private freeCount = 0;
  private capacity = INITIAL;
  private used = 0;
  inFlight = 0;

  alloc(): number {
    this.inFlight++;
    if (this.freeCount > 0) return this.freeList[--this.freeCount] as number;
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  free(slot: number): void {
    this.phase[slot] = PHASE.free;
    if (this.freeCount === this.freeList.length) {
      const f = new Int32Array(this.freeList.length * 2);
      f.set(this.freeList);
      this.freeList = f;
    }
    this.freeList[this.freeCount++] = slot;
    this.inFlight--;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.id = g(this.id);
    this.arrivalS = g(this.arrivalS);
    this.cls = g(this.cls);
    this.predicted = g(this.predicted);
    this.window = g(this.window);
    this.input = g(this.input);
    this.output = g(this.output);
    this.phase = g(this.phase);
    this.pool = g(this.pool);
    this.decodePool = g(this.decodePool);
    this.instance = g(this.instance);
    this.decodeInstance = g(this.decodeInstance);
    this.kvBlocks = g(this.kvBlocks);
    this.queueStartS = g(this.queueStartS);
    this.queueS = g(this.queueS);
    this.firstTokenS = g(this.firstTokenS);
    this.finishIter = g(this.finishIter);
    this.joinIter = g(this.joinIter);
    this.firstGapS = g(this.firstGapS);
    this.gapFrom = g(this.gapFrom);
    this.prefillEstMs = g(this.prefillEstMs);
    this.capacity = cap;
  }
}
