/** The kernel: ordering by time, priority and insertion; lazy cancellation; advanceTo; time never goes back. */
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/sim/index.js';

describe('Kernel', () => {
  it('runs events by time, then priority, then the order they were scheduled', () => {
    const seen: string[] = [];
    const k = new Kernel((kind, target, _stamp, now) => seen.push(`${now}:${kind}:${target}`));
    k.schedule(2, 1, 7, 0);
    k.schedule(1, 2, 8, 0);
    k.schedule(1, 0, 9, 0);
    k.schedule(1, 2, 8, 1);
    k.schedule(1, 0, 9, 1);
    k.runAll();
    expect(seen).toEqual(['1:9:0', '1:9:1', '1:8:0', '1:8:1', '2:7:0']);
    expect(k.now).toBe(2);
  });

  it('drops stale events without dispatching them', () => {
    const version = [0];
    const seen: number[] = [];
    const k = new Kernel((_kind, _target, stamp) => seen.push(stamp), (_kind, target, stamp) => version[target] !== stamp);
    k.schedule(1, 0, 0, 0, 0);
    version[0] = 1;
    k.schedule(2, 0, 0, 0, 1);
    k.runAll();
    expect(seen).toEqual([1]);
    expect(k.counts).toEqual({ dispatched: 1, dropped: 1 });
  });

  it('advanceTo runs what is ordered before (time, priority) and sets the clock', () => {
    const seen: string[] = [];
    const k = new Kernel((kind, _t, _s, now) => seen.push(`${now}:${kind}`));
    k.schedule(5, 1, 1, 0);
    k.schedule(5, 3, 3, 0);
    k.schedule(4, 9, 9, 0);
    k.advanceTo(5, 2);
    expect(seen).toEqual(['4:9', '5:1']);
    expect(k.now).toBe(5);
    expect(k.pending).toBe(1);
  });

  it('refuses to go back in time', () => {
    const k = new Kernel(() => {});
    k.advanceTo(10);
    expect(() => k.schedule(9, 0, 0, 0)).toThrow(/before the clock/);
    expect(() => k.advanceTo(5)).toThrow(/time going backwards/);
  });

  it('two kernels keep their own sequence (same inputs, same order)', () => {
    const run = () => {
      const seen: number[] = [];
      const k = new Kernel((_kind, target) => seen.push(target));
      for (let i = 0; i < 50; i++) k.schedule(i % 3, 0, 0, i);
      k.runAll();
      return seen;
    };
    expect(run()).toEqual(run());
  });
});
