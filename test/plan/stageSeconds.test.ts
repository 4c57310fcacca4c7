/** solve.stageSeconds: where a plan's solve time went, stage by stage, in the order the stages ran. */
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { twoBinScenario } from '../helpers/twoBinScenario.js';

const scenario = () => twoBinScenario({ totalRps: [4, 1, 6], pools: 'by-input-bin', outputs: { SA: 100, LA: 100 }, tp: [4, 8] });

describe('solve.stageSeconds', () => {
  for (const [method, stages] of [
    ['fleet-decomposition', ['capacity', 'fleet', 'operation', 'bounds']],
    ['monolithic', ['capacity', 'monolithic', 'operation']],
  ] as const) {
    it(`names the ${method} stages in order, and they add up to no more than the solve`, async () => {
      const { plan } = await planScenario(scenario(), { method });
      const timed = plan.solve.stageSeconds ?? {};
      expect(Object.keys(timed)).toEqual(stages);
      for (const s of Object.values(timed)) expect(s).toBeGreaterThanOrEqual(0);
      const sum = Object.values(timed).reduce((a, b) => a + b, 0);
      expect(sum).toBeLessThanOrEqual(plan.solve.seconds + 1e-6);
      // The stages are the solve: what is left out is bookkeeping between them.
      expect(sum).toBeGreaterThan(0.5 * plan.solve.seconds);
    });
  }
});
