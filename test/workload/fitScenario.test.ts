/** `llmcap trace fit`: scenarios fitted from traces validate, carry the trace's numbers, and plan. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioFromText } from '../../src/scenario/index.js';
import { classBins, collectTraceStats, fitScenario, fromAzureTrace, fromGenericCsv, synthesizeTrace } from '../../src/workload/index.js';
import { CODE, CONV, FIXTURES, inputErrorOf, readAll, runCli } from './traceHelpers.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcap-fit-'));
const bins = classBins([1024, 4096], [64, 256]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('llmcap trace fit', () => {
  it('fits the conversation trace per hour: classRps from the trace, the statistics and a comment block', async () => {
    const out = join(dir, 'conv.yaml');
    const res = await runCli(['trace', 'fit', CONV, '--window', '1h', '-o', out, '--quiet']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Wrote .*conv\.yaml: 2 windows of 1 h from 2023-11-16T18:00:00Z/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# conv: fitted by `llmcap trace fit` from .*AzureLLMInferenceTrace_conv\.csv/);
    expect(text).toContain('SS: { share: 0.0528, input: { mean: 364, p50: 370, p90: 741, p99: 995 }, output: { mean: 39, p50: 46, p90: 61, p99: 63 } } # 1,023 requests');
    expect(text).toContain('# No power budget');
    const s = scenarioFromText(text, out);
    expect(s.name).toBe('conv');
    // The service (no service column) is named readably after the file: conv/SS, not AzureLLMInferenceTrace_conv/SS.
    expect(s.classes.map((c) => c.id).slice(0, 2)).toEqual(['conv/SS', 'conv/SM']);
    expect(s.horizon.windows.map((w) => w.startIso)).toEqual(['2023-11-16T18:00:00.000Z', '2023-11-16T19:00:00.000Z']);
    // Requests per window = Σ class rates × covered seconds (18:15:46.68 → 19:00, 19:00 → 19:14:08.40).
    const covered = [2653.319, 848.403];
    const requests = covered.map((c, w) => s.demandRps.reduce((sum, d) => sum + (d[w] ?? 0), 0) * c);
    expect((requests[0] ?? 0) + (requests[1] ?? 0)).toBeCloseTo(19_366, -1);
    expect(s.hardware.gpus).toEqual(['A100-80GB', 'H100-80GB']);
    expect(s.hardware.tp).toEqual([4, 8]);
    expect(s.simulation.arrivals).toBe('gamma');
    // Burstiness 1.23 is no burst law: no caution.
    expect(text).not.toContain('Caution');
    expect(await runCli(['validate', out])).toMatchObject({ code: 0 });
  });

  it('a fitted scenario runs through llmcap plan with HiGHS', async () => {
    const out = join(dir, 'conv2h.yaml');
    expect((await runCli(['trace', 'fit', CONV, '--window', '2h', '-o', out, '--quiet'])).code).toBe(0);
    const plan = await runCli(['plan', '--scenario', out, '--out', join(dir, 'plan'), '--solver', 'highs', '--quiet', '--json']);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ ok: true });
  });

  it('--repeat-to 168h stretches the trace over a week with the documented shape, level fitted to the trace', async () => {
    const out = join(dir, 'code-week.yaml');
    const res = await runCli(['trace', 'fit', CODE, '--window', '1h', '--repeat-to', '168h', '--service', 'coding', '-o', out, '--quiet', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ windows: 168, repeated: true, services: [{ name: 'coding', requests: 8819 }] });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('exp(b*cos(2*pi*(h-14)/24))');
    expect(text).toContain('daily: [ 0.583, 0.553, 0.542,');
    const s = scenarioFromText(text, out);
    expect(s.horizon.startIso).toBe('2023-11-13T00:00:00.000Z'); // the Monday before Thursday 2023-11-16
    // Thursday 18:00 and 19:00 are windows 90 and 91: the shape there, times the covered seconds, gives the trace's requests.
    const rate = (w: number) => s.demandRps.reduce((sum, d) => sum + (d[w] ?? 0), 0);
    const predicted = rate(90) * (3600 - (17 * 60 + 3.98)) + rate(91) * (14 * 60 + 19.93);
    expect(predicted / 8819).toBeCloseTo(1, 2);
    expect(rate(14) / rate(2)).toBeCloseTo(1.597 / 0.542, 2);
    expect(rate(24 * 5 + 14) / rate(14)).toBeCloseTo(0.8, 3);
  });

  it('fits every service of a trace with a service column, or the one named', async () => {
    const source = await fromGenericCsv(join(FIXTURES, 'generic_services.csv'));
    const stats = await collectTraceStats(source, { windowS: 3600, bins });
    const both = fitScenario(stats, { name: 'x', file: source.name, defaultServiceName: 'x' });
    expect(both.scenario.services.map((s) => s.name)).toEqual(['chat', 'code__v2']);
    const one = fitScenario(stats, { name: 'x', file: source.name, defaultServiceName: 'x', service: 'code, v2' });
    expect(one.scenario.services.map((s) => s.name)).toEqual(['code__v2']);
    const err = await inputErrorOf(async () => fitScenario(stats, { name: 'x', file: source.name, defaultServiceName: 'x', service: 'chatt' }));
    expect(err.problems[0]).toMatchObject({ field: '--service', fix: 'use one of chat, code, v2' });
  });

  it('writes the bursty coding trace\'s own gaps by default, and its synthetic trace is as clustered as the trace (a gamma is not)', async () => {
    const out = join(dir, 'code-empirical.yaml');
    const res = await runCli(['trace', 'fit', CODE, '--window', '1h', '--arrivals', 'empirical', '-o', out, '--quiet']);
    expect(res.code).toBe(0);
    const s = scenarioFromText(readFileSync(out, 'utf8'), out);
    // The default (auto) writes the same file for this trace: its gaps' CV, 7.36, is past BURSTY_GAMMA_CV.
    const autoOut = join(dir, 'code-auto.yaml');
    const auto = await runCli(['trace', 'fit', CODE, '--window', '1h', '-o', autoOut]);
    expect(auto.code).toBe(0);
    expect(auto.stderr).not.toMatch(/Note:/);
    expect(readFileSync(autoOut, 'utf8')).toMatch(/# {3}written as empirical arrivals \(a gamma law with burstiness 7.36 would send most requests in simultaneous bursts\)/);
    expect(scenarioFromText(readFileSync(autoOut, 'utf8'), autoOut).simulation.gapQuantiles).toEqual(s.simulation.gapQuantiles);
    expect(s.simulation.arrivals).toBe('empirical');
    const q = s.simulation.gapQuantiles ?? [];
    expect(q[0]?.[0]).toBe(0);
    expect(q[q.length - 1]?.[0]).toBe(1);
    // Measured on the trace: 17.0 % of its gaps are under 1 ms, its median gap 64 ms (0.16 of the mean gap).
    const median = q.find(([p]) => p === 0.5)?.[1] ?? 0;
    expect(median).toBeGreaterThan(0.12);
    expect(median).toBeLessThan(0.2);
    const subMs = async (scenario: typeof s) => {
      const r = await readAll(synthesizeTrace(scenario));
      const gaps = r.arrivalS.slice(1).map((t, i) => t - (r.arrivalS[i] as number));
      return gaps.filter((g) => g < 0.001).length / gaps.length;
    };
    expect(Math.abs((await subMs(s)) - 0.17)).toBeLessThan(0.04);
    // The gamma law fitted to the gaps' CV (--arrivals gamma: burstiness 7.36) puts most gaps under
    // 1 ms, and trace fit says so when asked to write it, in the file and on stderr.
    expect(await subMs({ ...s, simulation: { ...s.simulation, arrivals: 'gamma', burstiness: 7.36 } })).toBeGreaterThan(0.7);
    const gammaOut = join(dir, 'code-gamma.yaml');
    const gamma = await runCli(['trace', 'fit', CODE, '--window', '1h', '--arrivals', 'gamma', '-o', gammaOut]);
    expect(gamma.stderr).toMatch(/Note: gamma arrivals with burstiness 7.36 .* the trace has 17.0 % of its gaps under 1 ms: --arrivals empirical/);
    expect(readFileSync(gammaOut, 'utf8')).toMatch(/# {3}Caution: gamma arrivals with burstiness 7.36/);
  });

  it('says what is wrong with the model, the window or --repeat-to', async () => {
    const stats = await collectTraceStats(await fromAzureTrace(CONV), { windowS: 3600, bins });
    const model = await inputErrorOf(async () => fitScenario(stats, { name: 'x', file: CONV, defaultServiceName: 'x', model: 'Llama-2-70' }));
    expect(model.problems[0]?.field).toBe('--model');
    expect(model.problems[0]?.fix).toMatch(/did you mean 'Llama-2-70B'/);
    const short = await inputErrorOf(async () => fitScenario(stats, { name: 'x', file: CONV, defaultServiceName: 'x', repeatToS: 1800 }));
    expect(short.problems[0]?.field).toBe('--repeat-to');
    const tiny = await runCli(['trace', 'fit', CONV, '--window', '0.2s', '-o', join(dir, 'never.yaml'), '--quiet']);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(/--window: 17510 windows of 0.2 s; a scenario has at most 8784. Fix: use a longer --window/);
    const bad = await runCli(['trace', 'fit', CONV, '--window', 'hourly', '-o', join(dir, 'never.yaml'), '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window: 'hourly' is not a duration/);
  });
});
