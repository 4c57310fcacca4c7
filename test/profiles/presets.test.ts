/** Engine presets: residuals at their own calibration points, today's preset unchanged, the fused chunked-prefill step. */
import { describe, expect, it } from 'vitest';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { decodeStep, mixedStep, prefillStep, PRESETS, stackParams, STACK_IDS, type ConfigPoint, type StackId } from '../../src/profiles/index.js';
import { FIT_TOLERANCE, HELD_BACK_TOLERANCE, PRESET_POINTS, presetResiduals } from '../../src/calibration/index.js';
import { ScenarioFileSchema } from '../../src/scenario/schema.js';

describe('calibration points (profiles/README.md)', () => {
  const residuals = presetResiduals();

  it('holds back about a quarter of each preset\'s points, performance and power alike', () => {
    for (const stack of ['trtllm-2024', 'vllm-2025'] as const) {
      for (const kind of ['performance', 'power'] as const) {
        const own = PRESET_POINTS.filter((p) => p.stack === stack && p.kind === kind);
        if (own.length === 0) continue;
        const held = own.filter((p) => p.role === 'held-back').length / own.length;
        expect(held, `${stack} ${kind}`).toBeGreaterThan(0.2);
        expect(held, `${stack} ${kind}`).toBeLessThan(0.3);
      }
    }
  });

  it('fits every preset within ±20 % at its fitted points and ±30 % at its held-back ones', () => {
    const outside = residuals.filter((r) => !r.withinTolerance).map((r) => `${r.point.stack} ${r.point.id} ${(r.error * 100).toFixed(1)} %`);
    expect(outside).toEqual([]);
    for (const r of residuals) expect(r.tolerance).toBe(r.point.role === 'fit' ? FIT_TOLERANCE : HELD_BACK_TOLERANCE);
  });

  it('has power rising with the batch as ML.ENERGY measured it (451 → 637 W per H100, 70B from batch 16 to 1,024)', () => {
    const power70b = residuals.filter((r) => r.point.kind === 'power' && r.point.what.includes('70B')).map((r) => r.model);
    expect(power70b).toHaveLength(7);
    expect(power70b[6] as number).toBeGreaterThan((power70b[0] as number) * 1.2);
  });
});

describe('presets', () => {
  const at = (stack: StackId, tp = 8): ConfigPoint => ({ model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp, clockMHz: 1980, stack });

  it('keeps vllm-2023 as today\'s tables: the parameters fitted before presets existed', () => {
    const h100 = stackParams('vllm-2023', 'H100-80GB');
    expect([h100.etaComputePrefill, h100.etaAttentionPrefill, h100.overheadPerLog2TpMs, h100.overheadPerSequenceMs, h100.overheadPrefillMs]).toEqual([0.66, 0.055, 7.1, 0.32, 14.3]);
    expect(PRESETS['vllm-2023'].engine).toEqual({ chunkedPrefill: false, chunkTokens: 512, maxBatch: 256 });
    // A config without a stack is vllm-2023.
    expect(decodeStep({ ...at('vllm-2023'), stack: undefined }, 16, 1000)).toEqual(decodeStep(at('vllm-2023'), 16, 1000));
  });

  it('makes a modern stack several times faster than vllm-2023 at large batch', () => {
    expect(decodeStep(at('vllm-2023'), 256, 600).time.totalMs / decodeStep(at('vllm-2025'), 256, 600).time.totalMs).toBeGreaterThan(2);
  });

  it('names the same presets in the scenario schema as in the code', () => {
    const stack = (ScenarioFileSchema.properties.hardware.properties.stack.anyOf[0] as { anyOf: { const: string }[] }).anyOf.map((s) => s.const);
    expect(stack).toEqual([...STACK_IDS]);
  });
});

describe('the fused chunked-prefill step', () => {
  const cfg: ConfigPoint = { model: getModel('Llama-2-70B'), gpu: getGpu('H100-80GB'), tp: 2, clockMHz: 1980, stack: 'trtllm-2024', precision: 'fp8' };

  it('is a decode step when it carries no chunk', () => {
    expect(mixedStep(cfg, 64, 500, 0, 0)).toEqual(decodeStep(cfg, 64, 500));
  });

  it('costs more than the decode alone and less than decode plus a separate prefill pass (one weight read)', () => {
    for (const [batch, chunk] of [[8, 512], [256, 512], [800, 2048]] as const) {
      const fused = mixedStep(cfg, batch, 500, chunk, 300).time.totalMs;
      const decode = decodeStep(cfg, batch, 500).time.totalMs;
      const apart = decode + prefillStep(cfg, chunk, 300).time.totalMs;
      expect(fused, `${batch}/${chunk}`).toBeGreaterThan(decode);
      expect(fused, `${batch}/${chunk}`).toBeLessThan(apart);
    }
  });

  it('draws more power when a chunk keeps the tensor cores busy', () => {
    expect(mixedStep(cfg, 64, 500, 2048, 300).powerW).toBeGreaterThan(decodeStep(cfg, 64, 500).powerW);
  });
});
