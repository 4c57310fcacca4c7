/**
 * Issue 24's power check on the shipped day scenario: `llmcap plan --scenario scenarios/day.yaml
 * --validate` (synthetic trace, the scenario's seed) — the planner's predicted peak, the number the
 * power budget is judged by, within ±10 % of the replay's 99th percentile of 100-ms means at the day's
 * peak. Every other window is predicted at least as high as it runs, less 10 %: the budget is judged on
 * the prediction, so it must not lean low. It leans high (by up to a quarter) where a pool keeps more
 * instances than the load needs: every instance pays its activity floor (profiles/README.md "Power at
 * 100 ms").
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/readCsv.js';
import { runCli } from '../helpers/runCli.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;

describe('plan --validate on day.yaml: predicted peak power vs the replay\'s p99 of 100-ms means', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-peak-'));
  let stdout = '';
  let predicted: Map<number, number>;
  let p99: Map<number, number>;

  beforeAll(async () => {
    const r = await runCli(['plan', '--scenario', DAY, '--validate', '--no-baseline', '--quiet', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout;
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { windows: { window: number; predictedPeakKW: number }[] };
    predicted = new Map(summary.windows.map((w) => [w.window, w.predictedPeakKW]));
    const all = readCsv(readFileSync(join(dir, 'windows.csv'), 'utf8')).filter((row) => row.class === 'all');
    p99 = new Map(all.map((row) => [Number(row.window), Number(row.p99_100ms_kw)]));
  }, 600_000);

  it('predicts the day\'s peak within ±10 % of the replay\'s p99 100-ms power in the same window', () => {
    expect(p99.size).toBe(24);
    const [peakWindow, peakKW] = [...predicted].reduce((a, b) => (b[1] > a[1] ? b : a));
    const replayed = p99.get(peakWindow) as number;
    expect(replayed).toBeGreaterThan(0);
    expect(Math.abs(peakKW / replayed - 1)).toBeLessThan(0.1);
    // The horizon-level comparison the CLI prints agrees (the highest p99 is in the peak's window or one as high).
    expect(Math.abs(peakKW / Math.max(...p99.values()) - 1)).toBeLessThan(0.1);
    expect(stdout).toMatch(/at the horizon's peak [\d.]+ vs [\d.]+ kW \([+−-][\d.]+ %\)/);
  });

  it('predicts no window\'s p99 100-ms power more than 10 % low, nor more than 30 % high', () => {
    for (const [w, kw] of p99) {
      const error = (predicted.get(w) as number) / kw - 1;
      expect(error, `window ${w}: ${(error * 100).toFixed(1)} %`).toBeGreaterThan(-0.1);
      expect(error, `window ${w}: ${(error * 100).toFixed(1)} %`).toBeLessThan(0.3);
    }
  });
});
