/**
 * What a design may use that a plan of the scenario itself cannot choose: roles, TP degrees, clocks,
 * power caps or a pool partition outside the scenario's options. A comparison shows such a design beside
 * `llmcap-free` (the scenario's own options); a design that beats it there is a question about the
 * scenario's options (e.g. day.yaml lists only mixed roles, and Splitwise's split designs are cheaper),
 * not a plan the optimizer missed. Pure.
 */
import { getGpu } from '../catalog/index.js';
import { partitionsOf, partitionText } from '../capacity/index.js';
import type { Scenario } from '../scenario/index.js';
import type { Design } from './types.js';

export function beyondScenario(scenario: Scenario, design: Design): string[] {
  const hw = scenario.hardware;
  const out: string[] = [];
  const roles = (design.roles ?? []).filter((r) => !hw.roles.includes(r));
  if (roles.length > 0) out.push(`roles ${roles.join(', ')} (hardware.roles lists ${hw.roles.join(', ')})`);
  const tp = (design.tp ?? []).filter((t) => !hw.tp.includes(t));
  if (tp.length > 0) out.push(`TP ${tp.join(', ')} (hardware.tp lists ${hw.tp.join(', ')})`);
  if (design.clocks === 'max') {
    for (const g of design.gpus ?? hw.gpus) {
      const max = getGpu(g).clockMHz.max.value;
      const listed = hw.clocksMHz[g];
      if (listed && !listed.includes(max)) out.push(`${g} at ${max} MHz (hardware.clocks lists ${listed.join(', ')})`);
    }
  }
  const caps = Object.entries(design.powerCap ?? {}).filter(([role, f]) => hw.powerCapFraction[role as keyof typeof hw.powerCapFraction] !== f);
  if (caps.length > 0) out.push(`power caps ${caps.map(([role, f]) => `${role} ${Math.round((f ?? 0) * 100)} %`).join(', ')} (hardware.powerCapFraction is the scenario's)`);
  const allowed = partitionsOf(scenario.planning.pools);
  if (design.pools !== undefined && partitionsOf(design.pools).some((p) => !allowed.includes(p))) {
    out.push(`pools ${partitionText(design.pools)} (planning.pools is ${partitionText(scenario.planning.pools)}; listing a rule there lets the plan choose it)`);
  }
  return out;
}
