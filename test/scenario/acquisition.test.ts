/** prices.acquisition (issue 20, docs/billing.md): resolved prices, and clear errors for what cannot be priced. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getGpu, GPUS } from '../../src/catalog/index.js';
import { isEstimate } from '../../src/catalog/cited.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { inputErrorOf } from '../helpers/inputErrorOf.js';

const text = readFileSync(new URL('../../scenarios/week-billing.yaml', import.meta.url), 'utf8');
const withModes = (modes: string) => text.replace('acquisition: [buy, reserve, onDemand]', `acquisition: ${modes}`);

describe('prices.acquisition', () => {
  it('resolves week-billing.yaml: three modes, the purchase price amortized, catalog rental and on-demand prices', () => {
    const s = scenarioFromText(text, 'week-billing.yaml');
    const b = s.prices.billing;
    expect(b?.modes['H100-80GB']).toEqual(['buy', 'reserve', 'onDemand']);
    expect(b?.buyGpuHourUsd['H100-80GB']).toBeCloseTo(300_000 / 8 / (3 * 8760), 9);
    expect(b?.reserveGpuHourUsd['H100-80GB']).toBe(getGpu('H100-80GB').priceUsdPerGpuHour.value);
    expect(b?.onDemandGpuHourUsd['H100-80GB']).toBe(getGpu('H100-80GB').onDemandUsdPerGpuHour.value);
  });

  it('leaves scenarios without it as they were (no billing field: their hash and plans are unchanged)', () => {
    const day = scenarioFromText(readFileSync(new URL('../../scenarios/day.yaml', import.meta.url), 'utf8'), 'day.yaml');
    expect(day.prices.billing).toBeUndefined();
    expect(day.prices.ownedGpuHourUsd).toBeUndefined();
  });

  it('names the field and the fix when buy has no purchase price', () => {
    const p = inputErrorOf(withModes('[buy, onDemand]').replace(/\n  capex: .*\n/, '\n')).problems[0];
    expect(p?.field).toBe('prices.acquisition');
    expect(p?.message).toBe('H100-80GB may be bought but has no purchase price');
    expect(p?.fix).toContain('prices.capex.H100-80GB');
  });

  it('names a GPU type left out of a per-type list, and one that is not a candidate', () => {
    const missing = inputErrorOf(withModes('{ A100-80GB: [reserve] }').replace('gpus: [H100-80GB]', 'gpus: [H100-80GB, A100-80GB]'));
    expect(missing.problems.map((p) => p.message)).toContain('GPU type H100-80GB has no acquisition modes');
    const stranger = inputErrorOf(withModes('{ H100-80GB: [reserve], A100-80GB: [onDemand] }'));
    expect(stranger.problems[0]?.field).toBe('prices.acquisition.A100-80GB');
    expect(stranger.problems[0]?.message).toBe('A100-80GB is not among hardware.gpus');
  });

  it('rejects an unknown mode; keeps on-demand prices without prices.acquisition for compare designs', () => {
    expect(inputErrorOf(withModes('[reserve, spot]')).problems[0]?.field).toMatch(/^prices\.acquisition/);
    const s = scenarioFromText(text.replace(/\n  acquisition: .*\n/, '\n  onDemandGpuHourUsd: { H100-80GB: 9 }\n'), 'w.yaml');
    expect(s.prices.billing).toBeUndefined();
    expect(s.prices.onDemandGpuHourUsd).toEqual({ 'H100-80GB': 9 });
  });
});

describe('catalog on-demand prices', () => {
  it('every GPU type has one, at least its rental price, citing a page and a date (not an estimate)', () => {
    for (const gpu of Object.values(GPUS)) {
      const od = gpu.onDemandUsdPerGpuHour;
      expect(od.value, gpu.id).toBeGreaterThanOrEqual(gpu.priceUsdPerGpuHour.value);
      expect(isEstimate(od), gpu.id).toBe(false);
      expect(od.source, gpu.id).toMatch(/\b20\d\d\b/);
      expect(od.source, gpu.id).toMatch(/\.(com|ai|technology)\b/);
    }
  });
});
