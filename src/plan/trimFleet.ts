/**
 * Take out of a solved fleet the servers no window ever powers. When idle servers power off, a
 * server that no window uses costs the energy and carbon objectives nothing but the fleet's tiny
 * tie-breaking weight, so a MILP stopped within its gap may keep any number of them: a held design
 * under `--objective energy` was seen buying 383 DGX-H100 for pools that never used more than 29.
 * Such a fleet is waste a buyer would see at once. Dropping those servers breaks no row (every
 * window's powered servers still fit, power and server limits only loosen) and changes no window:
 * only the fleet's cost and embodied carbon fall. With idle servers on, every server is powered in
 * every window and its idle energy is in the objective, so nothing is trimmed.
 */
import type { PlanModel, PlanningData } from '../formulation/index.js';
import { solutionAt, type Solution } from '../solver/index.js';
import type { PlanRow } from './types.js';

/** A solution's fractional noise on a count of servers. */
const TOLERANCE = 1e-7;

export interface TrimmedFleet {
  readonly solution: Solution;
  /** Servers dropped per GPU type (types with none dropped are absent). */
  readonly dropped: ReadonlyMap<string, number>;
}

/**
 * The fleet of `values` (a solution of `pm`) with each GPU type's committed servers cut to the most
 * any window of `rows` powers (never below the inventory): the new servers dropped come off the
 * dearer committed mode first when a type is both bought and reserved.
 */
export function trimFleet(data: PlanningData, pm: PlanModel, values: Float64Array, rows: readonly PlanRow[]): TrimmedFleet {
  const x = values.slice();
  const solution = solutionAt(x);
  const dropped = new Map<string, number>();
  if (data.idleServers !== 'off') return { solution, dropped };
  for (const g of data.gpuTypes) {
    const servers = pm.servers(g.gpu);
    const have = solution.value(servers);
    const keep = Math.max(g.inventoryServers, mostPowered(rows, g.gpu, g.gpusPerServer));
    if (keep >= have - TOLERANCE) continue;
    x[servers.index] = keep;
    const split = pm.acquired(g.gpu);
    if (split) {
      // B + R = N − inventory: the surplus leaves the dearer mode first.
      const buyFirst = (g.acquisition.buyUsdPerServer ?? 0) > (g.acquisition.reserveUsdPerServer ?? 0);
      const [first, second] = buyFirst ? [split.bought, split.reserved] : [split.reserved, split.bought];
      let surplus = have - keep;
      for (const v of [first, second]) {
        const cut = Math.min(surplus, x[v.index] as number);
        x[v.index] = (x[v.index] as number) - cut;
        surplus -= cut;
      }
    }
    dropped.set(g.gpu, have - keep);
  }
  return { solution, dropped };
}

/** The most committed servers of a GPU type any window powers: its pools' and idle row's GPUs, less the servers rented on demand. */
function mostPowered(rows: readonly PlanRow[], gpu: string, gpusPerServer: number): number {
  const byWindow = new Map<number, { gpus: number; rented: number }>();
  for (const row of rows) {
    if (row.gpu !== gpu) continue;
    const at = byWindow.get(row.window) ?? { gpus: 0, rented: 0 };
    at.gpus += row.gpus;
    at.rented += row.onDemandServers ?? 0;
    byWindow.set(row.window, at);
  }
  let most = 0;
  for (const { gpus, rented } of byWindow.values()) most = Math.max(most, Math.ceil(gpus / gpusPerServer - TOLERANCE) - rented);
  return most;
}
