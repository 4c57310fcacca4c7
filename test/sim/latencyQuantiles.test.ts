/**
 * Overall latency quantiles (src/sim/metrics/latencyQuantiles.ts, fed by the window ledger and, for
 * ITL, by every decode run): replay.json's whole-replay figures and windows.csv's 'all' rows agree with
 * exact quantiles computed from requests.arrow, within the log histogram's documented ±0.8 %; ITL
 * counts every token gap once.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

/** Nearest-rank quantile, as the histograms read them. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length - 1e-9)) - 1] as number;
}

/** Within the histogram's ±0.8 % (plus a hair for the rounding of the written figures). */
function expectWithinHistogram(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(0.008 * Math.abs(exact) + 1e-3);
}

const COLUMN = { ttft: 'ttft_ms', tpot: 'tbt_mean_ms', e2e: 'e2e_ms', queue: 'queue_ms' } as const;
const CSV_PREFIX = { ttft: 'ttft', tpot: 'tbt', e2e: 'e2e', queue: 'queue' } as const;

describe.each([
  { design: 'mixed pools', roles: undefined },
  { design: 'split prefill and decode pools (KV transfer between them)', roles: ['prefill', 'decode'] },
])('overall latency quantiles of a replay, $design', ({ roles }) => {
  it('match the exact quantiles of requests.arrow within ±0.8 %, in replay.json and windows.csv; ITL covers every token gap once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-latency-'));
    const scenario = join(dir, 'tiny.yaml');
    writeFileSync(scenario, tinyScenarioYaml({ windows: 1, rps: 3, outputMean: 120, ...(roles ? { roles } : {}) }));
    expect((await runCli(['plan', '--scenario', scenario, '--out', dir, '--no-baseline', '--quiet'])).code).toBe(0);
    const r = await runCli(['simulate', '--plan', join(dir, 'plan.arrow'), '--scenario', scenario, '--out', dir, '--requests', 'all', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const replay = JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8'));
    const requests = tableFromIPC(readFileSync(join(dir, 'requests.arrow')));
    const column = (name: string) => Array.from(requests.getChild(name)?.toArray() as ArrayLike<number>);
    const ttft = column('ttft_ms');
    const done = ttft.map((v, i) => (Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
    expect(done.length).toBeGreaterThan(5000);
    const allRow = readCsv(readFileSync(join(dir, 'windows.csv'), 'utf8')).find((row) => row['class'] === 'all');
    for (const metric of ['ttft', 'tpot', 'e2e', 'queue'] as const) {
      const values = column(COLUMN[metric]).filter((_, i) => done.includes(i));
      const summary = replay.latency.all[metric];
      expect(summary.count).toBe(done.length);
      for (const [q, key] of [[0.5, 'p50'], [0.9, 'p90'], [0.95, 'p95'], [0.99, 'p99']] as const) {
        const exact = exactQuantile(values, q);
        expectWithinHistogram(summary[`${key}Ms`], exact);
        expectWithinHistogram(Number(allRow?.[`${CSV_PREFIX[metric]}_${key}_ms`]), exact);
      }
      expect(summary.meanMs).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 2);
    }
    // Every request contributes its output − 1 gaps, and they add up to its last token − its first.
    const output = column('output_tokens');
    const e2e = column('e2e_ms');
    const gaps = done.reduce((s, i) => s + Math.max(0, (output[i] as number) - 1), 0);
    const gapMs = done.reduce((s, i) => s + ((e2e[i] as number) - (ttft[i] as number)), 0);
    expect(replay.latency.all.itl.count).toBe(gaps);
    expect(replay.latency.all.itl.meanMs).toBeCloseTo(gapMs / gaps, 2);
    // Per class (one class here) equals the overall figures.
    expect(replay.latency.classes.map((c: { classId: string }) => c.classId)).toEqual(['chat/AA']);
    expect(replay.latency.classes[0].itl).toEqual(replay.latency.all.itl);
  });
});
