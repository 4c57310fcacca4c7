/**
 * DynamoLLM's SinglePool baseline for comparison: the same scenario and SLOs, but every instance a
 * mixed TP8 instance at the GPU's maximum clock, on one GPU type — the type the optimized plan
 * uses most (so the comparison isolates pooling, sharding, clocks and the phase split, not the
 * hardware choice). Pure: returns the restricted scenario.
 */
import { partitionsOf } from '../capacity/index.js';
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
 * The design lies inside the scenario's own options: a plan of the scenario may be exactly the
 * design's (its GPU type, TP degree, clock and mixed role listed, and one pool shared by every class
 * allowed: `planning.pools` shared or optimize).
 */
export function singlePoolInsideOptions(scenario: Scenario, design: BaselineDesign): boolean {
  const hw = scenario.hardware;
  return (
    hw.gpus.includes(design.gpu) &&
    hw.roles.includes('mixed') &&
    hw.tp.includes(design.tp) &&
    (hw.clocksMHz[design.gpu] ?? []).includes(design.clockMHz) &&
    partitionsOf(scenario.planning.pools).includes('shared')
  );
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
