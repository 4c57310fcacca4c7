import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { toSweepArrow, toSweepCsv, toSweepParquet } from '../../src/sweep/sweepTable.js';
import { resultOfPlan } from '../../src/sweep/variantResult.js';
import { handMadeSweep } from '../helpers/sweepRows.js';

describe('sweep table', () => {
  const { definition, rows } = handMadeSweep();

  it('has axis columns, the cost split, GPUs by type, and NaN (empty in CSV) where a variant has no plan', () => {
    const table = tableFromIPC(toSweepArrow(definition, rows));
    const names = table.schema.fields.map((f) => f.name);
    expect(names.slice(0, 4)).toEqual(['variant', 'index', 'services[0].demand.meanRps', 'prices.gpuHourUsd.H100-80GB']);
    expect(names).toEqual(expect.arrayContaining(['gpus[A100-80GB]', 'gpus[H100-80GB]', 'gpuMix', 'fleetCostUsd', 'energyCostUsd', 'upfrontUsd']));
    // The purchase outlay as summary.json has it; a result written before the column existed reads NaN.
    expect(table.get(2)?.toJSON()).toMatchObject({ upfrontUsd: 750_000 });
    expect(table.get(0)?.toJSON()).toMatchObject({ upfrontUsd: 0 });
    expect(Number.isNaN((table.get(3)?.toJSON() as Record<string, unknown>)['upfrontUsd'])).toBe(true);
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

  it("a variant's result carries its plan's upfront outlay", () => {
    const plan = {
      totals: { totalCostUsd: 10, fleetCostUsd: 8, energyCostUsd: 2, upfrontUsd: 1_250_000, energyKWh: 5, operationalCarbonKg: 1, embodiedCarbonKg: 1, peakPowerKW: 3, provisionedKW: 4, servers: 5, gpus: 40 },
      procurement: [{ gpu: 'H100-80GB', gpus: 40 }],
      solve: { limitReached: false, termination: 'optimal', gap: 0 },
    };
    const scenario = { horizon: { windows: [0] }, demandRps: [[1]], objective: { name: 'cost' } };
    expect(resultOfPlan({ id: 'v0000', index: 0 }, scenario as never, plan as never).totals?.upfrontUsd).toBe(1_250_000);
  });

  it('sweep.parquet holds the same table', async () => {
    const arrow = toSweepArrow(definition, rows);
    const back = tableFromIPC(readParquet(await toSweepParquet(arrow)).intoIPCStream());
    const original = tableFromIPC(arrow);
    expect(back.schema.fields.map((f) => f.name)).toEqual(original.schema.fields.map((f) => f.name));
    expect(JSON.stringify(back.toArray())).toBe(JSON.stringify(original.toArray()));
  });
});
