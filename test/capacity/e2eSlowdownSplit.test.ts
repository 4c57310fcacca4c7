/**
 * A slowdown E2E target (Splitwise's p50/p90/p99 E2E slowdown) is met by any of its TTFT-and-TPOT
 * splits (src/capacity/sloTargets.ts). The splits that lend a decode's slack to the TTFT are
 * sufficient for every request they cover, and they are what lets a decode-dominated class be served
 * at Splitwise's p50 1.25× on a mixed A100: the plain union bound (TTFT within 1.25× its prefill
 * alone) binds there at a small fraction of the rate (docs/reproductions.md, Splitwise).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classCapacity, configId, sloTargetsMs, type Config } from '../../src/capacity/index.js';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { fromScenarioFile, type RequestClass } from '../../src/scenario/index.js';
import { tokenSampler } from '../../src/workload/tokenSampler.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/papers/splitwise-conv.yaml', import.meta.url));

async function conversationClass(id: string): Promise<RequestClass> {
  const scenario = await fromScenarioFile(SCENARIO);
  const cls = scenario.classes.find((c) => c.id === `conversation/${id}`);
  if (!cls) throw new Error(`no class ${id}`);
  return cls;
}

const a100Mixed = (): Config => {
  const c = { model: 'Llama-2-70B' as const, gpu: 'A100-80GB' as const, tp: 8, clockMHz: getGpu('A100-80GB').clockMHz.max.value, role: 'mixed' as const };
  return { ...c, id: configId(c) };
};

describe('slowdown E2E targets: splits that lend the decode slack to the TTFT', () => {
  it('every split is sufficient: TTFT target + (O − 1) × TPOT target ≤ s × the request alone, for every prompt and output it covers', async () => {
    const cls = await conversationClass('SM');
    const slo = sloTargetsMs(cls, analyticStepModel);
    const ref = { model: getModel(cls.model), gpu: getGpu(cls.reference.gpu), tp: cls.reference.tp, clockMHz: cls.reference.clockMHz, stack: cls.reference.stack, precision: cls.reference.precision };
    const e2es = slo.e2eTargets ?? [];
    expect(e2es.map((e) => e.percentile)).toEqual([50, 90, 99]);
    let lent = 0;
    e2es.forEach((e2e, i) => {
      const s = cls.slo.e2eTargets?.[i]?.slowdown ?? 1;
      const p2 = 100 - (100 - e2e.percentile) / 2;
      const p3 = 100 - (100 - e2e.percentile) / 3;
      expect(e2e.splits.length).toBeGreaterThan(1);
      for (const split of e2e.splits) {
        const first = split.ttft.byPrompt[0];
        if (!first) throw new Error('no prompt targets');
        if (first.ms - s * analyticStepModel.prefill(ref, first.tokens).time.totalMs > 1e-6) lent++;
        // A split at p' covers every request (outputs ≥ the class's lower edge, 64 for SM); one at
        // p'' leaves the outputs below the class's (100 − p'')-quantile to its share of misses.
        expect([p2, p3]).toContain(split.ttft.percentile);
        const fewest = split.ttft.percentile === p2 ? cls.outputRange[0] : Math.floor(tokenSampler(cls.output, cls.outputRange).sample((100 - p3) / 100));
        for (const out of [fewest, fewest + 1, 2 * fewest, cls.outputRange[1] - 1]) {
          for (const p of split.ttft.byPrompt) {
            // Step alone at the request's own context; the TPOT target is absolute (ms), as the capacity model checks it.
            const alone = analyticStepModel.prefill(ref, p.tokens).time.totalMs + (out - 1) * analyticStepModel.decode(ref, 1, p.tokens + out / 2).time.totalMs;
            // The planner takes a TPOT slowdown at the class's mean context (as for the union bound): compare on that basis.
            const meanStep = analyticStepModel.decode(ref, 1, cls.input.mean + cls.output.mean / 2).time.totalMs;
            const ownStep = analyticStepModel.decode(ref, 1, p.tokens + out / 2).time.totalMs;
            const worst = p.ms + (out - 1) * (split.tbt.ms / meanStep) * ownStep;
            expect(worst).toBeLessThanOrEqual(s * alone * (1 + 1e-9));
          }
        }
      }
    });
    // Some splits lend slack (the check above would pass trivially without them).
    expect(lent).toBeGreaterThan(0);
  });

  it("Splitwise's p50 E2E 1.25× on a DGX-A100 mixed instance: the union bound alone binds on TTFT at a fraction of the lent splits' rate", async () => {
    const cls = await conversationClass('SM');
    const slo = sloTargetsMs(cls, analyticStepModel);
    const args = { config: a100Mixed(), cls, steps: analyticStepModel };
    // The p50 E2E target beside the loosest TTFT and TBT targets (p99 6× and 5×): the tighter ones
    // and the p90/p99 E2E targets are left out to keep the test fast; the mechanism is the p50 E2E's.
    const p50 = (slo.e2eTargets ?? []).slice(0, 1);
    const loose = { ...slo, ttftTargets: slo.ttftTargets.slice(-1), tbtTargets: slo.tbtTargets.slice(-1) };
    const withLent = classCapacity({ ...args, slo: { ...loose, e2eTargets: p50 } });
    const unionOnly = classCapacity({ ...args, slo: { ...loose, e2eTargets: p50.map((e) => ({ ...e, splits: e.splits.slice(0, 1) })) } });
    const withoutE2e = classCapacity({ ...args, slo: { ...loose, e2eTargets: [] } });
    expect(unionOnly.binding).toBe('ttft');
    expect(withLent.maxRps).toBeGreaterThan(4 * unionOnly.maxRps);
    expect(withLent.maxRps).toBeLessThanOrEqual(withoutE2e.maxRps);
  });
});
