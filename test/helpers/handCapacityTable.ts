/**
 * A capacity table written by hand for a two-bin scenario (test/helpers/twoBinScenario.ts) on one
 * config: each optimum of the MILP over it can be worked out on paper.
 */
import { candidateConfigs, type CapacityTable, type ClassCapacity } from '../../src/capacity/index.js';
import type { FixedPartition, Scenario } from '../../src/scenario/index.js';

/** Capacities per instance, req/s: alone in its bin (by-input-bin; per-class is the same here, one class a bin) and in the shared pool. */
export interface HandCapacities {
  readonly alone: { readonly SA: number; readonly LA: number };
  readonly shared: { readonly SA: number; readonly LA: number };
}

function row(configId: string, classId: string, maxRps: number): ClassCapacity {
  return { configId, classId, maxRps, binding: 'tbt', batchAtCapacity: 4, ttftMsAtCapacity: 500, tbtMsAtCapacity: 150, powerAtCapacityW: 5000, powerAtLowLoadW: 4000 };
}

/** The table a plan of `s` would read, with the hand capacities in place of the model's. */
export function handTable(s: Scenario, caps: HandCapacities): CapacityTable {
  const configs = candidateConfigs(s);
  const config = configs[0];
  if (configs.length !== 1 || !config) throw new Error('expected one candidate config');
  const partition = s.planning.pools;
  const basis = partition === 'shared' ? caps.shared : caps.alone;
  const rows = [row(config.id, 'chat/SA', basis.SA), row(config.id, 'chat/LA', basis.LA)];
  const partitionRows = partition === 'optimize' ? new Map([['shared' as FixedPartition, new Map([[config.id, [row(config.id, 'chat/SA', caps.shared.SA), row(config.id, 'chat/LA', caps.shared.LA)]]])]]) : undefined;
  return { configs, power: new Map([[config.id, { idleW: 3000, prefillW: 6000 }]]), rows, all: rows, sloTargets: new Map(), ...(partitionRows ? { partitionRows } : {}) };
}

