/** compare with billing as a design restriction (issue 20): all reserved, all on demand and mixed side by side. */
import { describe, expect, it } from 'vitest';
import { applyDesign, compareDesigns, designsFromText } from '../../src/compare/index.js';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const DESIGNS = `designs:
  - { name: all-reserved, acquisition: [reserve] }
  - { name: all-on-demand, acquisition: [onDemand] }
  - { name: mixed, acquisition: [reserve, onDemand] }
  - { name: bought, acquisition: [buy] }
`;

const TINY = { clocks: { 'H100-80GB': [1980] }, electricityUsdPerKWh: 0 };
/** One H100 TP8 instance (one server) serves this rate at its SLO capacity. */
const instanceRps = buildCapacityTable(tinyScenario({ ...TINY, windows: 1 }), analyticStepModel, capacityCache).rows[0]?.maxRps ?? Number.NaN;

describe('compare: acquisition as a design restriction', () => {
  // Servers needed per window: 1 at night, 4 for two hours; on demand at twice the reserve price.
  const need = [1, 1, 1, 4, 4, 1, 1, 1];
  const scenario = tinyScenario({ ...TINY, windows: need.length, rps: need.map((n) => (n - 0.05) * 0.9 * instanceRps), gpuHourUsd: { 'H100-80GB': 1 }, onDemandGpuHourUsd: { 'H100-80GB': 2 } });
  const designs = designsFromText(DESIGNS, 'designs.yaml');

  it('restricts the modes, priced as the scenario prices them; buy only where a purchase price exists', () => {
    const [reserved, onDemand, mixed, bought] = designs.map((d) => applyDesign(scenario, d).prices.billing);
    expect(reserved?.modes['H100-80GB']).toEqual(['reserve']);
    expect(reserved?.reserveGpuHourUsd['H100-80GB']).toBe(1);
    expect(onDemand?.onDemandGpuHourUsd['H100-80GB']).toBe(2);
    expect(mixed?.modes['H100-80GB']).toEqual(['reserve', 'onDemand']);
    expect(bought?.modes['H100-80GB']).toEqual([]);
  });

  it('plans them side by side at the costs a hand calculation gives, the mix cheapest', async () => {
    const results = await compareDesigns(scenario, designs.slice(0, 3), { capacityCache });
    const cost = (name: string) => results.find((r) => r.design.name === name)?.plan?.totals.totalCostUsd ?? Number.NaN;
    expect(cost('all-on-demand')).toBeLessThan(cost('all-reserved'));
    // Hand calculation: reserved 4 servers × 8 h × 8 USD = 256; on demand 14 server-hours × 16 = 224;
    // mixed reserves the one server needed all 8 hours (64) and rents 6 server-hours (96) = 160.
    expect(cost('all-reserved')).toBeCloseTo(256, 6);
    expect(cost('all-on-demand')).toBeCloseTo(224, 6);
    expect(cost('mixed')).toBeCloseTo(160, 6);
    expect(results.find((r) => r.design.name === 'mixed')?.plan?.procurement[0]?.billing?.modes).toEqual(['reserve', 'onDemand']);
  });

  it('rejects an unknown mode in a designs file', () => {
    expect(() => designsFromText('designs:\n  - { name: spot, acquisition: [spot] }\n', 'designs.yaml')).toThrow(/acquisition/);
  });
});
