import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { toSweepArrow, toSweepCsv, toSweepParquet } from '../../src/sweep/sweepTable.js';
import { handMadeSweep } from '../helpers/sweepRows.js';

describe('sweep table', () => {
  const { definition, rows } = handMadeSweep();

  it('has axis columns, the cost split, GPUs by type, and NaN (empty in CSV) where a variant has no plan', () => {
    const table = tableFromIPC(toSweepArrow(definition, rows));
    const names = table.schema.fields.map((f) => f.name);
    expect(names.slice(0, 4)).toEqual(['variant', 'index', 'services[0].demand.meanRps', 'prices.gpuHourUsd.H100-80GB']);
    expect(names).toEqual(expect.arrayContaining(['gpus[A100-80GB]', 'gpus[H100-80GB]', 'gpuMix', 'fleetCostUsd', 'energyCostUsd']));
    const r3 = table.get(3)?.toJSON() as Record<string, unknown>;
    expect(r3).toMatchObject({ 'gpus[A100-80GB]': 16, 'gpus[H100-80GB]': 16, gpuMix: 'A100-80GB + H100-80GB', carbonKg: 430 * 0.3 + 1 });
    const r0 = table.get(0)?.toJSON() as Record<string, unknown>;
    expect(r0['gpus[A100-80GB]']).toBe(0);
    const failed = table.get(4)?.toJSON() as Record<string, unknown>;
    expect(failed).toMatchObject({ status: 'infeasible', reason: 'Infeasible: needs 250 kW', gpuMix: '' });
    expect(Number.isNaN(failed['totalCostUsd'])).toBe(true);
    const csv = toSweepCsv(definition, rows).split('\n');
    expect(csv[0]?.split(',').length).toBe(names.length);
    expect(csv[5]).toMatch(/^v0004,4,12,3.5,infeasible,Infeasible: needs 250 kW,cost,14.75,22,,,/);
  });

  it('sweep.parquet holds the same table', async () => {
    const arrow = toSweepArrow(definition, rows);
    const back = tableFromIPC(readParquet(await toSweepParquet(arrow)).intoIPCStream());
    const original = tableFromIPC(arrow);
    expect(back.schema.fields.map((f) => f.name)).toEqual(original.schema.fields.map((f) => f.name));
    expect(JSON.stringify(back.toArray())).toBe(JSON.stringify(original.toArray()));
  });
});
