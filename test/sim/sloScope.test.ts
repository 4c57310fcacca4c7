/**
 * ITL, E2E and SLO scopes in the replay's ledger and verdict, with hand-checkable counts: two classes
 * of one service, TTFT judged over all requests (scope all), TPOT per class, ITL and E2E per service.
 */
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../../src/scenario/index.js';
import { toWindowsCsv } from '../../src/report/toWindowsCsv.js';
import type { ClassTargets } from '../../src/sim/index.js';
import { replayVerdict } from '../../src/sim/metrics/verdict.js';
import { WindowLedger } from '../../src/sim/metrics/windowLedger.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';
import { tinyScenarioYaml } from '../helpers/tinyScenario.js';

const info = { startIso: '2026-01-01T00:00:00Z', plannedEnergyKWh: 0, plannedStaticEnergyKWh: 0 };
const pooled = { ttft: 'all', itl: 'service', e2e: 'service' } as const;
const target = (classId: string, ttftMs: number): ClassTargets => ({
  classId,
  ttftMs,
  ttftPercentile: 99,
  tbtMs: 50,
  tbtPercentile: 99,
  ttftSlowdown: undefined,
  tbtSlowdown: undefined,
  itlMs: 40,
  itlPercentile: 99,
  e2eMs: 5000,
  e2ePercentile: 90,
  service: 'chat',
  scope: pooled,
});

describe('pooled SLO scopes in the ledger', () => {
  // Class a: 1,000 requests, 30 over their TTFT target (97 %: a significant miss on its own);
  // class b: 1,000 requests, none over (its own target is looser). Pooled: 30 of 2,000 (98.5 %).
  const ledger = new WindowLedger([target('chat/a', 100), target('chat/b', 400)], [info], 3600, 1);
  for (const [k, slow] of [[0, 30], [1, 0]] as const) {
    for (let i = 0; i < 1000; i++) {
      ledger.arrive(0, k);
      // a's slow requests take 150 ms (over a's 100 ms, under b's 400 ms: each against its own target);
      // E2E 6 s for 150 of a's requests and 50 of b's (200 of 2,000 = 10 %, exactly what p90 allows).
      ledger.complete(0, k, i < slow ? 150 : 50, k === 0 ? 100 : 400, 20, 50, 20, 0, (k === 0 ? i < 150 : i < 50) ? 6000 : 1000, 5000);
    }
    // 10,000 gaps per class: a has 300 over 40 ms, b 0 (300 of 20,000 = 1.5 %).
    ledger.tokenGaps(0, k, 30, k === 0 ? 9700 : 10_000);
    if (k === 0) ledger.tokenGaps(0, k, 45, 300);
  }
  ledger.finishWindow(0, 0, 0);
  const [w] = ledger.results();
  if (!w) throw new Error('no window');

  it('counts every request against its own target in the pooled cells', () => {
    expect(w.scopes?.map((s) => s.scope)).toEqual(['service:chat', 'all']);
    const all = w.scopes?.find((s) => s.scope === 'all');
    expect(all?.requests).toBe(2000);
    expect(all?.judgements.map((j) => [j.metric, j.samples, j.met])).toEqual([['ttft', 2000, 1970]]);
    const service = w.scopes?.find((s) => s.scope === 'service:chat');
    expect(service?.judgements.map((j) => [j.metric, j.samples, j.met])).toEqual([
      ['itl', 20_000, 19_700],
      ['e2e', 2000, 1800],
    ]);
  });

  it('judges pooled metrics only in their pooled cells, with the same binomial test', () => {
    const a = w.classes.find((c) => c.classId === 'chat/a');
    // a's own TTFT attainment is 97 %, but TTFT is judged over all requests: not in a's cell.
    expect(a?.ttftAttainment).toBeCloseTo(0.97, 12);
    expect(a?.ttftMissPValue).toBe(1);
    expect(a?.itl).toBeUndefined();
    expect(a?.meetsSlo).toBe(true);
    const v = replayVerdict(ledger.results());
    // 30 of 2,000 at p99 (20 allowed): p ≈ 0.02, not significant — a point miss of 'all'.
    // ITL 300 of 20,000 (200 allowed): significant — the service fails on ITL.
    expect(v.failures.map((f) => [f.classId, f.metrics])).toEqual([['service:chat', ['itl']]]);
    expect(v.pointMisses.map((f) => [f.classId, f.metrics])).toEqual([['all', ['ttft']]]);
    expect(v.cells).toBe(4);
  });

  it('writes the pooled cells to windows.csv: the service row and the judged columns', () => {
    const lines = toWindowsCsv({ windows: ledger.results() }).trim().split('\n');
    const header = lines[0]?.split(',') ?? [];
    const col = (line: string | undefined, name: string) => line?.split(',')[header.indexOf(name)];
    expect(lines.map((l) => col(l, 'class'))).toEqual(['class', 'all', 'chat/a', 'chat/b', 'service:chat']);
    const service = lines[4];
    expect(col(service, 'requests')).toBe('2000');
    expect(col(service, 'meets_slo')).toBe('no');
    expect(col(service, 'itl_attainment')).toBe('0.985');
    expect(col(service, 'e2e_attainment')).toBe('0.9');
    expect(col(lines[1], 'meets_slo')).toBe('point-miss');
    expect(col(lines[1], 'ttft_attainment')).toBe('0.985');
  });
});

describe('ITL, E2E and scope in the scenario file', () => {
  const withSlo = (slo: string) => tinyScenarioYaml().replace(/default: \{ ttft: .*\}\s*\}\n/, `default: { ${slo} }\n`);

  it('reads itl and e2e targets with their scope, per-class overrides merging field by field', () => {
    const text = withSlo("ttft: { percentile: 99, ms: 5000, scope: all }, tpot: { percentile: 99, ms: 200 }, itl: { percentile: 99, ms: 150 }, e2e: { percentile: 90, slowdown: 4, scope: service }");
    const s = scenarioFromText(text, 'tiny.yaml');
    const slo = s.classes[0]?.slo;
    expect(slo?.itl).toEqual({ percentile: 99, ms: 150 });
    expect(slo?.e2e).toEqual({ percentile: 90, slowdown: 4, scope: 'service' });
    expect(slo?.scope).toEqual({ ttft: 'all', tbt: 'class', itl: 'class', e2e: 'service' });
    // A class that sets only its ITL keeps the default's TTFT and TPOT.
    const override = scenarioFromText(tinyScenarioYaml().replace(/(default: \{ ttft: .*\}\s*\}\n)/, '$1      classes: { AA: { itl: { percentile: 95, ms: 120 } } }\n'), 'tiny.yaml').classes[0]?.slo;
    expect(override?.itl).toEqual({ percentile: 95, ms: 120 });
    expect(override?.ttft).toEqual({ percentile: 99, ms: 5000 });
    expect(override?.tbt).toEqual({ percentile: 99, ms: 200 });
  });

  it('refuses a pooled scope over classes with different percentiles', () => {
    const text = tinyScenarioYaml()
      .replace('inputThresholds: []', 'inputThresholds: [1024]')
      .replace(/AA: \{ share: 1, input: \{ mean: 1000 \}/, 'SA: { share: 0.5, input: { mean: 500 }, output: { mean: 100 } }\n        LA: { share: 0.5, input: { mean: 2000 }')
      .replace(/default: \{ ttft: .*\}\s*\}\n/, "default: { ttft: { percentile: 99, ms: 5000, scope: service }, tbt: { percentile: 99, ms: 200 } }\n      classes: { LA: { ttft: { percentile: 90, ms: 8000, scope: service } } }\n");
    const err = inputErrorOf(text);
    expect(err.problems[0]?.message).toContain("scope 'service:chat' pools classes with different percentiles");
  });
});
