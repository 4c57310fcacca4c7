/** The power monitor's 100-ms bins: exact means where power changes inside a bin, one report for a constant run. */
import { describe, expect, it } from 'vitest';
import { FleetPower } from '../../src/sim/power/fleetPower.js';

describe('fine power bins', () => {
  it('averages power changes inside a bin and reports constant runs once with their count', () => {
    const bins: [number, number, number][] = [];
    const f = new FleetPower(0.1, (start, meanW, count) => bins.push([Math.round(start * 1000) / 1000, meanW, count]));
    f.setStatic(0, 1000);
    f.addInstances(0.05, 500); // 1,000 W for 50 ms, then 1,500 W
    f.addInstances(0.55, -500); // back to 1,000 W at 550 ms
    f.advance(1.0);
    expect(bins[0]?.[0]).toBe(0);
    expect(bins[0]?.[1]).toBeCloseTo(1250, 9);
    expect(bins[0]?.[2]).toBe(1);
    // 100–500 ms at 1,500 W as one run of four bins.
    expect(bins[1]).toEqual([0.1, 1500, 4]);
    expect(bins[2]?.[1]).toBeCloseTo(1250, 9);
    const covered = bins.reduce((n, b) => n + b[2], 0);
    expect(covered).toBe(10);
    const energy = bins.reduce((j, b) => j + b[1] * b[2] * 0.1, 0);
    expect(energy).toBeCloseTo(f.energyJ, 9);
  });

  it('sees a 200-ms spike that a 1-s mean dilutes', () => {
    let peak = 0;
    const f = new FleetPower(0.1, (_s, meanW) => (peak = Math.max(peak, meanW)));
    f.setStatic(0, 100_000);
    f.addInstances(0.4, 50_000);
    f.addInstances(0.6, -50_000);
    f.advance(1);
    expect(peak).toBeCloseTo(150_000, 6);
    expect(f.energyJ / 1).toBeCloseTo(110_000, 6);
  });
});
