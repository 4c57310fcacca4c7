/**
 * Hand-checkable replays: each case has a figure one can work out on paper from the StepModel.
 * Plans and traces are built by hand (no planner, no trace reader).
 */
import { describe, expect, it } from 'vitest';
import { getGpu, getModel, kvBytesPerToken } from '../../src/catalog/index.js';
import { KV_BLOCK_TOKENS, kvCapacityTokens } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { decodeContextTokens, kvTransferS, replay } from '../../src/sim/index.js';
import { handTrace, memorySink, planOf, poolRow, type HandRequest } from '../helpers/replayFixtures.js';
import { tinyScenario, tinyScenarioYaml } from '../helpers/tinyScenario.js';

const llama = getModel('Llama-2-70B');
const h100 = getGpu('H100-80GB');
const point = (tp: number, clockMHz = 1980) => ({ model: llama, gpu: h100, tp, clockMHz });
const prefillMs = (tokens: number, tp = 8) => analyticStepModel.prefill(point(tp), tokens, tokens).time.totalMs;
const decodeMs = (batch: number, ctx: number, tp = 8) => analyticStepModel.decode(point(tp), batch, decodeContextTokens(ctx)).time.totalMs;

async function run(scenario: ReturnType<typeof tinyScenario>, rows: Parameters<typeof planOf>[1], requests: HandRequest[]) {
  const sink = memorySink();
  const report = await replay(scenario, planOf(scenario, rows), handTrace(requests), { sink });
  const byId = new Map(sink.rows.map((r) => [Number(r['request']), r]));
  return { report, rows: sink.rows, req: (i: number) => byId.get(i) as Record<string, number | string> };
}

describe('replay, hand-checkable cases', () => {
  it('one request on an idle instance: TTFT = prefill time, TBT = decode time', async () => {
    const s = tinyScenario({ windows: 1 });
    const { req } = await run(s, [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AA': 1 } })], [{ t: 0, input: 1000, output: 100 }]);
    const r = req(0);
    const ttft = prefillMs(1000);
    // The decode run's iteration time is taken at its start: batch 1, context = prompt + first token (in 16-token blocks).
    const tbt = decodeMs(1, 1001);
    expect(r['ttft_ms']).toBe(ttft);
    expect(r['tbt_mean_ms']).toBeCloseTo(tbt, 9);
    expect(r['tbt_max_ms']).toBeCloseTo(tbt, 9);
    expect(r['e2e_ms']).toBeCloseTo(ttft + 99 * tbt, 6);
    expect(r['queue_ms']).toBe(0);
  });

  it('load above capacity: queueing grows with the length of the trace', async () => {
    const s = tinyScenario({ windows: 1 });
    const rows = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AA': 1 } })];
    // A 2000-token prefill takes ~140 ms, so 20 req/s is far above what one instance can prefill.
    const trace = (n: number) => Array.from({ length: n }, (_, i) => ({ t: i * 0.05, input: 2000, output: 20 }));
    const short = await run(s, rows, trace(200));
    const long = await run(s, rows, trace(400));
    const lastQueue = (x: typeof short, n: number) => Number(x.req(n - 1)['queue_ms']);
    expect(lastQueue(short, 200)).toBeGreaterThan(5_000);
    expect(lastQueue(long, 400)).toBeGreaterThan(1.8 * lastQueue(short, 200));
    // …and within one trace it keeps rising.
    const q = [100, 200, 300, 399].map((i) => Number(long.req(i)['queue_ms']));
    expect(q).toEqual([...q].sort((a, b) => a - b));
  });

  it('KV limit: a request waits for another to finish when both do not fit', async () => {
    const s = tinyScenario({ windows: 1, tp: [2], ttftMs: 100_000, tbtMs: 1000 });
    const kv = kvCapacityTokens({ id: 'x', model: 'Llama-2-70B', gpu: 'H100-80GB', tp: 2, clockMHz: 1980, role: 'mixed' });
    // Two sequences of 60 % of the KV room each: the second cannot be admitted while the first runs.
    const len = Math.floor((0.6 * kv) / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS;
    const { req } = await run(s, [poolRow({ gpu: 'H100-80GB', tp: 2, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AA': 1 } })], [
      { t: 0, input: len - 200, output: 200 },
      { t: 0.01, input: len - 200, output: 200 },
    ]);
    const first = req(0);
    const second = req(1);
    const firstDoneS = Number(first['e2e_ms']) / 1000;
    // The second starts its prefill exactly when the first finishes.
    expect(Number(second['queue_ms']) / 1000).toBeCloseTo(firstDoneS - 0.01, 9);
    expect(Number(second['ttft_ms'])).toBeCloseTo((firstDoneS - 0.01) * 1000 + prefillMs(len - 200, 2), 6);
  });

  it('split pools: TTFT includes the KV-transfer residue and the decode runs on the decode instance', async () => {
    const s = tinyScenario({ windows: 1 });
    const rows = [
      poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, role: 'prefill', ratesRps: { 'chat/AA': 1 } }),
      poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, role: 'decode', ratesRps: { 'chat/AA': 1 } }),
    ];
    const { req } = await run(s, rows, [{ t: 0, input: 1000, output: 50 }, { t: 10, input: 300, output: 50 }]);
    const long = req(0);
    // Layer-wise transfer leaves ~5 ms at 400 Gbps (Splitwise).
    expect(Number(long['ttft_ms'])).toBeCloseTo(prefillMs(1000) + 5, 9);
    expect(long['pool']).toMatch(/\/prefill$/);
    expect(long['decode_pool']).toMatch(/\/decode$/);
    expect(long['instance']).not.toBe(long['decode_instance']);
    // The decode instance was idle: every gap is one decode iteration there.
    expect(Number(long['tbt_mean_ms'])).toBeCloseTo(decodeMs(1, 1001), 9);
    // A prompt under 512 tokens is sent whole after the prefill.
    const shortTransferMs = kvTransferS(300, kvBytesPerToken(llama), 400) * 1000;
    expect(shortTransferMs).toBeCloseTo((300 * kvBytesPerToken(llama) * 8) / 400e9 * 1000, 12);
    expect(Number(req(1)['ttft_ms'])).toBeCloseTo(prefillMs(300) + shortTransferMs, 9);
  });

  it('window change: pools resize at the boundary and drained instances finish their requests', async () => {
    const s = tinyScenario({ windows: 2, tp: [4, 8] });
    const rows = [
      poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 2, ratesRps: { 'chat/AA': 1 } }),
      poolRow({ window: 1, gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AA': 1 } }),
      poolRow({ window: 1, gpu: 'H100-80GB', tp: 4, clockMHz: 1980, instances: 2, ratesRps: { 'chat/AA': 2 } }),
    ];
    const before = [{ t: 3599, input: 500, output: 1500 }, { t: 3599.5, input: 500, output: 1500 }];
    const after = Array.from({ length: 12 }, (_, i) => ({ t: 3601 + i, input: 500, output: 100 }));
    const { req, report } = await run(s, rows, [...before, ...after]);
    // JSQ put the two requests before the boundary on instances 0 and 1; instance 1 is not in window 1's plan.
    expect([req(0)['instance'], req(1)['instance']]).toEqual([0, 1]);
    expect(3599.5 + Number(req(1)['e2e_ms']) / 1000).toBeGreaterThan(3600 + 30);
    const afterInstances = new Set(after.map((_, i) => req(2 + i)['instance']));
    expect(afterInstances.has(1)).toBe(false);
    expect(afterInstances.has(0)).toBe(true);
    expect([...afterInstances].some((id) => Number(id) >= 2)).toBe(true);
    // The TP4 pool gets two thirds of the requests, as planned.
    const tp4 = after.filter((_, i) => String(req(2 + i)['pool']).includes('/tp4/')).length;
    expect(tp4).toBe(8);
    expect(report.windows.map((w) => w.requests)).toEqual([2, 12]);
  });

  it('power cap: a low provisioned power engages capping, clocks drop and latency rises', async () => {
    const yaml = (kw: number) => tinyScenarioYaml({ windows: 1, provisionedKW: kw });
    const requests = Array.from({ length: 1200 }, (_, i) => ({ t: i * 0.25, input: 1500, output: 150 }));
    const rows = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AA': 4 } })];
    const free = await run(scenarioFromText(yaml(1000), 'free.yaml'), rows, requests);
    // One DGX-H100 (host 2.2 kW) with a busy TP8 instance draws 4–4.5 kW: 5 kW provisioned crosses both thresholds.
    const capped = await run(scenarioFromText(yaml(5), 'capped.yaml'), rows, requests);
    expect(free.report.power.cappedS).toBe(0);
    expect(capped.report.power.cappedS).toBeGreaterThan(0);
    expect(capped.report.power.capLevelChanges).toBeGreaterThan(0);
    expect(capped.report.power.lowestClockMHz).toBeLessThan(1980);
    expect(capped.report.windows[0]?.cappedS).toBeGreaterThan(0);
    const meanTtft = (x: typeof free) => x.rows.reduce((a, r) => a + Number(r['ttft_ms']), 0) / x.rows.length;
    expect(meanTtft(capped)).toBeGreaterThan(meanTtft(free) * 1.02);
    expect(capped.report.windows[0]?.meanKW).toBeLessThan(free.report.windows[0]?.meanKW ?? 0);
  });
});

describe('replay, stalls', () => {
  const rows = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AA': 1 } })];
  const requests = [{ t: 0, input: 1000, output: 100 }, { t: 1, input: 2000, output: 10 }];

  it('a prefill stalls the running decode batch: the gap is the prefill plus one iteration', async () => {
    const s = tinyScenario({ windows: 1 });
    const { req } = await run(s, rows, requests);
    const firstTokenS = prefillMs(1000) / 1000;
    const t1 = decodeMs(1, 1001) / 1000;
    // B arrives at 1 s and waits for the decode iteration in flight to end.
    const k = Math.ceil((1 - firstTokenS) / t1);
    const boundaryS = firstTokenS + k * t1;
    const t2 = decodeMs(2, (1001 + k + 2001) / 2);
    expect(Number(req(1)['ttft_ms'])).toBeCloseTo((boundaryS - 1) * 1000 + prefillMs(2000), 6);
    expect(Number(req(0)['tbt_max_ms'])).toBeCloseTo(prefillMs(2000) + t2, 6);
    expect(Number(req(1)['tbt_max_ms'])).toBeGreaterThanOrEqual(t2 - 1e-9);
  });

  it('chunked prefill lets the decodes go on: a shorter worst gap, a later first token for the prompt', async () => {
    const plain = await run(tinyScenario({ windows: 1 }), rows, requests);
    const chunked = await run(scenarioFromText(`${tinyScenarioYaml({ windows: 1 })}simulation: { chunkedPrefill: true }\n`, 'chunked.yaml'), rows, requests);
    expect(Number(chunked.req(0)['tbt_max_ms'])).toBeLessThan(Number(plain.req(0)['tbt_max_ms']) / 2);
    expect(Number(chunked.req(1)['ttft_ms'])).toBeGreaterThan(Number(plain.req(1)['ttft_ms']));
  });
});
