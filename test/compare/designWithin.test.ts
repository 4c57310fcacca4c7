/** Which designs' plans another design may make (compare keeps a design from reporting worse than them). */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_DESIGNS, fromDesignsFile, type Design } from '../../src/compare/index.js';
import { designWithin } from '../../src/compare/designWithin.js';
import { fromScenarioFile, type Scenario } from '../../src/scenario/index.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/papers/dynamollm-conv-1h.yaml', import.meta.url));

describe('designWithin', () => {
  let scenario: Scenario;
  let design: (name: string) => Design;
  beforeAll(async () => {
    scenario = await fromScenarioFile(SCENARIO);
    const designs = await fromDesignsFile(BUILT_IN_DESIGNS);
    design = (name) => designs.find((d) => d.name === name) as Design;
  });

  it("DynamoLLM's single techniques may each run SinglePool's static plan, and PerClass MultiPool's", () => {
    for (const technique of ['DynamoLLM-ScaleInst', 'DynamoLLM-ScaleShard', 'DynamoLLM-ScaleFreq']) {
      expect(designWithin(scenario, design('DynamoLLM-SinglePool'), design(technique)), technique).toBe(true);
    }
    expect(designWithin(scenario, design('DynamoLLM-MultiPool'), design('DynamoLLM-PerClass'))).toBe(true);
    expect(designWithin(scenario, design('DynamoLLM-SinglePool'), design('DynamoLLM-SinglePool'))).toBe(true);
  });

  it('the other way round they may not: freer TP, clocks, instance counts, pools or hold periods', () => {
    expect(designWithin(scenario, design('DynamoLLM-ScaleShard'), design('DynamoLLM-SinglePool'))).toBe(false);
    expect(designWithin(scenario, design('DynamoLLM-ScaleFreq'), design('DynamoLLM-SinglePool'))).toBe(false);
    // ScaleInst re-sizes every 30 minutes; SinglePool holds its instances over the whole horizon.
    expect(designWithin(scenario, design('DynamoLLM-ScaleInst'), design('DynamoLLM-SinglePool'))).toBe(false);
    expect(designWithin(scenario, design('DynamoLLM-PerClass'), design('DynamoLLM-MultiPool'))).toBe(false);
    // Per-class pools are not one shared pool, nor the reverse.
    expect(designWithin(scenario, design('DynamoLLM-MultiPool'), design('DynamoLLM-SinglePool'))).toBe(false);
    expect(designWithin(scenario, design('DynamoLLM-SinglePool'), design('DynamoLLM-PerClass'))).toBe(false);
  });

  it('hold periods nest: a 60-minute hold is within a 30-minute one, not the reverse', () => {
    const inst = design('DynamoLLM-ScaleInst');
    expect(designWithin(scenario, { ...inst, holdPeriodMinutes: 60 }, inst)).toBe(true);
    expect(designWithin(scenario, inst, { ...inst, holdPeriodMinutes: 60 })).toBe(false);
    expect(designWithin(scenario, { ...inst, holdPeriodMinutes: 45 }, inst)).toBe(false);
  });

  it('roles, GPU types, power caps and the budget basis must fit', () => {
    expect(designWithin(scenario, design('Splitwise-HH'), design('Baseline-H100'))).toBe(false);
    expect(designWithin(scenario, design('Baseline-H100'), design('Splitwise-HH'))).toBe(false);
    expect(designWithin(scenario, design('Splitwise-HHcap'), design('Splitwise-HH'))).toBe(false);
    expect(designWithin(scenario, design('Splitwise-HH'), { ...design('Splitwise-HH'), powerBudget: 'gpu-tdp' })).toBe(false);
    expect(designWithin(scenario, design('Splitwise-HH'), design('Splitwise-HH'))).toBe(true);
  });
});
