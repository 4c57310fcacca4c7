/** A design's `clocks: min` locks every GPU at the lowest clock the scenario lists (a frequency cap, POLCA's). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyDesign, designsFromText } from '../../src/compare/index.js';
import { fromScenarioFile } from '../../src/scenario/index.js';

const POLCA = fileURLToPath(new URL('../../scenarios/polca.yaml', import.meta.url));
const YAML = `designs:
  - { name: Capped, description: lowest listed clock, gpus: [A100-80GB], clocks: min }
  - { name: Max, description: maximum clock, gpus: [A100-80GB], clocks: max }
  - { name: Free, description: the scenario's clocks, gpus: [A100-80GB] }
`;

describe('design clocks', () => {
  it("'min' keeps the lowest of the scenario's clocks, 'max' the GPU's maximum, the default all of them", async () => {
    const scenario = await fromScenarioFile(POLCA);
    expect(scenario.hardware.clocksMHz['A100-80GB']).toEqual([1110, 1275, 1410]);
    const [capped, max, free] = designsFromText(YAML, 'designs.yaml');
    if (!capped || !max || !free) throw new Error('three designs');
    expect(applyDesign(scenario, capped).hardware.clocksMHz['A100-80GB']).toEqual([1110]);
    expect(applyDesign(scenario, max).hardware.clocksMHz['A100-80GB']).toEqual([1410]);
    expect(applyDesign(scenario, free).hardware.clocksMHz['A100-80GB']).toEqual([1110, 1275, 1410]);
  });
});
