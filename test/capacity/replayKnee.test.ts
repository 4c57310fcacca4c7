/**
 * Predicted capacity against the replay simulator: one instance driven at 0.9× and 1.1× its predicted
 * SLO capacity meets and misses the SLO respectively, so the simulated knee lies within ±10 % of the
 * prediction. Two sets: scenarios/week.yaml's classes on the 2023 stack in BF16 (the Azure token distributions, slowdown TTFT
 * targets judged per request, mean-TBT targets) on mixed, prefill and decode instances of several
 * GPUs, TPs and clocks; and a tiny scenario with absolute targets. Pairs whose knee the bench measures
 * outside ±10 % (but within ±15 %) are left to the bench (BENCHMARKS.md, "capacity").
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, classCapacity, configId, sloTargetsMs, type Config } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { scenarioFromText, type Role } from '../../src/scenario/index.js';
import { probeInstance } from '../../src/kneeProbe/index.js';
import { replay, type ReplayPlanRow } from '../../src/sim/index.js';
import { synthesizeTrace } from '../../src/workload/index.js';
import { tinyScenario, type TinyOptions } from '../helpers/tinyScenario.js';
import { WEEK, weekTextOn } from '../helpers/weekOnStack.js';

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
    });
  }
});

const WEEK_CASES: { gpu: string; tp: number; clockMHz: number; role: Role; classId: string }[] = [
  { gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'mixed', classId: 'conversation/SM' },
  { gpu: 'A100-80GB', tp: 8, clockMHz: 1410, role: 'mixed', classId: 'conversation/SM' },
  { gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'mixed', classId: 'coding/MS' },
  { gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'mixed', classId: 'coding/SS' },
  { gpu: 'H100-80GB', tp: 4, clockMHz: 1680, role: 'prefill', classId: 'conversation/ML' },
  { gpu: 'H100-80GB', tp: 4, clockMHz: 1680, role: 'prefill', classId: 'coding/MS' },
  { gpu: 'H200', tp: 2, clockMHz: 795, role: 'decode', classId: 'conversation/SM' },
  { gpu: 'H200', tp: 2, clockMHz: 795, role: 'decode', classId: 'coding/SS' },
];

describe('predicted capacity vs the replayed knee on scenarios/week.yaml classes', () => {
  // Measured on the 2023 stack (BF16), the tables these knees were first fitted to.
  const week = scenarioFromText(weekTextOn('vllm-2023', 'bf16'), WEEK);
  for (const c of WEEK_CASES) {
    it(`${c.role} ${c.gpu} TP${c.tp} ${c.clockMHz} MHz · ${c.classId}: SLO met at 0.9×, missed at 1.1× the predicted capacity`, async () => {
      const cls = week.classes.find((x) => x.id === c.classId);
      if (!cls) throw new Error(c.classId);
      const base = { model: cls.model, gpu: c.gpu as Config['gpu'], tp: c.tp, clockMHz: c.clockMHz, role: c.role };
      const config: Config = { ...base, id: configId(base) };
      // A pool of its own (no shorter-output class shares it), as the probe replays it.
      const cap = classCapacity({ config, cls, slo: sloTargetsMs(cls, analyticStepModel), steps: analyticStepModel }, { maxBatch: week.simulation.maxBatch });
      expect(cap.maxRps).toBeGreaterThan(0);
      const below = await probeInstance(week, config, c.classId, 0.9 * cap.maxRps, { steps: analyticStepModel });
      const above = await probeInstance(week, config, c.classId, 1.1 * cap.maxRps, { steps: analyticStepModel });
      expect(below.requests).toBeGreaterThan(20_000);
      expect(below.meets, JSON.stringify(below)).toBe(true);
      expect(above.meets, JSON.stringify(above)).toBe(false);
    }, 120_000);
  }
});
