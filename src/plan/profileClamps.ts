/**
 * Profile lookups a plan relies on that left a table's range and were clamped to its edge: checked at
 * each used pool's operating point (the batch and prompt length at its planned capacity), so the
 * summary reports what matters for the plan, not the excursions of the capacity search.
 */
import { configPoint, type CapacityTable } from '../capacity/index.js';
import type { ConfigData } from '../formulation/index.js';
import type { StepModel } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import type { PlanRow, ProfileClamp } from './types.js';

export type { ProfileClamp } from './types.js';

export function profileClamps(scenario: Scenario, capacity: CapacityTable, configs: readonly ConfigData[], rows: readonly PlanRow[], steps: StepModel): ProfileClamp[] {
  const used = new Set(rows.filter((r) => r.role !== 'idle').map((r) => `${r.model}/${r.gpu}/tp${r.tp}/${r.clockMHz}/${r.role}`));
  const out: ProfileClamp[] = [];
  for (const cd of configs) {
    const c = cd.config;
    const pool = `${c.model}/${c.gpu}/tp${c.tp}/${c.clockMHz}/${c.role}`;
    if (!used.has(pool)) continue;
    for (const row of capacity.rows) {
      if (row.configId !== c.id) continue;
      const cls = scenario.classes.find((k) => k.id === row.classId);
      const slo = capacity.sloTargets.get(row.classId);
      if (!cls || !slo) continue;
      const point = configPoint(c);
      if (c.role !== 'decode') {
        const p = steps.prefill(point, slo.ttftCheckTokens);
        if (p.clamped) out.push({ pool, classId: cls.id, phase: 'prefill', axes: [...p.clamped] });
      }
      if (c.role !== 'prefill' && row.batchAtCapacity > 0) {
        const d = steps.decode(point, Math.max(1, row.batchAtCapacity), cls.input.mean + cls.output.mean / 2);
        if (d.clamped) out.push({ pool, classId: cls.id, phase: 'decode', axes: [...d.clamped] });
      }
    }
  }
  return out;
}
