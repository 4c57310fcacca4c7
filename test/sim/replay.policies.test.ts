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
