/**
 * Before any solve: a class with demand that no candidate config can serve within its SLO makes the
 * plan infeasible whatever the fleet; say which class, which SLO and how close the best config gets.
 */
import type { CapacityTable } from '../capacity/index.js';
import { InfeasibleError } from '../core/errors.js';
import type { Scenario } from '../scenario/index.js';

export function precheckServable(scenario: Scenario, capacity: CapacityTable): void {
  const details: string[] = [];
  scenario.classes.forEach((cls, k) => {
    const demand = scenario.demandRps[k];
    if (!demand || !demand.some((r) => r > 0)) return;
    if (capacity.rows.some((r) => r.classId === cls.id)) return;
    const slo = capacity.sloTargets.get(cls.id);
    const tried = capacity.all.filter((r) => r.classId === cls.id);
    const closest = [...tried].sort((a, b) => a.ttftMsAtCapacity + a.tbtMsAtCapacity - (b.ttftMsAtCapacity + b.tbtMsAtCapacity)).filter((r) => r.ttftMsAtCapacity > 0)[0];
    const why = closest
      ? `the closest config ${closest.configId} gives TTFT ${closest.ttftMsAtCapacity.toFixed(0)} ms and TBT ${closest.tbtMsAtCapacity.toFixed(1)} ms alone (${closest.binding})`
      : `no candidate config fits the model with room for its KV cache`;
    // Kept off some configs because its TTFT would gut the capacity of the classes its pools may mix it with.
    const bySharers = tried.some((r) => r.binding === 'ttft-sharers');
    const fix = bySharers
      ? `keep it apart from the classes whose pools it would slow (planning.pools: by-service-and-input-bin or per-class in ${scenario.file}), loosen this class's SLO (${sloField(scenario, cls.service, cls.name)}) or add faster GPUs / higher TP to hardware`
      : `loosen this class's SLO (${sloField(scenario, cls.service, cls.name)}) in ${scenario.file} or add faster GPUs / higher TP to hardware`;
    details.push(
      `${cls.id}: no candidate config meets p${slo?.ttftPercentile ?? '?'} TTFT ≤ ${slo?.ttftMs.toFixed(0) ?? '?'} ms and p${slo?.tbtPercentile ?? '?'} TBT ≤ ${slo?.tbtMs.toFixed(1) ?? '?'} ms; ${why}. Fix: ${fix}.`,
    );
  });
  if (details.length > 0) throw new InfeasibleError(`Infeasible: ${details.length} request class(es) cannot meet their SLO on any candidate config`, details);
}

/** Where the class's SLO is written: the service's default, or the class's own override. */
function sloField(scenario: Scenario, service: string, className: string): string {
  const i = scenario.services.findIndex((s) => s.name === service);
  return `services[${i}].slo.default or services[${i}].slo.classes.${className}`;
}
