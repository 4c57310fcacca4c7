/**
 * POLCA's frequency cap in a mixed pool (docs/reproductions.md, POLCA): locking a DGX-A100 at 1110 MHz
 * slows BLOOM-176B's prefill (compute-bound) but not its decode step (memory-bound), so at POLCA's
 * row the SLO capacity of a class falls with the share of its work that is prefill: little for a
 * decode-heavy class, far more than POLCA's ≤ 7 % for long prompts with short outputs, whose TTFT and
 * the stalls they put into the pool's TBT are the binding constraints.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classCapacity, configId, sloTargetsMs, type Config } from '../../src/capacity/index.js';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { fromScenarioFile } from '../../src/scenario/index.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/polca.yaml', import.meta.url));
const config = (clockMHz: number): Config => {
  const c = { model: 'BLOOM-176B' as const, gpu: 'A100-80GB' as const, tp: 8, clockMHz, role: 'mixed' as const };
  return { ...c, id: configId(c) };
};

describe('a frequency cap on mixed BLOOM-176B instances (POLCA row)', () => {
  it('slows the prefill, not the decode step, and costs long-prompt classes far more SLO capacity than decode-heavy ones', async () => {
    const scenario = await fromScenarioFile(SCENARIO);
    const ref = (clockMHz: number) => ({ model: getModel('BLOOM-176B'), gpu: getGpu('A100-80GB'), tp: 8, clockMHz, stack: 'vllm-2023', precision: 'bf16' }) as const;
    const prefill = (mhz: number) => analyticStepModel.prefill(ref(mhz), 2048).time.totalMs;
    const decode = (mhz: number) => analyticStepModel.decode(ref(mhz), 16, 1500).time.totalMs;
    expect(prefill(1110) / prefill(1410)).toBeGreaterThan(1.1);
    expect(decode(1110) / decode(1410)).toBeLessThan(1.03);
    const loss = (id: string) => {
      const cls = scenario.classes.find((c) => c.id === `conversation/${id}`);
      if (!cls) throw new Error(`no class ${id}`);
      const slo = sloTargetsMs(cls, analyticStepModel);
      const at = (mhz: number) => classCapacity({ config: config(mhz), cls, slo, steps: analyticStepModel }).maxRps;
      return 1 - at(1110) / at(1410);
    };
    const longPromptShortOutput = loss('MS');
    const decodeHeavy = loss('SL');
    expect(longPromptShortOutput).toBeGreaterThan(0.15);
    expect(longPromptShortOutput).toBeGreaterThan(decodeHeavy);
  });
});
