/** The typed-array heaps pop in (key, tie) order whatever the push order, and recycle event ids. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { FinishHeap } from '../../src/sim/entities/finishHeap.js';
import { EventHeap } from '../../src/sim/kernel/eventHeap.js';
import { KeyedHeap } from '../../src/sim/kernel/keyedHeap.js';

describe('KeyedHeap', () => {
  it('pops in (key, tie) order under interleaved pushes and pops, growing past its capacity', () => {
    const rng = createRng(11, 'heap');
    const heap = new KeyedHeap(2);
    const reference: [number, number, number][] = [];
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < 5000; step++) {
      if (rng.uniform() < 0.6 || heap.size === 0) {
        const entry: [number, number, number] = [rng.int(50), step, step];
        heap.push(...entry);
        reference.push(entry);
      } else {
        reference.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expected.push((reference.shift() as [number, number, number])[2]);
        popped.push(heap.topValue());
        heap.pop();
      }
      expect(heap.size).toBe(reference.length);
    }
    expect(popped).toEqual(expected);
  });

  it('reports Infinity on top of an empty heap', () => {
    const heap = new KeyedHeap();
    expect(heap.topKey()).toBe(Infinity);
    expect(heap.topTie()).toBe(Infinity);
    heap.pop();
    expect(heap.size).toBe(0);
  });
});

describe('EventHeap and FinishHeap on KeyedHeap', () => {
  it("keeps each event's payload with it while ids are recycled", () => {
    const events = new EventHeap();
    for (let i = 0; i < 3000; i++) events.push(i % 7, i, i % 5, i, 100_000 - i);
    const seen: number[] = [];
    while (events.size > 1500) {
      expect(events.topStamp()).toBe(100_000 - events.topTarget());
      expect(events.topKind()).toBe(events.topTarget() % 5);
      seen.push(events.topTarget());
      events.pop();
    }
    for (let i = 3000; i < 4000; i++) events.push(0, i, i % 5, i, 100_000 - i);
    let lastTime = -Infinity;
    while (events.size > 0) {
      expect(events.topStamp()).toBe(100_000 - events.topTarget());
      expect(events.topTime()).toBeGreaterThanOrEqual(lastTime);
      lastTime = events.topTime();
      events.pop();
    }
    expect(seen.slice(0, 3)).toEqual([0, 7, 14]);
  });

  it('orders equal finish iterations by slot', () => {
    const finish = new FinishHeap();
    for (const [key, slot] of [[5, 9], [5, 2], [3, 7], [5, 4]] as const) finish.push(key, slot);
    const order: number[] = [];
    while (finish.size > 0) {
      order.push(finish.topSlot());
      finish.pop();
    }
    expect(order).toEqual([7, 2, 4, 9]);
  });
});
