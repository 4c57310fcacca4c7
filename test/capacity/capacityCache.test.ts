/** The capacity cache is the caller's: rows are reused only across tables given the same cache. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, CapacityCache, capacityRowsShare } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

describe('CapacityCache', () => {
  const s = tinyScenario({ tp: [4, 8], clocks: { 'H100-80GB': [1980, 1400] }, roles: ['mixed', 'prefill', 'decode'] });

  it('reuses the rows of an earlier table built with the same cache', () => {
    const cache = new CapacityCache();
    const first = buildCapacityTable(s, analyticStepModel, cache);
    // Another scenario object with the same classes and configs (as the SinglePool baseline makes).
    const again = buildCapacityTable({ ...s, name: 'other' }, analyticStepModel, cache);
    expect(first.all.length).toBeGreaterThan(4);
    again.all.forEach((row, i) => expect(row).toBe(first.all[i]));
  });

  it('keeps no state between tables that do not share a cache', () => {
    const first = buildCapacityTable(s, analyticStepModel);
    const second = buildCapacityTable(s, analyticStepModel);
    second.all.forEach((row, i) => {
      expect(row).not.toBe(first.all[i]);
      expect(row).toEqual(first.all[i]);
    });
  });

  it('computes a row again when what it depends on changes', () => {
    const cache = new CapacityCache();
    const loose = buildCapacityTable(s, analyticStepModel, cache);
    const tight = buildCapacityTable(tinyScenario({ tp: [4, 8], clocks: { 'H100-80GB': [1980, 1400] }, roles: ['mixed', 'prefill', 'decode'], tbtMs: 60 }), analyticStepModel, cache);
    const changed = tight.all.filter((row, i) => row !== loose.all[i]);
    expect(changed.length).toBe(tight.all.length);
    expect(tight.all.some((row, i) => row.maxRps < (loose.all[i]?.maxRps ?? 0))).toBe(true);
  });

  it('splits a table between threads: the shares, handed over, are the whole table and leave nothing to compute', () => {
    const whole = buildCapacityTable(s, analyticStepModel);
    const shares = [0, 1, 2].map((part) => {
      const rows = capacityRowsShare(s, analyticStepModel, part, 3);
      expect(rows.length).toBeGreaterThan(0);
      return rows;
    });
    const merged = new CapacityCache();
    for (const share of shares) merged.add(analyticStepModel, structuredClone(share));
    const keys = merged.entries(analyticStepModel).length;
    expect(keys).toBe(shares.reduce((n, share) => n + share.length, 0));
    const built = buildCapacityTable(s, analyticStepModel, merged);
    // Nothing new was computed, and the rows are the same values the whole table has.
    expect(merged.entries(analyticStepModel).length).toBe(keys);
    expect(JSON.stringify(built)).toBe(JSON.stringify(whole));
  });
});
