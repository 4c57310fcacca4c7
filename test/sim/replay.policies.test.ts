/** Routing, prediction and clock policies as seen in replays (their decisions, not their speed). */
import { describe, expect, it } from 'vitest';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { replay } from '../../src/sim/index.js';
import { handTrace, memorySink, planOf, poolRow, type HandRequest } from '../helpers/replayFixtures.js';

/** One service, one input bin, output bins S < 64 ≤ L; `extra` adds top-level YAML. */
function twoBins(extra = ''): Scenario {
  return scenarioFromText(
    [
      'name: bins',
      'horizon: { start: "2024-01-01T00:00:00Z", windows: 1, windowMinutes: 60 }',
      'services:',
      '  - name: chat',
      '    model: Llama-2-70B',
      '    classes:',
      '      inputThresholds: []',
      '      outputThresholds: [64]',
      '      stats:',
      '        AS: { share: 0.5, input: { mean: 500 }, output: { mean: 30 } }',
      '        AL: { share: 0.5, input: { mean: 500 }, output: { mean: 200 } }',
      '    slo:',
      '      default: { ttft: { percentile: 99, ms: 5000 }, tbt: { percentile: 99, ms: 200 } }',
      '    demand: { meanRps: 1 }',
      'hardware:',
      '  gpus: [H100-80GB]',
      '  tp: [4, 8]',
      '  clocks: { list: { H100-80GB: [990, 1380, 1980] } }',
      extra,
    ].join('\n') + '\n',
    'bins.yaml',
  );
}

const trace = (n: number, gapS: number, output: (i: number) => number): HandRequest[] => Array.from({ length: n }, (_, i) => ({ t: i * gapS, input: 500, output: output(i) }));

async function run(s: Scenario, rows: Parameters<typeof planOf>[1], requests: HandRequest[]) {
  const sink = memorySink();
  const report = await replay(s, planOf(s, rows), handTrace(requests), { sink });
  return { report, rows: sink.rows };
}

describe('class-to-pool routing and the output predictor', () => {
  const rows = [
    poolRow({ gpu: 'H100-80GB', tp: 4, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AS': 1 } }),
    poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AL': 1 } }),
  ];
  const requests = trace(2000, 1, (i) => (i % 2 === 0 ? 20 : 150));

  it('sends each class to its planned pool when the prediction is perfect', async () => {
    const { rows: out } = await run(twoBins(), rows, requests);
    for (const r of out) expect(String(r['pool'])).toContain(r['class'] === 'chat/AS' ? '/tp4/' : '/tp8/');
    expect(out.every((r) => r['predicted_class'] === r['class'])).toBe(true);
  });

  it('mispredicts about (1 − accuracy) of the requests and routes them by the predicted class', async () => {
    const { rows: out, report } = await run(twoBins('simulation: { predictorAccuracy: 0.81, seed: 3 }'), rows, requests);
    const wrong = out.filter((r) => r['predicted_class'] !== r['class']);
    expect(wrong.length / out.length).toBeGreaterThan(0.16);
    expect(wrong.length / out.length).toBeLessThan(0.22);
    expect(report.requests.mispredicted).toBe(wrong.length);
    for (const r of wrong) expect(String(r['pool'])).toContain(r['predicted_class'] === 'chat/AS' ? '/tp4/' : '/tp8/');
  });
});

describe('routers within a pool', () => {
  const rows = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 3, ratesRps: { 'chat/AS': 1, 'chat/AL': 1 } })];
  const counts = (out: Record<string, number | string>[]) => [0, 1, 2].map((i) => out.filter((r) => r['instance'] === i).length);

  it('round-robin takes the instances in turn', async () => {
    const { rows: out } = await run(twoBins('simulation: { router: round-robin }'), rows, trace(30, 0.5, () => 100));
    expect(out.filter((r) => Number(r['request']) < 6).map((r) => r['instance'])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(counts(out)).toEqual([10, 10, 10]);
  });

  it('join-shortest-queue spreads simultaneous requests over idle instances', async () => {
    const { rows: out } = await run(twoBins(), rows, trace(3, 0, () => 100));
    expect(out.map((r) => r['instance']).sort()).toEqual([0, 1, 2]);
  });

  it('power-of-two choices is seeded: same seed, same placement', async () => {
    const a = await run(twoBins('simulation: { router: power-of-two, seed: 5 }'), rows, trace(300, 0.2, (i) => 20 + (i % 7) * 30));
    const b = await run(twoBins('simulation: { router: power-of-two, seed: 5 }'), rows, trace(300, 0.2, (i) => 20 + (i % 7) * 30));
    expect(a.rows.map((r) => r['instance'])).toEqual(b.rows.map((r) => r['instance']));
    expect(new Set(a.rows.map((r) => r['instance'])).size).toBe(3);
  });

  it('workload-aware avoids the instance whose decodes a new prefill would stall', async () => {
    const two = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 2, ratesRps: { 'chat/AL': 1 } })];
    // Three long decodes land on instances 0, 1, 0; then a prompt arrives: instance 1 has fewer decodes to stall.
    const requests: HandRequest[] = [{ t: 0, input: 500, output: 200 }, { t: 0.001, input: 500, output: 200 }, { t: 0.002, input: 500, output: 200 }, { t: 2, input: 500, output: 100 }];
    const { rows: out } = await run(twoBins('simulation: { router: workload-aware }'), two, requests);
    const byId = new Map(out.map((r) => [Number(r['request']), r['instance']]));
    expect(byId.get(2)).toBe(byId.get(0));
    expect(byId.get(3)).not.toBe(byId.get(0));
  });
});

describe('clock governor', () => {
  const rows = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AL': 0.5 } })];
  const requests = trace(300, 2, () => 150);

  it('dynamic: lowers the clock at light load and saves energy, within the TBT target', async () => {
    const fixed = await run(twoBins(), rows, requests);
    const dynamic = await run(twoBins('simulation: { governor: dynamic, governorPeriodS: 5 }'), rows, requests);
    expect(fixed.report.power.lowestClockMHz).toBe(1980);
    expect(dynamic.report.power.lowestClockMHz).toBeLessThan(1980);
    expect(dynamic.report.windows[0]?.energyKWh).toBeLessThan(fixed.report.windows[0]?.energyKWh ?? 0);
    expect(dynamic.report.verdict.failures).toEqual([]);
  });
});

describe('token-JSQ, request-JSQ, random and the prefill token budget', () => {
  const two = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 2, ratesRps: { 'chat/AS': 1, 'chat/AL': 1 } })];
  // A long prompt lands on instance 0, a short one on instance 1 (both one request), then a short prompt:
  // request-JSQ sees a tie and takes instance 0 behind the long prompt; token-JSQ takes instance 1.
  const requests: HandRequest[] = [
    { t: 0, input: 4000, output: 20 },
    { t: 0.0001, input: 100, output: 20 },
    { t: 0.0002, input: 100, output: 20 },
  ];

  it('token-JSQ sends a short prompt to the instance with fewer pending prompt tokens; request-JSQ counts requests', async () => {
    const byRequest = await run(twoBins('simulation: { router: request-jsq }'), two, requests);
    const byTokens = await run(twoBins('simulation: { router: token-jsq }'), two, requests);
    const placed = (out: Record<string, number | string>[]) => new Map(out.map((r) => [Number(r['request']), r['instance']]));
    expect(placed(byRequest.rows).get(2)).toBe(placed(byRequest.rows).get(0));
    expect(placed(byTokens.rows).get(2)).toBe(placed(byTokens.rows).get(1));
    const queueOf = (out: Record<string, number | string>[]) => Number(out.find((r) => Number(r['request']) === 2)?.['queue_ms']);
    expect(queueOf(byTokens.rows)).toBeLessThan(queueOf(byRequest.rows));
    expect(byTokens.report.settings.router).toBe('token-jsq');
  });

  it('random is seeded and uses every instance', async () => {
    const three = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 3, ratesRps: { 'chat/AS': 1 } })];
    const reqs = trace(90, 0.5, () => 20);
    const a = await run(twoBins('simulation: { router: random, seed: 2 }'), three, reqs);
    const b = await run(twoBins('simulation: { router: random, seed: 2 }'), three, reqs);
    expect(a.rows.map((r) => r['instance'])).toEqual(b.rows.map((r) => r['instance']));
    expect(new Set(a.rows.map((r) => r['instance'])).size).toBe(3);
  });

  it('a smaller prefill token budget splits simultaneous prompts into more passes (later first tokens)', async () => {
    const one = [poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, instances: 1, ratesRps: { 'chat/AS': 1 } })];
    const burst = Array.from({ length: 8 }, (_, i) => ({ t: i * 1e-6, input: 500, output: 20 }));
    const wide = await run(twoBins('simulation: { prefillTokenBudget: 4096 }'), one, burst);
    const narrow = await run(twoBins('simulation: { prefillTokenBudget: 500 }'), one, burst);
    // Passes = distinct first-token times. The first prompt starts alone on the idle instance; the
    // other 7 × 500 tokens fit one 4096-token pass, but need 7 passes of 500.
    const firstTokens = (out: Record<string, number | string>[]) => new Set(out.map((r) => (Number(r['arrival_s']) * 1000 + Number(r['ttft_ms'])).toFixed(2))).size;
    expect(firstTokens(wide.rows)).toBe(2);
    expect(firstTokens(narrow.rows)).toBe(8);
    expect(narrow.report.settings.prefillTokenBudget).toBe(500);
  });
});

describe('phase-split overflow', () => {
  const split = [
    poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'prefill', instances: 1, ratesRps: { 'chat/AS': 1, 'chat/AL': 1 } }),
    poolRow({ gpu: 'H100-80GB', tp: 8, clockMHz: 1980, role: 'decode', instances: 1, ratesRps: { 'chat/AS': 1, 'chat/AL': 1 } }),
  ];
  // A burst of long prompts saturates the single prefill instance.
  const burst = Array.from({ length: 40 }, (_, i) => ({ t: i * 0.001, input: 4000, output: 30 }));

  it('off: every prompt is prefilled on the prefill pool', async () => {
    const { report, rows: out } = await run(twoBins(), split, burst);
    expect(report.requests.promptOverflows).toBe(0);
    expect(out.every((r) => String(r['pool']).endsWith('/prefill'))).toBe(true);
    expect(report.requests.completed).toBe(40);
  });

  it('on: prompts beyond the saturated prefill pool run on the decode pool, and the TTFT tail shortens', async () => {
    const off = await run(twoBins(), split, burst);
    const on = await run(twoBins('simulation: { overflow: true }'), split, burst);
    expect(on.report.requests.promptOverflows).toBeGreaterThan(0);
    expect(on.rows.filter((r) => String(r['pool']).endsWith('/decode')).length).toBe(on.report.requests.promptOverflows);
    expect(on.report.requests.completed).toBe(40);
    expect(on.report.latency.all.ttft.p99Ms).toBeLessThan(off.report.latency.all.ttft.p99Ms);
    expect(on.report.settings.overflow).toBe(true);
  });

  it('on: a request decodes on its prefill instance when the decode pool cannot take it', async () => {
    const tiny = twoBins('simulation: { overflow: true, maxBatch: 2 }');
    const decodes = Array.from({ length: 6 }, (_, i) => ({ t: i * 0.05, input: 200, output: 200 }));
    const { report } = await run(tiny, split, decodes);
    expect(report.requests.decodeOverflows).toBeGreaterThan(0);
    expect(report.requests.completed).toBe(6);
  });
});
