/**
 * Windows the replay need judge only once: those with the same demand and the same pools (the same
 * hour on every weekday, mostly). Each group is replayed through its first window.
 */
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';

export interface WindowGroup {
  /** The window replayed for the group. */
  readonly representative: number;
  /** Every window of the group, ascending (the representative first). */
  readonly windows: readonly number[];
}

export function distinctWindows(scenario: Scenario, plan: Pick<Plan, 'rows'>): WindowGroup[] {
  const rowsOf = new Map<number, string[]>();
  for (const r of plan.rows) {
    const list = rowsOf.get(r.window) ?? [];
    list.push(JSON.stringify([r.model, r.gpu, r.tp, r.clockMHz, r.role, r.stack, r.precision, r.instances, Object.entries(r.ratesRps).filter(([, v]) => v > 0).sort()]));
    rowsOf.set(r.window, list);
  }
  const groups = new Map<string, number[]>();
  for (const { index: w } of scenario.horizon.windows) {
    const key = JSON.stringify([scenario.demandRps.map((d) => d[w] ?? 0), (rowsOf.get(w) ?? []).sort()]);
    const list = groups.get(key) ?? [];
    list.push(w);
    groups.set(key, list);
  }
  return [...groups.values()].map((windows) => ({ representative: windows[0] as number, windows })).sort((a, b) => a.representative - b.representative);
}
