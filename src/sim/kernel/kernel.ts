/**
 * The discrete-event kernel: a clock and a heap of (time, priority, sequence, event). It knows nothing
 * about LLMs — events are three numbers (kind, target, stamp) handed to one dispatch function.
 *
 * Same-instant order: events at equal times run by ascending priority, then in the order they were
 * scheduled (a sequence owned by this kernel instance, so two kernels never share a counter and equal
 * inputs give identical runs). Callers pick the priorities; the replay uses power sample < window
 * boundary < completions < arrivals < control (engine/sim.ts PRIORITY, README "Replay").
 *
 * Cancellation is lazy: whoever schedules an event keeps a version stamp on its entity and bumps it to
 * cancel; the kernel asks `isStale` before dispatching and drops stale events without a heap search.
 *
 * External streams (trace arrivals) need not enter the heap: `advanceTo(t, p)` runs every event ordered
 * before (t, p) and sets the clock to t, so the caller can then handle its own event at (t, p).
 */
import { EventHeap } from './eventHeap.js';

export type EventHandler = (kind: number, target: number, stamp: number, now: number) => void;
export type StalePredicate = (kind: number, target: number, stamp: number) => boolean;

/** Priorities must fit below 2^12; sequences below 2^40 (≈ 10^12 events). */
const SEQ_SPAN = 2 ** 40;
export const MAX_PRIORITY = 4095;

export class Kernel {
  private readonly heap = new EventHeap();
  private seq = 0;
  private clock = 0;
  private dispatched = 0;
  private dropped = 0;

  constructor(
    private readonly handle: EventHandler,
    private readonly isStale: StalePredicate = () => false,
  ) {}

  /** Current simulated time, s. */
  get now(): number {
    return this.clock;
  }

  get pending(): number {
    return this.heap.size;
  }

  /** Events dispatched and stale events dropped so far. */
  get counts(): { readonly dispatched: number; readonly dropped: number } {
    return { dispatched: this.dispatched, dropped: this.dropped };
  }

  schedule(time: number, priority: number, kind: number, target: number, stamp = 0): void {
    if (!(time >= this.clock)) {
      throw new RangeError(`kernel: event kind ${kind} for target ${target} scheduled at t=${time} s, before the clock t=${this.clock} s (time going backwards)`);
    }
    if (priority < 0 || priority > MAX_PRIORITY) throw new RangeError(`kernel: priority ${priority} outside 0..${MAX_PRIORITY}`);
    this.heap.push(time, priority * SEQ_SPAN + this.seq++, kind, target, stamp);
  }

  /** Run the earliest event; false when none is left. */
  step(): boolean {
    while (this.heap.size > 0) if (this.popAndFire()) return true;
    return false;
  }

  /** Run every event ordered before (time, priority), then set the clock to `time`. */
  advanceTo(time: number, priority = MAX_PRIORITY + 1): void {
    if (time < this.clock) throw new RangeError(`kernel: advanceTo(${time} s) is before the clock t=${this.clock} s (time going backwards)`);
    const heap = this.heap;
    const limit = priority * SEQ_SPAN;
    while (heap.size > 0) {
      const t = heap.topTime();
      if (t > time || (t === time && heap.topOrder() >= limit)) break;
      this.popAndFire();
    }
    this.clock = time;
  }

  /** Take the top event off the queue and run it, unless it was cancelled; whether it ran. */
  private popAndFire(): boolean {
    const heap = this.heap;
    const time = heap.topTime();
    const kind = heap.topKind();
    const target = heap.topTarget();
    const stamp = heap.topStamp();
    heap.pop();
    if (this.isStale(kind, target, stamp)) {
      this.dropped++;
      return false;
    }
    this.fire(time, kind, target, stamp);
    return true;
  }

  /** Run until no event is left. */
  runAll(): void {
    while (this.step());
  }

  private fire(time: number, kind: number, target: number, stamp: number): void {
    if (time < this.clock) throw new RangeError(`kernel: event kind ${kind} for target ${target} at t=${time} s popped after the clock t=${this.clock} s (time going backwards)`);
    this.clock = time;
    this.dispatched++;
    this.handle(kind, target, stamp, time);
  }
}
