/** Which options a compared design uses that the scenario's own plan cannot choose. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { beyondScenario, BUILT_IN_DESIGNS, designsFromText } from '../../src/compare/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';

const day = scenarioFromText(readFileSync(new URL('../../scenarios/day.yaml', import.meta.url), 'utf8'), 'day.yaml');
const builtIn = designsFromText(readFileSync(BUILT_IN_DESIGNS, 'utf8'), BUILT_IN_DESIGNS);
const design = (name: string) => {
  const d = builtIn.find((x) => x.name === name);
  if (!d) throw new Error(`no built-in design ${name}`);
  return d;
};

describe('beyondScenario', () => {
  it("names the split roles of Splitwise's designs on day.yaml, which lists mixed roles only", () => {
    expect(day.hardware.roles).toEqual(['mixed']);
    const beyond = beyondScenario(day, design('Splitwise-HH'));
    expect(beyond.some((b) => /^roles .*prefill.*decode|^roles .*decode.*prefill/.test(b))).toBe(true);
  });

  it("names a pool partition the scenario's planner does not use, and nothing for a design inside the options", () => {
    expect(beyondScenario(day, design('DynamoLLM-SinglePool')).some((b) => b.startsWith('pools shared'))).toBe(true);
    const optimize = { ...day, planning: { ...day.planning, pools: 'optimize' as const } };
    expect(beyondScenario(optimize, design('DynamoLLM-SinglePool')).some((b) => b.startsWith('pools'))).toBe(false);
    expect(beyondScenario(day, design('llmcap-free'))).toEqual([]);
  });

  it("names a power cap other than the scenario's, and not the scenario's own", () => {
    const hhcap = design('Splitwise-HHcap');
    expect(hhcap.powerCap).toBeDefined();
    expect(beyondScenario(day, hhcap).some((b) => b.startsWith('power caps'))).toBe(true);
    const capped = { ...day, hardware: { ...day.hardware, powerCapFraction: { ...day.hardware.powerCapFraction, ...hhcap.powerCap } } };
    expect(beyondScenario(capped, hhcap).some((b) => b.startsWith('power caps'))).toBe(false);
  });
});
