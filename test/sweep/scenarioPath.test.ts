import { describe, expect, it } from 'vitest';
import { formatPath, getAtPath, parsePath, PathError, setAtPath } from '../../src/sweep/scenarioPath.js';

const base = {
  services: [{ name: 'chat', demand: { meanRps: 6 } }, { name: 'coding', demand: { meanRps: 2 } }],
  power: { provisionedKW: 200 },
};

describe('scenario paths', () => {
  it('parses keys, positions, names and quoted keys, and prints them back the same way', () => {
    for (const text of ['power.provisionedKW', 'services[0].demand.meanRps', 'services[coding].demand.meanRps', 'prices.gpuHourUsd.H100-80GB', 'prices.gpuHourUsd["odd.key"]']) {
      expect(formatPath(parsePath(text))).toBe(text);
    }
    expect(parsePath('services[1].demand')).toEqual([{ kind: 'key', key: 'services' }, { kind: 'index', index: 1 }, { kind: 'key', key: 'demand' }]);
    expect(parsePath('services[coding]')[1]).toEqual({ kind: 'named', name: 'coding' });
  });

  it('rejects malformed paths with a fix', () => {
    for (const bad of ['', 'power..x', 'services[0', 'a[b c]', '.x', 'a b']) expect(() => parsePath(bad)).toThrow(PathError);
  });

  it('sets a value without touching the input, by position or by name, creating missing mappings', () => {
    const byIndex = setAtPath(base, parsePath('services[1].demand.meanRps'), 4);
    expect(getAtPath(byIndex, parsePath('services[coding].demand.meanRps'))).toBe(4);
    expect(base.services[1]?.demand.meanRps).toBe(2);
    const created = setAtPath(base, parsePath('prices.gpuHourUsd.H100-80GB'), 3.5);
    expect(getAtPath(created, parsePath('prices.gpuHourUsd.H100-80GB'))).toBe(3.5);
    expect(getAtPath(created, parsePath('power.provisionedKW'))).toBe(200);
  });

  it('null removes the field (the scenario default applies)', () => {
    const removed = setAtPath(base, parsePath('power.provisionedKW'), null) as { power: Record<string, unknown> };
    expect('provisionedKW' in removed.power).toBe(false);
  });

  it('says why a list step does not apply', () => {
    expect(() => setAtPath(base, parsePath('services[5].demand.meanRps'), 1)).toThrow(/beyond the list's 2 item/);
    expect(() => setAtPath(base, parsePath('services[nope].demand.meanRps'), 1)).toThrow(/no item named 'nope'/);
    expect(() => setAtPath(base, parsePath('power[0]'), 1)).toThrow(/needs a list/);
    expect(() => setAtPath(base, parsePath('services.name'), 'x')).toThrow(/not a mapping/);
  });
});
