/** A hand-made sweep definition and results (no planning): 2 demand levels × 2 H100 prices, one failure. */
import type { SweepDefinition } from '../../src/sweep/definition.js';
import type { SweepRow } from '../../src/sweep/sweepTable.js';
import type { VariantResult } from '../../src/sweep/variantResult.js';

const AXES = ['services[0].demand.meanRps', 'prices.gpuHourUsd.H100-80GB'];

/** `upfront`: the purchase outlay; undefined as in a result.json of a version before upfrontUsd. */
function result(id: string, index: number, cost: number, energy: number, gpus: Record<string, number>, demand: number, upfront?: number): VariantResult {
  const total = Object.values(gpus).reduce((s, g) => s + g, 0);
  return {
    variant: id,
    index,
    status: 'ok',
    reason: '',
    objective: 'cost',
    meanDemandRps: demand,
    peakDemandRps: demand * 1.5,
    totals: { totalCostUsd: cost, fleetCostUsd: cost * 0.9, energyCostUsd: cost * 0.1, ...(upfront !== undefined ? { upfrontUsd: upfront } : {}), energyKWh: energy, operationalCarbonKg: energy * 0.3, embodiedCarbonKg: 1, peakPowerKW: energy / 10, provisionedKW: 200, servers: total / 8, gpus: total },
    gpusByType: gpus,
    gap: 0.004,
    termination: 'optimal',
  };
}

export function handMadeSweep(): { definition: SweepDefinition; rows: SweepRow[] } {
  const values = [[6, 3.5], [6, 4.76], [9, 3.5], [9, 4.76], [12, 3.5]] as const;
  const results: VariantResult[] = [
    result('v0000', 0, 1000, 300, { 'H100-80GB': 16 }, 8.75, 0),
    result('v0001', 1, 1200, 280, { 'A100-80GB': 24 }, 8.75, 0),
    result('v0002', 2, 1500, 450, { 'H100-80GB': 24 }, 11.75, 750_000),
    result('v0003', 3, 1700, 430, { 'A100-80GB': 16, 'H100-80GB': 16 }, 11.75),
    { variant: 'v0004', index: 4, status: 'infeasible', reason: 'Infeasible: needs 250 kW', objective: 'cost', meanDemandRps: 14.75, peakDemandRps: 22, gpusByType: {} },
  ];
  const definition: SweepDefinition = {
    format: 'llmcap-sweep/1',
    llmcap: '0.1.0',
    sweepId: 'test',
    scenario: { file: 'day.yaml', sha256: '' },
    grid: { file: 'grid.yaml', sha256: '' },
    axes: AXES,
    validate: false,
    variants: values.map(([rps, price], index) => ({ id: `v000${index}`, index, key: `k${index}`, values: { [AXES[0] as string]: rps, [AXES[1] as string]: price } })),
  };
  return { definition, rows: definition.variants.map((entry, i) => ({ entry, result: results[i] as VariantResult })) };
}
