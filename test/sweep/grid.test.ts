/** Grid → variants: order, crossing with listed variants, and validation naming the axis and its line. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DESIGNS, fromDesignsFile } from '../../src/compare/index.js';
import { InputError } from '../../src/core/errors.js';
import { expandVariants, gridFromText, resolveVariants, variantCount } from '../../src/sweep/index.js';
import { axisNameClashes } from '../../src/sweep/sweepTable.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;
const dayText = readFileSync(DAY, 'utf8');

function problemsOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no InputError thrown');
}

describe('grid', () => {
  it('crosses axes in file order (last fastest) and crosses every listed variant with them', () => {
    const grid = gridFromText([
      'axes:',
      '  power.provisionedKW: [150, 300]',
      '  prices.gpuHourUsd.H100-80GB: [3.5, 4.76, 6]',
      'variants:',
      '  - services[0].demand.meanRps: 6',
      '    services[1].demand.meanRps: 2.75',
      '  - services[0].demand.meanRps: 9',
      '    services[1].demand.meanRps: 4.125',
    ].join('\n'), 'grid.yaml');
    expect(variantCount(grid)).toBe(12);
    const variants = expandVariants(grid);
    expect(variants.map((v) => v.id)).toEqual(Array.from({ length: 12 }, (_, i) => `v${String(i).padStart(4, '0')}`));
    expect(variants[0]?.assignments).toEqual([
      { axis: 'power.provisionedKW', value: 150 },
      { axis: 'prices.gpuHourUsd.H100-80GB', value: 3.5 },
      { axis: 'services[0].demand.meanRps', value: 6 },
      { axis: 'services[1].demand.meanRps', value: 2.75 },
    ]);
    expect(variants[1]?.assignments[1]?.value).toBe(4.76);
    expect(variants[3]?.assignments[0]?.value).toBe(300);
    expect(variants[6]?.assignments[2]?.value).toBe(9);
    expect(grid.axes.map((a) => a.name)).toEqual(['power.provisionedKW', 'prices.gpuHourUsd.H100-80GB', 'services[0].demand.meanRps', 'services[1].demand.meanRps']);
  });

  it('resolves each variant through the normal scenario validation, design applied', async () => {
    const grid = gridFromText('axes:\n  design: [Baseline-H100, llmcap-free]\n  services[coding].demand.meanRps: [1, 2]\n', 'grid.yaml');
    const designs = await fromDesignsFile(BUILT_IN_DESIGNS);
    const variants = resolveVariants({ baseText: dayText, baseFile: DAY, grid, designs });
    expect(variants).toHaveLength(4);
    expect(variants[0]?.design?.name).toBe('Baseline-H100');
    expect(variants[0]?.scenario.hardware.gpus).toEqual(['H100-80GB']);
    expect(variants[2]?.scenario.hardware.gpus).toEqual(['A100-80GB', 'H100-80GB']);
    expect(variants[0]?.scenarioLabel).toBe('day.yaml#v0000');
    // The variant's text is the scenario it plans: coding's demand edited, nothing else.
    expect(variants[1]?.scenarioText).toMatch(/meanRps: 2\n/);
  });

  it('names the axis, the value and its line when a value is bad, before any variant is resolved', () => {
    const text = 'axes:\n  power.provisionedKW: [150, -5]\n  prices.gpuHourUsd.H100-80GB: [3.5]\n';
    const err = problemsOf(() => resolveVariants({ baseText: dayText, baseFile: DAY, grid: gridFromText(text, 'grid.yaml'), designs: [] }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ file: 'grid.yaml', line: 2, field: 'axes.power.provisionedKW[1]' });
    expect(err.problems[0]?.message).toMatch(/axis 'power.provisionedKW' value -5: scenario field power.provisionedKW/);
  });

  it('names the axis of a path that is not in the scenario', () => {
    const err = problemsOf(() => resolveVariants({ baseText: dayText, baseFile: DAY, grid: gridFromText('axes:\n  power.provisonedKW: [150]\n  services[7].demand.meanRps: [1]\n', 'g.yaml'), designs: [] }));
    expect(err.message).toMatch(/axis 'power.provisonedKW' value 150: scenario field power.provisonedKW: unknown field 'provisonedKW'/);
    expect(err.message).toMatch(/axis 'services\[7\].demand.meanRps' value 1: position \[7\] is beyond the list's 2 item/);
    expect(err.problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it('names a wrong design and a wrong value type', async () => {
    const designs = await fromDesignsFile(BUILT_IN_DESIGNS);
    const err = problemsOf(() => resolveVariants({ baseText: dayText, baseFile: DAY, grid: gridFromText('axes:\n  design: [Splitwise-XX]\n  hardware.gpus: [H100-80GB]\n', 'g.yaml'), designs }));
    expect(err.message).toMatch(/axis 'design' value Splitwise-XX: 'Splitwise-XX' is not a design/);
    expect(err.message).toMatch(/axis 'hardware.gpus' value H100-80GB: scenario field hardware.gpus: must be a list/);
  });

  it('checks a listed variant whole, and reports combinations that fail only together, naming the variant', () => {
    // The listed variant replaces coding's demand form (three edits meant together): valid on the
    // 24-window base; crossed with a 2-window horizon its 24 rates no longer match.
    const rates = `[${Array.from({ length: 24 }, () => 1).join(', ')}]`;
    const grid = gridFromText(`axes:\n  horizon.windows: [24, 2]\nvariants:\n  - services[coding].demand.totalRps: ${rates}\n    services[coding].demand.meanRps: null\n    services[coding].demand.shape: null\n`, 'g.yaml');
    const err = problemsOf(() => resolveVariants({ baseText: dayText, baseFile: DAY, grid, designs: [] }));
    expect(err.problems.length).toBeGreaterThan(0);
    expect(err.problems.every((p) => p.field?.startsWith('variant v0001 (horizon.windows = 2, services[coding].demand.totalRps = '))).toBe(true);
    const bad = gridFromText('variants:\n  - services[coding].demand.totalRps: [1, 2]\n', 'g.yaml');
    const listed = problemsOf(() => resolveVariants({ baseText: dayText, baseFile: DAY, grid: bad, designs: [] }));
    expect(listed.problems[0]).toMatchObject({ line: 2, field: 'variants[0]' });
    expect(listed.message).toMatch(/listed variant \(services\[coding\].demand.totalRps = \[1,2\]\): scenario field services\[1\].demand: gives meanRps and totalRps together/);
  });

  it('rejects a grid without axes, a path given twice, and an axis named like a result column', () => {
    expect(() => gridFromText('description: nothing\n', 'g.yaml')).toThrow(/neither axes nor variants/);
    expect(() => gridFromText('axes:\n  power.provisionedKW: [1]\nvariants:\n  - power.provisionedKW: 2\n', 'g.yaml')).toThrow(/also a crossed axis/);
    expect(axisNameClashes(gridFromText('axes:\n  power.provisionedKW: [1]\n  totalCostUsd: [1]\n', 'g.yaml'))).toMatchObject([{ line: 3, field: 'axes.totalCostUsd', message: "axis 'totalCostUsd' has the name of a result column of sweep.arrow" }]);
    expect(() => gridFromText('axes:\n  power.provisionedKW: []\n', 'g.yaml')).toThrow(InputError);
  });
});

describe('a base scenario that pins pools', () => {
  it('is refused once, at its planning.fixPools line: variants are planned from their text alone', () => {
    // day.yaml's planning block gets the pins.
    const withPins = dayText.replace(/^planning:\n/m, 'planning:\n  fixPools: pins.yaml\n');
    expect(withPins).not.toBe(dayText);
    const line = withPins.split('\n').findIndex((l) => l.includes('fixPools:')) + 1;
    const err = problemsOf(() => resolveVariants({ baseText: withPins, baseFile: DAY, grid: gridFromText('axes:\n  power.provisionedKW: [150, 300]\n', 'g.yaml'), designs: [] }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ file: DAY, line, field: 'planning.fixPools' });
    expect(err.message).toMatch(/not swept/);
  });
});
