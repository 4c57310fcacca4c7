import { describe, expect, it } from 'vitest';
import { plural } from '../../src/core/plural.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

describe('plural', () => {
  it('puts the noun in the number the count asks for, grouping thousands', () => {
    expect(plural(1, 'value')).toBe('1 value');
    expect(plural(0, 'value')).toBe('0 values');
    expect(plural(1680, 'window')).toBe('1,680 windows');
    expect(plural(2, 'request class', 'request classes')).toBe('2 request classes');
  });

  it('a one-value rate list is "1 value" in the scenario error', () => {
    const text = [
      'name: t',
      'horizon: { start: "2024-01-01T00:00:00Z", windows: 2, windowMinutes: 60 }',
      'services:',
      '  - name: chat',
      '    model: Llama-2-70B',
      '    classes: { inputThresholds: [], outputThresholds: [], stats: { A: { share: 1, input: { mean: 500 }, output: { mean: 100 } } } }',
      '    slo: { default: { ttft: { percentile: 99, ms: 5000 }, tbt: { percentile: 99, ms: 200 } } }',
      '    demand: { totalRps: [2] }',
      'hardware: { gpus: [H100-80GB] }',
    ].join('\n');
    const error = inputErrorOf(text);
    expect(error.message).toMatch(/has 1 value but the horizon has 2 windows/);
  });
});
