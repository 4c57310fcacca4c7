/**
 * A class's load must hold the TTFT of the classes that may share its mixed pool (issue 18, class-mix
 * capacity): their requests wait behind its prompts and its decode iterations.
 */
import { describe, expect, it } from 'vitest';
import { configId, configPoint, mixedCapacity, poolSharers, sloTargetsMs, type ClassCapacity, type Config } from '../../src/capacity/index.js';
import { compatibleRows, SHARER_CUT } from '../../src/capacity/capacityTable.js';
import type { RequestClass } from '../../src/scenario/index.js';
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

describe('which classes a config keeps when one sharer would cost another most of its capacity', () => {
  // A fake capacity model: each class alone, and how far each sharer's TTFT limits another's load.
  const alone: Record<string, number> = { a: 10, b: 1, c: 6 };
  const limitBy: Record<string, Record<string, number>> = { a: { b: 2, c: 9 }, b: { a: 1, c: 1 }, c: { a: 6, b: 5 } };
  const cls = (id: string) => ({ id }) as RequestClass;
  const classes = ['a', 'b', 'c'].map(cls);
  const capacity = (c: RequestClass, sharers: readonly RequestClass[]) => Math.min(alone[c.id] as number, ...sharers.map((v) => limitBy[c.id]?.[v.id] as number));
  const row = (c: RequestClass, sharers: readonly RequestClass[], holdsAt?: number): ClassCapacity => {
    const rps = capacity(c, sharers);
    const maxRps = holdsAt === undefined ? rps : holdsAt <= rps ? holdsAt : 0;
    return { configId: 'x', classId: c.id, maxRps, binding: 'ttft', batchAtCapacity: 1, ttftMsAtCapacity: 0, tbtMsAtCapacity: 0, powerAtCapacityW: 1, powerAtLowLoadW: 1 };
  };
  it('keeps a class off the config when its TTFT would cut a sharer below SHARER_CUT of its capacity alone; the others then ignore it', () => {
    expect(SHARER_CUT).toBe(0.5);
    const rows = compatibleRows(classes, (c) => classes.filter((o) => o.id !== c.id), row);
    const by = Object.fromEntries(rows.map((r) => [r.classId, r]));
    // b would hold a to 2 of its 10: b goes; a is then held by c alone (9), c by a (6).
    expect(by.b?.maxRps).toBe(0);
    expect(by.b?.binding).toBe('ttft-sharers');
    expect(by.a?.maxRps).toBe(9);
    expect(by.c?.maxRps).toBe(6);
  });
  it('keeps every class when no sharer cuts that deep, each held by all the others', () => {
    const mild: Record<string, Record<string, number>> = { ...limitBy, a: { b: 6, c: 9 } };
    const rows = compatibleRows(classes, (c) => classes.filter((o) => o.id !== c.id), (c, s, at) => {
      const rps = Math.min(alone[c.id] as number, ...s.map((v) => mild[c.id]?.[v.id] as number));
      return { ...row(c, s, at), maxRps: at === undefined ? rps : at <= rps ? at : 0 };
    });
    expect(rows.map((r) => r.maxRps)).toEqual([6, 1, 5]);
  });
});
