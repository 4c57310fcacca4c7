/**
 * A class's load must hold the TTFT of the classes that may share its mixed pool (issue 18, class-mix
 * capacity): their requests wait behind its prompts and its decode iterations.
 */
import { describe, expect, it } from 'vitest';
import { configId, configPoint, mixedCapacity, poolSharers, sloTargetsMs, type Config } from '../../src/capacity/index.js';
import { queueState, ttftMissShare, type PrefillQueue } from '../../src/capacity/prefillQueue.js';
import { PREFILL_TOKEN_BUDGET } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { fromScenarioFile } from '../../src/scenario/index.js';

const base = { model: 'Llama-2-70B' as const, gpu: 'H100-80GB' as const, tp: 4, clockMHz: 1980, role: 'mixed' as const };
const H100_TP4: Config = { ...base, id: configId(base) };

async function day() {
  const s = await fromScenarioFile('scenarios/day.yaml');
  const get = (id: string) => {
    const c = s.classes.find((x) => x.id === id);
    if (!c) throw new Error(`day.yaml has no ${id}`);
    return { cls: c, slo: sloTargetsMs(c, analyticStepModel) };
  };
  return { s, get };
}

describe('TTFT of the classes sharing a mixed pool', () => {
  it('the sharers are the other classes with traffic of the input bin the pool may mix', async () => {
    const { s, get } = await day();
    const ss = get('coding/SS').cls;
    const ids = (p: Parameters<typeof poolSharers>[0]) => poolSharers(p, s.classes, ss).map((c) => c.id).sort();
    expect(ids('by-input-bin')).toEqual(['coding/SL', 'coding/SM', 'conversation/SL', 'conversation/SM', 'conversation/SS']);
    // A shared pool mixes every class, but only those of the same input bin count (poolPartition.ts).
    expect(ids('shared')).toEqual(ids('by-input-bin'));
    expect(ids('per-class')).toEqual([]);
  });

  it('a judged list other than the arriving prompts is what the miss share is taken over', async () => {
    const { get } = await day();
    const sl = get('conversation/SL');
    const ss = get('coding/SS');
    const point = configPoint(H100_TP4);
    const passS = (tokens: number, prompts: number) => analyticStepModel.prefill(point, tokens, tokens / prompts).time.totalMs / 1e3;
    const q: PrefillQueue = { rps: 0.6, passS, meanPromptTokens: sl.cls.input.mean, tokenBudget: PREFILL_TOKEN_BUDGET, prompts: sl.slo.ttftByPrompt, afterS: () => 0, decodeBusy: 0.9, decodeIterS: 0.03 };
    const state = queueState(q);
    const own = ttftMissShare(q, state);
    expect(ttftMissShare({ ...q, judged: sl.slo.ttftByPrompt }, state)).toBe(own);
    // coding/SS's short prompts have tight targets (3× alone, conversation's are 6×): behind
    // conversation/SL's 1,000-token passes far more of them miss.
    const victim = ttftMissShare({ ...q, judged: ss.slo.ttftByPrompt }, state);
    expect(victim).toBeGreaterThan(2 * own);
  });

  it('a class whose load would push a sharer past its TTFT target gets less capacity; a looser sharer changes nothing', async () => {
    const { get } = await day();
    const sl = get('conversation/SL');
    const alone = mixedCapacity({ config: H100_TP4, cls: sl.cls, slo: sl.slo, steps: analyticStepModel });
    const judged = (id: string) => get(id).slo.ttftTargets.map((t) => ({ percentile: t.percentile, byPrompt: t.byPrompt }));
    const withCoding = mixedCapacity({ config: H100_TP4, cls: sl.cls, slo: sl.slo, steps: analyticStepModel }, { ttftSharers: judged('coding/SS') });
    // The class's own prompts with twice its targets: never the first to miss.
    const looser = [{ percentile: sl.slo.ttftPercentile, byPrompt: sl.slo.ttftByPrompt.map((p) => ({ tokens: p.tokens, ms: 2 * p.ms })) }];
    const withLooser = mixedCapacity({ config: H100_TP4, cls: sl.cls, slo: sl.slo, steps: analyticStepModel }, { ttftSharers: looser });
    expect(alone.maxRps).toBeGreaterThan(0);
    expect(withCoding.maxRps).toBeLessThan(0.9 * alone.maxRps);
    expect(withCoding.binding).toBe('ttft');
    expect(withLooser.maxRps).toBe(alone.maxRps);
  });
});
