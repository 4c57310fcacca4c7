import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioFromText } from '../../src/scenario/index.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

const dayText = readFileSync(new URL('../../scenarios/day.yaml', import.meta.url), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('scenario validation', () => {
  it('accepts the built-in scenarios', () => {
    const day = scenarioFromText(dayText, 'day.yaml');
    expect(day.horizon.windows).toHaveLength(24);
    expect(day.classes).toHaveLength(18);
    const week = scenarioFromText(readFileSync(new URL('../../scenarios/week.yaml', import.meta.url), 'utf8'), 'week.yaml');
    expect(week.horizon.windows).toHaveLength(168);
    expect(week.hardware.gpus.length).toBeGreaterThanOrEqual(4);
  });

  it('names the line and field of a misspelled GPU type and suggests the right one', () => {
    const text = dayText.replace('gpus: [A100-80GB, H100-80GB]', 'gpus: [A100-80GB, H100-80G]');
    const err = inputErrorOf(text);
    const p = err.problems[0];
    expect(p?.field).toBe('hardware.gpus[1]');
    expect(p?.line).toBe(lineOf(text, 'gpus: [A100-80GB, H100-80G]'));
    expect(p?.fix).toContain("did you mean 'H100-80GB'");
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: hardware\.gpus\[1\]: unknown GPU type 'H100-80G'/);
  });

  it('rejects a negative rate at its line', () => {
    const text = dayText.replace('meanRps: 6', 'meanRps: -3');
    const p = inputErrorOf(text).problems[0];
    expect(p?.field).toBe('services[0].demand.meanRps');
    expect(p?.line).toBe(lineOf(text, 'meanRps: -3'));
    expect(p?.message).toContain('>= 0');
  });

  it('rejects NaN and Infinity', () => {
    for (const bad of ['.nan', '.inf']) {
      const text = dayText.replace('meanRps: 6', `meanRps: ${bad}`);
      const p = inputErrorOf(text).problems[0];
      expect(p?.field).toBe('services[0].demand.meanRps');
      expect(p?.message).toMatch(/finite/);
    }
  });

  it('reports a YAML syntax error with its line', () => {
    const text = dayText.replace('  windows: 24', '  windows: [24');
    const p = inputErrorOf(text).problems[0];
    expect(p?.message).toMatch(/YAML syntax error/);
    // The parser notices an unclosed bracket where the next line starts.
    expect([lineOf(text, 'windows: [24'), lineOf(text, 'windows: [24') + 1]).toContain(p?.line);
  });

  it('names an unknown field and a missing required field', () => {
    const unknown = inputErrorOf(dayText.replace('  windowMinutes: 60', '  windowMinute: 60')).problems;
    expect(unknown.map((p) => p.field)).toContain('horizon.windowMinute');
    const missing = inputErrorOf(dayText.replace(/^name: day\n/m, '')).problems;
    expect(missing.some((p) => p.field === 'name' && /required/.test(p.message))).toBe(true);
  });

  it('checks cross-field rules: class shares, bins, series lengths, unknown models', () => {
    const shares = inputErrorOf(dayText.replace('SS: { share: 0.0528', 'SS: { share: 0.5528'));
    expect(shares.problems.some((p) => /add up to/.test(p.message))).toBe(true);
    const outside = inputErrorOf(dayText.replace('SS: { share: 0.0528, input: { mean: 364', 'SS: { share: 0.0528, input: { mean: 3640'));
    expect(outside.problems[0]?.field).toBe('services[0].classes.stats.SS.input.mean');
    const series = inputErrorOf(dayText.replace(/electricityUsdPerKWh:\n\s+daily: \[[^\]]*\]/, 'electricityUsdPerKWh: [0.1, 0.2]'));
    expect(series.problems[0]?.field).toBe('prices.electricityUsdPerKWh');
    const model = inputErrorOf(dayText.replace('model: Llama-2-70B', 'model: Llama-2-7B'));
    expect(model.problems[0]?.fix).toContain("did you mean 'Llama-2-70B'");
  });

  it('rejects binary garbage and a non-mapping document', () => {
    expect(inputErrorOf('\u0000\u0001\u0002').problems[0]?.message).toMatch(/binary/);
    expect(inputErrorOf('- just\n- a list\n').problems[0]?.message).toMatch(/mapping/);
  });
});

describe('a value outside a fixed set', () => {
  // In place of day.yaml's objective or solver backend, or added under hardware.
  const asObjective = (line: string) => dayText.replace(/^objective: cost$/m, line);
  const asBackend = (line: string) => dayText.replace(/^  backend: highs$/m, `  ${line}`);
  const withHardware = (line: string) => dayText.replace(/^hardware:\n/m, `hardware:\n  ${line}\n`);
  // day.yaml names its stack: a bad one goes in its place.
  const asStack = (line: string) => dayText.replace(/^  stack: trtllm-2024$/m, `  ${line}`);

  it.each([
    // A union of literals and a mapping (objective) or a list (stack): one problem, not one per branch.
    ['objective: cots', asObjective, 'objective', "the text 'cots' is not one of 'cost', 'energy', 'carbon' — did you mean 'cost'?", "write 'cost'"],
    ['stack: vllm-2032', asStack, 'hardware.stack', "the text 'vllm-2032' is not one of 'vllm-2023', 'trtllm-2024', 'vllm-2025' — did you mean 'vllm-2023'?", "write 'vllm-2023'"],
    ['stack: [vllm-2032]', asStack, 'hardware.stack[0]', "is not one of 'vllm-2023', 'trtllm-2024', 'vllm-2025'", "write 'vllm-2023'"],
    ['objective: 5', asObjective, 'objective', "5 is not one of 'cost', 'energy', 'carbon'", 'write one of cost, energy, carbon'],
    // Swapped letters are a typo too, though two edits apart.
    ['backend: hihgs', asBackend, 'solver.backend', "did you mean 'highs'?", "write 'highs'"],
  ])('%s: one problem naming the allowed values', (line, place, field, message, fix) => {
    const problems = inputErrorOf(place(line)).problems;
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([expect.stringContaining(`${field}: `)]);
    expect(problems[0]?.field).toBe(field);
    expect(problems[0]?.message).toContain(message);
    expect(problems[0]?.fix).toBe(fix);
    expect(problems[0]?.message).not.toMatch(/equal to constant/);
  });

  it('a mapping where a literal could stand is judged as a mapping', () => {
    const problems = inputErrorOf(dayText.replace(/^objective: cost$/m, 'objective: { cst: 1 }')).problems;
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(["objective.cst: unknown field 'cst'"]);
  });

  it('an empty list and a value out of range say the bound and the value', () => {
    const empty = inputErrorOf(dayText.replace(/^(\s+)tp: \[.*\]$/m, '$1tp: []')).problems[0];
    expect(empty?.message).toBe('the list needs at least 1 value, it has 0');
    expect(empty?.fix).toBe('list at least 1 value');
    const negative = inputErrorOf(dayText.replace('meanRps: 6', 'meanRps: -3')).problems[0];
    expect(negative?.message).toBe('must be >= 0, not -3');
    expect(negative?.fix).toBe('write a value in the allowed range (>= 0)');
  });
});

describe('planning.pools', () => {
  const withPools = (pools: string) => dayText.replace('  pools: by-service-and-input-bin', `  pools: ${pools}`);

  it('defaults to by-input-bin pools, and keeps a list of rules in one form', () => {
    expect(dayText).toContain('  pools: by-service-and-input-bin');
    expect(scenarioFromText(dayText.replace('planning:\n  pools: by-service-and-input-bin\n', ''), 'day.yaml').planning.pools).toBe('by-input-bin');
    // Listed in any order, a list is kept in one order (its first rule is the capacity table's basis).
    expect(scenarioFromText(withPools('[shared, by-input-bin]'), 'day.yaml').planning.pools).toEqual(['by-input-bin', 'shared']);
    expect(scenarioFromText(withPools('[shared]'), 'day.yaml').planning.pools).toBe('shared');
    expect(scenarioFromText(withPools('[per-class, by-input-bin, shared]'), 'day.yaml').planning.pools).toBe('optimize');
  });

  it('names a rule it does not know, and a repeated one', () => {
    const unknown = inputErrorOf(withPools('[by-input-bin, shard]')).problems;
    expect(unknown.map((p) => p.field)).toContain('planning.pools[1]');
    expect(inputErrorOf(withPools('[shared, shared]')).problems.map((p) => p.field)).toContain('planning.pools');
  });
});

describe('SLO metrics and per-class overrides', () => {
  const chatDefault = "        ttft: { percentile: 99, slowdown: 6 }\n        tbt: { percentile: 99, ms: 100 }\n      reference";
  const withChatSlo = (slo: string) => {
    expect(dayText).toContain(chatDefault);
    return dayText.replace(chatDefault, `${slo}\n      reference`);
  };
  const chat = (text: string, name: string) => scenarioFromText(text, 'day.yaml').classes.find((c) => c.id === `conversation/${name}`);

  it('reads tpot as the per-request mean time per output token, tbt being another name for it', () => {
    const tpot = chat(withChatSlo('        ttft: { percentile: 99, slowdown: 6 }\n        tpot: { percentile: 90, ms: 80 }'), 'SM');
    expect(tpot?.slo.tbt).toEqual({ percentile: 90, ms: 80 });
    expect(chat(dayText, 'SM')?.slo.tbt).toEqual({ percentile: 99, ms: 100 });
    const both = inputErrorOf(withChatSlo('        ttft: { percentile: 99, slowdown: 6 }\n        tpot: { percentile: 99, ms: 80 }\n        tbt: { percentile: 99, ms: 100 }'));
    expect(both.problems[0]?.field).toBe('services[0].slo.default.tbt');
    expect(both.problems[0]?.fix).toContain('keep one of tpot and tbt');
  });

  it('merges a per-class override with the default metric by metric', () => {
    const text = withChatSlo('        ttft: { percentile: 99, slowdown: 6 }\n        tbt: { percentile: 99, ms: 100 }\n      classes:\n        SS: { ttft: { percentile: 90, ms: 500 } }\n        SL: { tpot: { percentile: 99, ms: 150 } }');
    const ss = chat(text, 'SS');
    expect(ss?.slo.ttft).toEqual({ percentile: 90, ms: 500 });
    expect(ss?.slo.tbt).toEqual({ percentile: 99, ms: 100 });
    const sl = chat(text, 'SL');
    expect(sl?.slo.ttft).toEqual({ percentile: 99, slowdown: 6 });
    expect(sl?.slo.tbtTargets).toEqual([{ percentile: 99, ms: 150 }]);
    expect(chat(text, 'SM')?.slo.tbt).toEqual({ percentile: 99, ms: 100 });
  });

  it('asks for a default TPOT when a class would be left without one', () => {
    const err = inputErrorOf(withChatSlo('        ttft: { percentile: 99, slowdown: 6 }'));
    expect(err.problems[0]?.field).toBe('services[0].slo.default.tpot');
    expect(err.problems[0]?.fix).toContain('slo.default.tpot');
    // Said once for the service, not once per class.
    expect(err.problems).toHaveLength(1);
  });
});
