/** hardware.stack and hardware.precisions: defaults, several choices, the bf16 fallback, engine settings per preset, errors that name the fix. */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable, candidateConfigs, engineOf } from '../../src/capacity/index.js';
import { planScenario } from '../../src/plan/index.js';
import { tinyScenario, tinyScenarioYaml } from '../helpers/tinyScenario.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

describe('hardware.stack and hardware.precisions', () => {
  it('default to vllm-2023 at bf16 with the preset\'s engine settings, as before presets existed', () => {
    const s = tinyScenario();
    expect(s.hardware.stacks).toEqual(['vllm-2023']);
    expect(s.hardware.precisions).toEqual(['bf16']);
    expect([s.simulation.maxBatch, s.simulation.chunkedPrefill]).toEqual([256, false]);
    expect(candidateConfigs(s).map((c) => c.id)).toEqual(['Llama-2-70B/H100-80GB/tp8/1980/mixed']);
  });

  it('offers the planner every listed preset × precision the GPU runs, fp16 being bf16', () => {
    const s = tinyScenario({ gpus: ['A100-80GB', 'H200'], tp: [1, 8], stack: ['trtllm-2024', 'vllm-2025'], precisions: ['fp16', 'fp8'] });
    expect(s.hardware.precisions).toEqual(['bf16', 'fp8']);
    const ids = candidateConfigs(s).map((c) => c.id);
    // A100 has no FP8; one H200 holds Llama-2-70B in FP8 only.
    expect(ids.filter((id) => id.includes('A100') && id.endsWith('/fp8'))).toEqual([]);
    expect(ids).toContain('Llama-2-70B/H200/tp1/1980/mixed/trtllm-2024/fp8');
    expect(ids).not.toContain('Llama-2-70B/H200/tp1/1980/mixed/trtllm-2024');
    expect(ids).toContain('Llama-2-70B/A100-80GB/tp8/1410/mixed/vllm-2025');
    expect(ids).toHaveLength(2 /* A100 TP8 × 2 stacks */ + 2 /* H200 TP1 fp8 */ + 4 /* H200 TP8 */);
  });

  it('runs bf16 on a GPU that runs none of the listed precisions, and chooses among precisions only where several are listed', () => {
    const s = tinyScenario({ gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], stack: 'trtllm-2024', precisions: ['fp8'] });
    const byGpu = (gpu: string) => new Set(candidateConfigs(s).filter((c) => c.gpu === gpu).map((c) => c.precision ?? 'bf16'));
    expect(byGpu('A100-80GB')).toEqual(new Set(['bf16']));
    expect(byGpu('H100-80GB')).toEqual(new Set(['fp8']));
    // The slowdown reference (H100 TP8) runs the listed fp8, not the fallback.
    expect(s.classes[0]?.reference).toMatchObject({ gpu: 'H100-80GB', precision: 'fp8' });
    // Listing bf16 beside fp8 is what lets H100 run either.
    const both = tinyScenario({ gpus: ['A100-80GB', 'H100-80GB'], tp: [4, 8], stack: 'trtllm-2024', precisions: ['fp8', 'bf16'] });
    expect(new Set(candidateConfigs(both).filter((c) => c.gpu === 'H100-80GB').map((c) => c.precision ?? 'bf16'))).toEqual(new Set(['fp8', 'bf16']));
  });

  it('says once in the plan\'s notes which GPUs fell back to bf16', async () => {
    const notesOf = async (precisions: string[]) => (await planScenario(tinyScenario({ gpus: ['A100-80GB', 'H100-80GB'], stack: 'trtllm-2024', precisions, windows: 1 }), { baseline: false })).plan.solve.notes;
    const notes = await notesOf(['fp8']);
    expect(notes.filter((n) => /none of hardware\.precisions/.test(n))).toEqual(['A100-80GB runs none of hardware.precisions (fp8): its configs run bf16']);
    expect((await notesOf(['fp8', 'bf16'])).some((n) => /none of hardware\.precisions/.test(n))).toBe(false);
  });

  it('takes engine settings from each preset unless the scenario overrides them', () => {
    const s = tinyScenario({ stack: ['vllm-2025', 'trtllm-2024'] });
    expect(engineOf(s, 'vllm-2025')).toEqual({ chunkedPrefill: true, chunkTokens: 8192, maxBatch: 1024 });
    expect(engineOf(s, 'trtllm-2024')).toEqual({ chunkedPrefill: true, chunkTokens: 4096, maxBatch: 1024 });
    const capped = tinyScenario({ stack: ['vllm-2025', 'trtllm-2024'], maxBatch: 896 });
    expect(engineOf(capped, 'trtllm-2024').maxBatch).toBe(896);
    expect(capped.simulation.maxBatch).toBe(896);
  });

  it('measures slowdown targets on the scenario\'s own first stack', () => {
    const s = tinyScenario({ stack: 'trtllm-2024', precisions: ['fp8'] });
    expect(s.classes[0]?.reference).toMatchObject({ stack: 'trtllm-2024', precision: 'fp8' });
  });

  it('gives a modern preset more capacity per GPU than vllm-2023 on the same hardware', () => {
    const rps = (stack: string) => buildCapacityTable(tinyScenario({ stack, inputMean: 500, outputMean: 250 })).rows[0]?.maxRps ?? 0;
    expect(rps('vllm-2025')).toBeGreaterThan(rps('vllm-2023'));
  });

  it('rejects a precision none of the GPUs runs, naming the fix', () => {
    const err = inputErrorOf(tinyScenarioYaml({ gpus: ['H100-80GB'], precisions: ['fp4'] }));
    expect(err.problems[0]?.field).toBe('hardware.precisions');
    expect(err.problems[0]?.fix).toMatch(/B200/);
  });

  it('rejects fp8 when no listed GPU runs it, since it would be used nowhere, naming the field and the fix', () => {
    const err = inputErrorOf(tinyScenarioYaml({ gpus: ['A100-80GB'], precisions: ['fp8'] }));
    expect(err.problems[0]?.field).toBe('hardware.precisions');
    expect(err.problems[0]?.message).toMatch(/A100-80GB.*fp8.*no config would use it/);
    expect(err.problems[0]?.fix).toMatch(/H100-80GB.*or drop fp8.*precisions: \[bf16\]/);
  });

  it('rejects an unknown preset', () => {
    const err = inputErrorOf(tinyScenarioYaml({ stack: 'vllm-2024' }));
    expect(err.problems[0]?.field).toMatch(/^hardware\.stack/);
  });
});
