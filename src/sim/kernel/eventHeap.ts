/**
 * The event queue: events ordered by (time, priority, sequence), each carrying three numbers for its
 * handler — a kind, a target and a stamp (for lazy cancellation). The order lives in a KeyedHeap; the
 * payload in typed-array columns indexed by a recycled event id, so no object per event, no garbage.
 */
import { KeyedHeap } from './keyedHeap.js';

const INITIAL_CAPACITY = 1024;

export class EventHeap {
  /** key = time; tie = priority · 2^40 + sequence: same-time events by priority, then insertion. */
  private readonly heap = new KeyedHeap(INITIAL_CAPACITY);
  private kinds: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private targets: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private stamps: Int32Array = new Int32Array(INITIAL_CAPACITY);
  /** Ids of popped events, reused by the next pushes. */
  private free: Int32Array = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private nextId = 0;

  get size(): number {
    return this.heap.size;
  }

  /** Time of the earliest event; Infinity when empty. */
  topTime(): number {
    return this.heap.topKey();
  }

  topOrder(): number {
    return this.heap.topTie();
  }

  topKind(): number {
    return this.kinds[this.heap.topValue()] as number;
  }

  topTarget(): number {
    return this.targets[this.heap.topValue()] as number;
  }

  topStamp(): number {
    return this.stamps[this.heap.topValue()] as number;
  }

  push(time: number, order: number, kind: number, target: number, stamp: number): void {
    const id = this.freeCount > 0 ? (this.free[--this.freeCount] as number) : this.newId();
    this.kinds[id] = kind;
    this.targets[id] = target;
    this.stamps[id] = stamp;
    this.heap.push(time, order, id);
  }

  /** Remove the top event (read it first with the top* accessors). */
  pop(): void {
    if (this.heap.size === 0) return;
    this.free[this.freeCount++] = this.heap.topValue();
    this.heap.pop();
  }

  private newId(): number {
    const id = this.nextId++;
    if (id === this.kinds.length) {
      const cap = this.kinds.length * 2;
      this.kinds = grown(this.kinds, cap);
      this.targets = grown(this.targets, cap);
      this.stamps = grown(this.stamps, cap);
      this.free = grown(this.free, cap);
    }
    return id;
  }
}

function grown(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
