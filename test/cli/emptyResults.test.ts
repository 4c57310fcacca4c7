/** Empty results say why (llmcap capacity filters), and `llmcap schema --designs` prints the designs-file schema. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/runCli.js';

describe('llmcap capacity filters', () => {
  it('a filter value the scenario does not have is bad input that lists the values it has', async () => {
    const r = await runCli(['capacity', '--scenario', 'scenarios/day.yaml', '--clock', '1600']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--clock: the scenario has no clock \(MHz\) 1600 \(it has [\d, ]*1980\)/);
    expect(r.stderr).toMatch(/Fix: give --clock one of /);
  });

  it('filters that exist but match nothing together say so, in text and in --json', async () => {
    const text = await runCli(['capacity', '--scenario', 'scenarios/day.yaml', '--gpu', 'A100-80GB', '--clock', '1980']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^No rows: no config has --gpu A100-80GB and --clock 1980 together/);
    const json = JSON.parse((await runCli(['capacity', '--scenario', 'scenarios/day.yaml', '--gpu', 'A100-80GB', '--clock', '1980', '--json'])).stdout);
    expect(json.rows).toEqual([]);
    expect(json.emptyReason).toMatch(/no config has --gpu A100-80GB and --clock 1980 together/);
  });
});

describe('llmcap schema --designs', () => {
  it('prints the designs-file schema, whose pools lists the allowed values', async () => {
    const r = await runCli(['schema', '--designs']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('llmcap designs');
    // One rule, optimize, or a list of rules.
    const [rule, optimize, list] = schema.properties.designs.items.properties.pools.anyOf;
    const rules = ['by-input-bin', 'by-service-and-input-bin', 'shared', 'per-class'];
    expect(rule.anyOf.map((b: { const: string }) => b.const)).toEqual(rules);
    expect(optimize.const).toBe('optimize');
    expect(list.items.anyOf.map((b: { const: string }) => b.const)).toEqual(rules);
  });
});

describe('readable defaults in small places', () => {
  it('trace fit names a service without a service column after the last word of the file name', async () => {
    const { readableServiceName } = await import('../../src/cli/commands/traceFit.js');
    expect(readableServiceName('AzureLLMInferenceTrace_conv')).toBe('conv');
    expect(readableServiceName('AzureLLMInferenceTrace_code_1week')).toBe('1week');
    expect(readableServiceName('mytrace')).toBe('mytrace');
    expect(readableServiceName('a_b')).toBe('a_b');
  });

  it('validate prints window lengths as durations, and --json usage errors are JSON', async () => {
    const v = await runCli(['validate', 'scenarios/day.yaml']);
    expect(v.stdout).toMatch(/24 windows of 1 h;/);
    expect((await runCli(['validate', 'scenarios/splitwise.yaml'])).stdout).toMatch(/: valid\. 1 window of 1 h;/);
    const usage = await runCli(['plan', '--scenario', 'scenarios/day.yaml', '--bogus', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ ok: false, error: 'usage', exitCode: 2, message: "unknown option '--bogus'" });
  });
});

describe('unit figures', () => {
  it('plan prints and summary.json carries cost per hour and per million tokens, with the horizon as the unit of time', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = mkdtempSync(join(tmpdir(), 'llmcap-unit-'));
    // Unit figures do not depend on the baseline or the repair check (day.yaml's plan needs no repair round).
    const r = await runCli(['plan', '--scenario', 'scenarios/day.yaml', '--out', out, '--no-baseline', '--no-repair', '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const u = summary.unitFigures;
    expect(u.horizonHours).toBe(24);
    expect(u.costPerHourUsd).toBeCloseTo(summary.totals.totalCostUsd / 24, 6);
    expect(u.costPerMillionOutputTokensUsd).toBeCloseTo(summary.totals.totalCostUsd / u.outputTokensMillions, 6);
    expect(u.energyKWhPerMillionTokens).toBeCloseTo(summary.totals.energyKWh / u.tokensMillions, 6);
    expect(u.tokensMillions).toBeGreaterThan(u.outputTokensMillions);
    expect(r.stdout).toMatch(/cost [\d,]+ USD per day/);
    expect(r.stdout).toMatch(/Unit figures: [\d,.]+ USD per hour; [\d,.]+ USD per million output tokens/);
    // day.yaml rents its fleet: nothing is bought upfront, and both outputs say so.
    expect(summary.totals.upfrontUsd).toBe(0);
    expect(summary.totals.boughtServers).toBe(0);
    expect(r.stdout).toContain('Upfront outlay: 0 USD (none bought');
  }, 600_000);
});
