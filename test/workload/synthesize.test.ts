/** Synthetic traces: per-window rates, token statistics, determinism and independent class streams. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioFromText, type Scenario } from '../../src/scenario/index.js';
import { CHUNK_ROWS, summarizeTrace, synthesizeTrace, type TraceSummary } from '../../src/workload/index.js';
import { readAll, runCli } from './traceHelpers.js';

const WEEK_PATH = new URL('../../scenarios/week.yaml', import.meta.url).pathname;
const week = scenarioFromText(readFileSync(WEEK_PATH, 'utf8'), WEEK_PATH);

/** Two classes of one service with explicit per-window rates. */
function twoClasses(rpsA: number[], rpsB: number[], extra = ''): Scenario {
  const yaml = `
name: two
horizon: { start: '2024-05-13T00:00:00Z', windows: ${rpsA.length}, windowMinutes: 10 }
services:
  - name: chat
    model: Llama-2-70B
    classes:
      inputThresholds: [1024]
      outputThresholds: []
      stats:
        SA: { share: 0.5, input: { mean: 400, p50: 380, p90: 800, p99: 1000 }, output: { mean: 100, p50: 80, p90: 200, p99: 400 } }
        LA: { share: 0.5, input: { mean: 3000 }, output: { mean: 50 } }
    slo: { default: { ttft: { percentile: 99, ms: 5000 }, tbt: { percentile: 99, ms: 200 } } }
    demand:
      classRps: { SA: [${rpsA.join(', ')}], LA: [${rpsB.join(', ')}] }
hardware: { gpus: [H100-80GB], tp: [8], clocks: { count: 1 } }
${extra}`;
  return scenarioFromText(yaml, 'two.yaml');
}

describe('synthesizeTrace', () => {
  it('is deterministic for a seed, differs across seeds, and hands out lazy chunks', async () => {
    const s = twoClasses([20, 5], [3, 10]);
    const a = await readAll(synthesizeTrace(s, { seed: 7 }));
    const b = await readAll(synthesizeTrace(s, { seed: 7 }));
    const c = await readAll(synthesizeTrace(s, { seed: 8 }));
    expect(a).toEqual(b);
    expect(c.arrivalS).not.toEqual(a.arrivalS);
    expect(a.arrivalS.every((t, i) => i === 0 || t >= (a.arrivalS[i - 1] as number))).toBe(true);
    const first = await synthesizeTrace(week, { windows: [14] }).chunks()[Symbol.asyncIterator]().next();
    expect(first.value?.length).toBe(CHUNK_ROWS);
  });

  it('keeps every other class as it was when one class\'s rate changes (one stream per class)', async () => {
    const before = await readAll(synthesizeTrace(twoClasses([20, 5], [3, 10])));
    const after = await readAll(synthesizeTrace(twoClasses([20, 5], [6, 1])));
    const ofClass = (r: typeof before, k: number) => r.arrivalS.map((t, i) => [t, r.inputTokens[i], r.outputTokens[i]]).filter((_, i) => r.classIndex[i] === k);
    expect(ofClass(after, 0)).toEqual(ofClass(before, 0));
    expect(ofClass(after, 1)).not.toEqual(ofClass(before, 1));
  });

  it('a subset of windows gives exactly the full trace\'s requests in those windows', async () => {
    const s = twoClasses([20, 5, 9], [3, 10, 1]);
    const all = await readAll(synthesizeTrace(s));
    const part = await readAll(synthesizeTrace(s, { windows: [2, 0] }));
    const inWindows = all.arrivalS.map((t, i) => [t, all.inputTokens[i]]).filter(([t]) => (t as number) < 600 || (t as number) >= 1200);
    expect(part.arrivalS.map((t, i) => [t, part.inputTokens[i]])).toEqual(inWindows);
  });

  it('draws tokens inside each class\'s bin, with its quantiles', async () => {
    const r = await readAll(synthesizeTrace(twoClasses([60], [10])));
    const sa = r.inputTokens.filter((_, i) => r.classIndex[i] === 0).sort((a, b) => a - b);
    const la = r.inputTokens.filter((_, i) => r.classIndex[i] === 1);
    expect(sa.every((v) => v >= 1 && v < 1024)).toBe(true);
    expect(la.every((v) => v === 3000)).toBe(true);
    expect(sa[Math.floor(sa.length / 2)]).toBeGreaterThan(370);
    expect(sa[Math.floor(sa.length / 2)]).toBeLessThan(390);
    expect(sa.reduce((a, b) => a + b, 0) / sa.length).toBeCloseTo(400, -1);
  });

  it('gamma arrivals have the asked coefficient of variation; rateScale scales the load', async () => {
    const s = twoClasses([100], [0], 'simulation: { arrivals: gamma, burstiness: 2 }');
    const { summary } = await summarizeTrace(synthesizeTrace(s), { windowS: 600, inputThresholds: [1024], outputThresholds: [] });
    expect(summary.services[0]?.interArrivalCv).toBeGreaterThan(1.8);
    expect(summary.services[0]?.interArrivalCv).toBeLessThan(2.2);
    const poisson = (await summarizeTrace(synthesizeTrace(s, { arrivals: 'poisson', rateScale: 0.5 }), { windowS: 600 })).summary;
    expect(poisson.interArrival.cv).toBeCloseTo(1, 1);
    expect(poisson.requests / summary.requests).toBeCloseTo(0.5, 1);
  });

  it('rejects windows outside the horizon and bad knobs with the field and a fix', () => {
    expect(() => synthesizeTrace(week, { windows: [168] })).toThrow(/windows: window 168 does not exist. Fix: use window indices 0–167/);
    expect(() => synthesizeTrace(week, { arrivals: 'gamma', burstiness: 0 })).toThrow(/burstiness/);
  });
});

describe('llmcap trace synth → llmcap trace summarize on scenarios/week.yaml', () => {
  // Six of the quieter windows (to stay fast): Monday 02:00 and 04:00, Tuesday 02:00, Saturday 01:00
  // and 05:00, Sunday 06:00. The bench checks all 168.
  const windows = [2, 4, 26, 121, 125, 150];
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-synth-'));
  const csv = join(dir, 'week6.csv');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the trace and reads back per-window rates within 5 % of the scenario in every window with ≥ 1,000 requests', async () => {
    const synth = await runCli(['trace', 'synth', '--scenario', WEEK_PATH, '-o', csv, '--windows', '2,4,26,121,125,150', '--json', '--quiet']);
    expect(synth.code).toBe(0);
    const facts = JSON.parse(synth.stdout) as { requests: number; expectedRequests: number; windows: number };
    expect(facts.windows).toBe(6);
    expect(facts.requests / facts.expectedRequests).toBeCloseTo(1, 2);

    const res = await runCli(['trace', 'summarize', csv, '--window', '1h', '--json', '--quiet']);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout) as TraceSummary;
    expect(summary.requests).toBe(facts.requests);
    expect(summary.services.map((s) => s.name)).toEqual(['conversation', 'coding']);
    const startMs = Date.parse(week.horizon.startIso);
    const checked: number[] = [];
    for (const w of summary.windows) {
      if (w.requests < 1000) continue;
      const index = Math.round((Date.parse(w.startIso) - startMs) / 3_600_000);
      const expected = week.demandRps.reduce((sum, d) => sum + (d[index] ?? 0), 0);
      expect(Math.abs(w.rateRps / expected - 1)).toBeLessThan(0.05);
      checked.push(index);
    }
    expect(checked).toEqual(windows);
    // Class by class too, where a window holds enough requests of the class for 5 % to be a wide margin.
    for (const svc of summary.services) {
      for (const c of svc.classes) {
        const k = week.classes.findIndex((x) => x.id === `${svc.name}/${c.name}`);
        const meanRps = windows.reduce((sum, w) => sum + (week.demandRps[k]?.[w] ?? 0), 0) / windows.length;
        if (c.requests < 10_000) continue;
        expect(Math.abs(c.requests / (meanRps * 3600 * windows.length) - 1)).toBeLessThan(0.05);
      }
    }
  });
});

describe('empirical arrivals (simulation.gapQuantiles)', () => {
  // Gaps as multiples of the mean: half of them within 0.01, 90 % within 1, the longest 7.1. The
  // piecewise-linear mean of these points is 0.6095, so the sampler scales them by 1/0.6095.
  const QUANTILES = 'simulation: { arrivals: empirical, gapQuantiles: [[0, 0], [0.5, 0.01], [0.9, 1], [1, 7.1]] }';
  const scale = 1 / (0.5 * 0.005 + 0.4 * 0.505 + 0.1 * 4.05);

  it('one stream per service at its classes\' rate: the gaps follow the quantiles, the classes their rates', async () => {
    const s = twoClasses([40], [10], QUANTILES);
    const r = await readAll(synthesizeTrace(s));
    // 50 req/s over the 600-s window: 30,000 expected.
    expect(Math.abs(r.arrivalS.length / 30_000 - 1)).toBeLessThan(0.05);
    const gaps = r.arrivalS.slice(1).map((t, i) => t - (r.arrivalS[i] as number));
    const median = (0.01 * scale) / 50;
    const below = gaps.filter((g) => g < median).length / gaps.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(0.015);
    const ninety = (1 * scale) / 50;
    expect(Math.abs(gaps.filter((g) => g < ninety).length / gaps.length - 0.9)).toBeLessThan(0.01);
    // Class SA has 40 of the 50 req/s.
    expect(Math.abs(r.classIndex.filter((k) => k === 0).length / r.arrivalS.length - 0.8)).toBeLessThan(0.01);
    expect(await readAll(synthesizeTrace(s))).toEqual(r);
  });

  it('names the field and the fix when the quantiles are missing or out of order', () => {
    const problem = (sim: string) => {
      try {
        twoClasses([1], [1], sim);
      } catch (e) {
        return (e as { problems?: { field: string; fix: string }[] }).problems?.[0];
      }
      return undefined;
    };
    expect(problem('simulation: { arrivals: empirical }')?.field).toBe('simulation.arrivals');
    expect(problem('simulation: { arrivals: empirical, gapQuantiles: [[0, 0], [0.5, 2], [0.4, 3], [1, 4]] }')?.field).toBe('simulation.gapQuantiles[2]');
    expect(problem('simulation: { arrivals: empirical, gapQuantiles: [[0, 0], [0.5, 2], [0.9, 1], [1, 4]] }')?.fix).toMatch(/in order/);
    expect(problem('simulation: { arrivals: empirical, gapQuantiles: [[0, 0], [0.5, 2]] }')?.field).toBe('simulation.gapQuantiles[1]');
    expect(problem(QUANTILES)).toBeUndefined();
  });
});
