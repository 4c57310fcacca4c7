/**
 * DynamoLLM's SinglePool baseline for comparison: the same scenario and SLOs, but every instance a
 * mixed TP8 instance at the GPU's maximum clock, on one GPU type — the type the optimized plan
 * uses most (so the comparison isolates pooling, sharding, clocks and the phase split, not the
 * hardware choice). Pure: returns the restricted scenario.
 */
import { partitionsOf, partitionText } from '../capacity/index.js';
import { getGpu, type GpuId, type GpuSpec } from '../catalog/index.js';
import type { Scenario } from '../scenario/index.js';
import type { BaselineComparison, BaselineDesign, Plan } from './types.js';

export type { BaselineComparison, BaselineDesign } from './types.js';

export function singlePoolScenario(scenario: Scenario, plan: Plan): { scenario: Scenario; design: BaselineDesign } {
  const used = [...plan.procurement].sort((a, b) => b.gpus - a.gpus || a.gpu.localeCompare(b.gpu))[0];
  const gpu = (used && used.gpus > 0 ? used.gpu : scenario.hardware.gpus[0]) as GpuId;
  const { tp, clockMHz } = singlePoolShape(getGpu(gpu));
  return {
    design: { name: `SinglePool (${gpu} TP${tp} at ${clockMHz} MHz, mixed)`, gpu, tp, clockMHz },
    scenario: {
      ...scenario,
      hardware: {
        ...scenario.hardware,
        gpus: [gpu],
        tp: [tp],
        clocksMHz: { [gpu]: [clockMHz] },
        roles: ['mixed'],
        // Owned servers of other types are not part of this design.
        inventoryServers: { [gpu]: scenario.hardware.inventoryServers[gpu] ?? 0 },
        maxServers: {},
      },
      planning: { ...scenario.planning, pools: 'shared' },
    },
  };
}

/**
 * The options the design uses that the scenario does not give its plan (none: a plan of the scenario
 * may be exactly the design's): its GPU type, TP degree, clock and mixed role must be listed, and one
 * pool shared by every class allowed (`planning.pools` shared, or a list that names it).
 */
export function singlePoolOutsideOptions(scenario: Scenario, design: BaselineDesign): string[] {
  const hw = scenario.hardware;
  const out: string[] = [];
  if (!hw.gpus.includes(design.gpu)) out.push(`GPU type ${design.gpu} (not in hardware.gpus)`);
  if (!hw.roles.includes('mixed')) out.push('mixed instances (not in hardware.roles)');
  if (!hw.tp.includes(design.tp)) out.push(`TP${design.tp} (not in hardware.tp)`);
  if (!(hw.clocksMHz[design.gpu] ?? []).includes(design.clockMHz)) out.push(`${design.clockMHz} MHz (not among hardware.clocks of ${design.gpu})`);
  if (!partitionsOf(scenario.planning.pools).includes('shared')) out.push(`one pool shared by every class (planning.pools is ${partitionText(scenario.planning.pools)}; listing shared there lets the plan choose it)`);
  return out;
}

export function singlePoolInsideOptions(scenario: Scenario, design: BaselineDesign): boolean {
  return singlePoolOutsideOptions(scenario, design).length === 0;
}

/** The design's instances on a GPU type: TP8 (or the whole server, when smaller) at the maximum clock. */
export function singlePoolShape(spec: GpuSpec): { tp: number; clockMHz: number } {
  return { tp: Math.min(8, spec.server.gpusPerServer.value), clockMHz: spec.clockMHz.max.value };
}

export function compareTotals(plan: Plan, design: BaselineDesign, baseline: Plan | Error): BaselineComparison {
  if (baseline instanceof Error) return { design, error: baseline.message.split('\n')[0] ?? baseline.message };
  const t = plan.totals;
  const b = baseline.totals;
  const rel = (x: number, y: number) => (y === 0 ? 0 : x / y - 1);
  return {
    design,
    totals: b,
    delta: {
      costUsd: rel(t.totalCostUsd, b.totalCostUsd),
      energyKWh: rel(t.energyKWh, b.energyKWh),
      carbonKg: rel(t.operationalCarbonKg + t.embodiedCarbonKg, b.operationalCarbonKg + b.embodiedCarbonKg),
      gpus: rel(t.gpus, b.gpus),
    },
    ...(baseline.repair ? { repair: baseline.repair } : {}),
  };
}
