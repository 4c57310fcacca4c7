/**
 * The mechanism behind the DynamoLLM 1-h ScaleShard figure (docs/reproductions.md), pinned without
 * the run: ScaleShard's first plan serves conv/SM on TP4 instances of its shared pool beside MS's
 * prompts, and its replay misses SM's p99 TTFT there. The capacity model does not see it coming: a
 * mixed pool's TTFT sharers are the class's input bin even when the partition is shared, while on
 * H100 TP4 a median MS prompt's prefill alone outlasts SM's whole TTFT target (on TP8 it does not,
 * which is why SinglePool, TP8 only, passes). Issue 18's per-config compatibility rule would change this.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { poolSharers, sloTargetsMs } from '../../src/capacity/index.js';
import { getGpu, getModel } from '../../src/catalog/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { fromScenarioFile } from '../../src/scenario/index.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/papers/dynamollm-conv-1h.yaml', import.meta.url));

describe('DynamoLLM 1 h, ScaleShard: the mechanism', () => {
  it("a shared mixed pool's TTFT check for conv/SM leaves out MS, whose median prefill on TP4 (not TP8) outlasts SM's target", async () => {
    const scenario = await fromScenarioFile(SCENARIO);
    const byId = (id: string) => scenario.classes.find((c) => c.id === id);
    const sm = byId('conv/SM');
    const ms = byId('conv/MS');
    if (!sm || !ms) throw new Error('the scenario lost its conv/SM or conv/MS class');
    const sharers = poolSharers('shared', scenario.classes, sm).map((c) => c.id);
    expect(sharers).not.toContain('conv/MS');
    expect(sharers.length).toBeGreaterThan(0);
    const target = sloTargetsMs(sm, analyticStepModel).ttftMs;
    const medianPrompt = ms.input.p50;
    if (medianPrompt === undefined) throw new Error('conv/MS has no median prompt length');
    const gpu = getGpu('H100-80GB');
    const prefillMs = (tp: number) => analyticStepModel.prefill({ model: getModel('Llama-2-70B'), gpu, tp, clockMHz: gpu.clockMHz.max.value }, medianPrompt).time.totalMs;
    expect(prefillMs(4)).toBeGreaterThan(target);
    expect(prefillMs(8)).toBeLessThan(target);
  });
});
