/**
 * A hold with a period (a design's holdPeriodMinutes, DynamoLLM's 30-minute cluster manager): what
 * is held stays the same within each period from the horizon's start and is re-chosen between
 * periods. Four hourly windows need 3, 1, 1 and 1 servers (one TP8 instance each): held over the
 * horizon every window runs 3; held over 2-hour periods, 3, 3, 1, 1; a period no longer than a window
 * holds nothing.
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planScenario } from '../../src/plan/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import type { Scenario } from '../../src/scenario/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

const GPU = 'H100-80GB';
const BASE: TinyOptions = { clocks: { [GPU]: [1980] }, tp: [8] };
const NEED = [3, 1, 1, 1];

function scenario(holdPeriodMinutes?: number): Scenario {
  const rps = buildCapacityTable(tinyScenario({ ...BASE, windows: 1 }), analyticStepModel, capacityCache).rows[0]?.maxRps ?? 0;
  const s = tinyScenario({ ...BASE, windows: NEED.length, rps: NEED.map((n) => (n - 0.05) * 0.9 * rps) });
  return { ...s, planning: { ...s.planning, hold: ['instances'], ...(holdPeriodMinutes !== undefined ? { holdPeriodMinutes } : {}) } };
}

async function instancesPerWindow(s: Scenario): Promise<number[]> {
  const { plan } = await planScenario(s, { capacityCache, baseline: false });
  return NEED.map((_, w) => plan.rows.filter((r) => r.window === w && r.role !== 'idle').reduce((n, r) => n + r.instances, 0));
}

describe('hold over periods', () => {
  it('holds the instances over the whole horizon without a period', async () => {
    expect(await instancesPerWindow(scenario())).toEqual([3, 3, 3, 3]);
  });

  it('holds them within each 2-hour period and re-chooses them between periods', async () => {
    expect(await instancesPerWindow(scenario(120))).toEqual([3, 3, 1, 1]);
  });

  it('holds nothing with a period no longer than a window', async () => {
    expect(await instancesPerWindow(scenario(60))).toEqual([3, 1, 1, 1]);
  });
});
