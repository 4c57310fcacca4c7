/**
 * Min-heap of (finish iteration, request slot) for one instance's decode batch. The next completion is
 * the top's iteration minus the instance's iteration counter, so a run of identical decode iterations
 * is one event and no step ever scans the batch. Ties are broken by slot, so the order of equal
 * finishes never depends on insertion history.
 */
import { KeyedHeap } from '../kernel/keyedHeap.js';

export class FinishHeap {
  private readonly heap = new KeyedHeap();

  get size(): number {
    return this.heap.size;
  }

  /** Finish iteration of the earliest request; Infinity when empty. */
  topKey(): number {
    return this.heap.topKey();
  }

  topSlot(): number {
    return this.heap.topValue();
  }

  push(key: number, slot: number): void {
    this.heap.push(key, slot, slot);
  }

  pop(): void {
    this.heap.pop();
  }
}
