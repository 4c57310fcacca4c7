/** The capping state's transitions (engine/controlState.ts): decisions, cancellation by stamp, capped time. */
import { describe, expect, it } from 'vitest';
import { CappingState, PowerSampler } from '../../src/sim/engine/controlState.js';

describe('CappingState', () => {
  it('schedules a new level once, and a later decision supersedes it', () => {
    const c = new CappingState();
    const first = c.decide(2);
    expect(first).toBeDefined();
    expect(c.decide(2)).toBeUndefined(); // the same decision is pending already
    const second = c.decide(1);
    expect(second).toBeDefined();
    expect(c.isSuperseded(first as number)).toBe(true);
    expect(c.isSuperseded(second as number)).toBe(false);
  });

  it('cancels a pending change when the level in force is wanted again', () => {
    const c = new CappingState();
    const up = c.decide(1) as number;
    expect(c.decide(0)).toBeUndefined(); // back to the level in force: nothing to schedule
    expect(c.isSuperseded(up)).toBe(true);
    expect(c.level).toBe(0);
  });

  it('counts applied changes and closes capped time only while a level is in force', () => {
    const c = new CappingState();
    expect(c.closeCappedTime(10)).toBeNaN();
    c.apply(1);
    expect(c.closeCappedTime(25)).toBe(10);
    expect(c.closeCappedTime(25)).toBeNaN(); // nothing elapsed
    c.apply(0);
    expect(c.closeCappedTime(40)).toBeNaN();
    expect(c.changes).toBe(2);
  });
});

describe('PowerSampler', () => {
  it('gives the mean power over each interval', () => {
    const s = new PowerSampler();
    expect(s.take(2, 300)).toBe(150);
    expect(s.lastS).toBe(2);
    expect(s.take(3, 450)).toBe(150);
  });
});
