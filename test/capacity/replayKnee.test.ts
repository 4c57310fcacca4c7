/**
 * Predicted capacity against the replay simulator: one instance driven at 0.9× and 1.1× its
 * predicted SLO capacity meets and misses the SLO respectively, so the simulated knee lies within
 * ±10 % of the prediction. Known deviations (kept out of this test, reported in the issue notes):
 * prefill-role capacity is pessimistic (the replay still passes at 1.1×), and mixed instances with
 * long prompts and short outputs are optimistic (the TBT tail is set by the shortest outputs).
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import type { Role } from '../../src/scenario/index.js';
import { replay, type ReplayPlanRow } from '../../src/sim/index.js';
import { synthesizeTrace } from '../../src/workload/index.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';

async function verdictAt(factor: number, o: TinyOptions, role: Role, gpu: string, tp: number, clockMHz: number): Promise<{ pass: boolean; capacity: number }> {
  const roles = role === 'mixed' ? ['mixed'] : ['prefill', 'decode'];
  const s = tinyScenario({ windows: 1, rps: [1], gpus: [gpu], tp: [tp], clocks: { [gpu]: [clockMHz] }, roles, ...o });
  const table = buildCapacityTable(s, analyticStepModel);
  const cap = table.rows.find((r) => r.configId.endsWith(`/${role}`))?.maxRps ?? 0;
  const partner = table.rows.find((r) => r.configId.endsWith(role === 'decode' ? '/prefill' : '/decode'))?.maxRps ?? 1;
  const rate = factor * cap;
  const row = (r: Role, instances: number): ReplayPlanRow => ({
    window: 0, windowStart: s.horizon.windows[0]?.startIso ?? '', model: 'Llama-2-70B', gpu, tp, clockMHz, role: r,
    instances, gpus: instances * tp, ratesRps: { 'chat/AA': rate }, meanPowerKW: 0, energyKWh: 0,
  });
  // The instance under test is alone in its role; the other phase (split designs) gets ample room.
  const rows = role === 'mixed' ? [row('mixed', 1)] : [row(role, 1), row(role === 'prefill' ? 'decode' : 'prefill', Math.ceil(rate / partner / 0.5) + 1)];
  const scenario = { ...s, demandRps: [Float64Array.of(rate)] };
  const report = await replay(scenario, { classIds: ['chat/AA'], rows }, synthesizeTrace(scenario, { seed: 3 }), { steps: analyticStepModel });
  return { pass: report.verdict.pass, capacity: cap };
}

const CASES: { name: string; o: TinyOptions; role: Role; gpu: string; tp: number; clockMHz: number }[] = [
  { name: 'mixed H100 TP8, TBT-bound', o: { ttftMs: 3000, tbtMs: 80 }, role: 'mixed', gpu: 'H100-80GB', tp: 8, clockMHz: 1980 },
  { name: 'decode H100 TP8', o: { ttftMs: 5000, tbtMs: 45 }, role: 'decode', gpu: 'H100-80GB', tp: 8, clockMHz: 1980 },
  { name: 'decode A100 TP8', o: { ttftMs: 5000, tbtMs: 70 }, role: 'decode', gpu: 'A100-80GB', tp: 8, clockMHz: 1410 },
];

describe('predicted capacity vs the replayed knee', () => {
  for (const c of CASES) {
    it(`${c.name}: SLO met at 0.9×, missed at 1.1× the predicted capacity`, async () => {
      const below = await verdictAt(0.9, c.o, c.role, c.gpu, c.tp, c.clockMHz);
      const above = await verdictAt(1.1, c.o, c.role, c.gpu, c.tp, c.clockMHz);
      expect(below.capacity).toBeGreaterThan(0);
      expect(below.pass).toBe(true);
      expect(above.pass).toBe(false);
    }, 60_000);
  }
});
