/** Clocks are a planning dimension: with energy in the objective, a light window runs below the top clock. */
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

describe('clock choice', () => {
  it('an energy-minimizing plan runs a lightly loaded window below the maximum clock', async () => {
    const s = tinyScenario({ windows: 2, rps: [0.5, 4], clocks: { 'H100-80GB': [1980, 1410, 990] }, ttftMs: 8000, tbtMs: 150, objective: 'energy' });
    const { plan } = await planScenario(s);
    const light = plan.rows.filter((r) => r.window === 0 && r.role !== 'idle' && r.instances > 0);
    expect(light.length).toBeGreaterThan(0);
    expect(Math.min(...light.map((r) => r.clockMHz))).toBeLessThan(1980);
  });
});
