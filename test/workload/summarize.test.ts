/** Summaries of the Azure 2023 traces against the figures published in ../shared/traces/README.md. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../../src/scenario/index.js';
import { fromAzureTrace, summarizeTrace } from '../../src/workload/index.js';
import { CODE, CONV } from './traceHelpers.js';

describe('summarizeTrace', () => {
  it('conversation: requests, medians and quantiles as the README (linear interpolation)', async () => {
    const { summary: s } = await summarizeTrace(await fromAzureTrace(CONV), { windowS: 3600 });
    expect(s.requests).toBe(19_366);
    expect(s.input).toMatchObject({ min: 2, p50: 1020, p90: 2734.5, p99: 4142, max: 14_050, total: 22_361_870 });
    expect(s.output).toMatchObject({ min: 7, p50: 129, p90: 424, p99: 601, max: 1000, total: 4_088_665 });
    expect(s.input.mean).toBeCloseTo(1154.7, 1);
    expect(s.spanS).toBeCloseTo(3501.7, 1);
    expect(s.meanRateRps).toBeCloseTo(5.53, 2);
    expect(s.interArrival.cv).toBeCloseTo(1.09, 2);
    // 18:15–19:14 spans two calendar hours, both partial: each rate is over the covered part.
    expect(s.windows.map((w) => [w.startIso, w.partial])).toEqual([['2023-11-16T18:00:00.000Z', true], ['2023-11-16T19:00:00.000Z', true]]);
    expect(s.windows.reduce((a, w) => a + w.requests, 0)).toBe(19_366);
    expect(s.rate.basis).toBe('all windows');
  });

  it('code: requests, medians, quantiles and burstiness as the README', async () => {
    const { summary: s } = await summarizeTrace(await fromAzureTrace(CODE), { windowS: 3600 });
    expect(s.requests).toBe(8_819);
    expect(s.input).toMatchObject({ min: 3, p50: 1469, p99: 7436, max: 7437 });
    expect(s.input.p90).toBeCloseTo(5187.6, 6);
    expect(s.output).toMatchObject({ min: 6, p50: 13, p90: 55, max: 1899 });
    expect(s.output.p99).toBeCloseTo(251.46, 6); // the README rounds to 251.5
    expect(s.interArrival.cv).toBeCloseTo(13.2, 1);
  });

  it('per calendar minute: min / median / max arrivals over full minutes as the README', async () => {
    const conv = (await summarizeTrace(await fromAzureTrace(CONV), { windowS: 60 })).summary;
    expect(conv.rate).toMatchObject({ basis: 'full windows', windows: 58, minRequests: 201, medianRequests: 323.5, maxRequests: 502 });
    expect(conv.rate.meanRps * 60).toBeCloseTo(333.4, 1);
    const code = (await summarizeTrace(await fromAzureTrace(CODE), { windowS: 60 })).summary;
    expect(code.rate).toMatchObject({ minRequests: 0, medianRequests: 105, maxRequests: 585 });
    expect(code.windows.filter((w) => w.requests === 0)).toHaveLength(13); // "13 of 58" minutes
  });

  it('class mix and statistics reproduce scenarios/week.yaml (rounding half to even there: ±1 token)', async () => {
    const week = scenarioFromText(readFileSync(new URL('../../scenarios/week.yaml', import.meta.url), 'utf8'), 'week.yaml');
    for (const [path, service] of [[CONV, 'conversation'], [CODE, 'coding']] as const) {
      const { summary } = await summarizeTrace(await fromAzureTrace(path), { windowS: 3600, inputThresholds: [1024, 4096], outputThresholds: [64, 256] });
      for (const c of summary.classes) {
        const expected = week.classes.find((x) => x.id === `${service}/${c.name}`);
        expect(expected).toBeDefined();
        if (!expected || !c.input || !c.output) continue;
        expect(c.share).toBeCloseTo(expected.share, 3);
        for (const [got, want] of [[c.input, expected.input], [c.output, expected.output]] as const) {
          expect(Math.abs(Math.round(got.mean) - want.mean)).toBeLessThanOrEqual(1);
          expect(Math.abs(Math.round(got.p50) - (want.p50 ?? 0))).toBeLessThanOrEqual(1);
          expect(Math.abs(Math.round(got.p90) - (want.p90 ?? 0))).toBeLessThanOrEqual(1);
          expect(Math.abs(Math.round(got.p99) - (want.p99 ?? 0))).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});
