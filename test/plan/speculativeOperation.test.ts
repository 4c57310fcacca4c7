/**
 * The operation stage started beside the fleet stage from its first plan (speculativeOperation.ts):
 * taken when the stage ends on that plan, cancelled otherwise, and in either case the plan is the
 * same bytes as when the operation starts only after the fleet stage.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { planningData } from '../../src/formulation/index.js';
import { closePool } from '../../src/parallel/pool.js';
import { planScenario } from '../../src/plan/index.js';
import { solveFleet, type FleetChoice } from '../../src/plan/solveFleet.js';
import { OperationCancelled, solveOperation, type Operation } from '../../src/plan/solveOperation.js';
import { choiceKey, SpeculativeOperation, type SpeculationGate } from '../../src/plan/speculativeOperation.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const choice = (servers: number, peak: number): FleetChoice => ({ fleet: { 'H100-80GB': servers }, usedConfigs: new Set(['a', 'b']), peakInstances: new Map([['a', peak]]) });
const EMPTY: Operation = { windows: [], unserved: [], subproblems: 0, reused: 0, limitWindow: undefined, notes: [] };

describe('the speculative operation', () => {
  afterAll(() => closePool());

  it('is taken for the plan it started from, and cancelled for any other', async () => {
    const gates: SpeculationGate[] = [];
    const spec = new SpeculativeOperation((_choice, gate) => {
      gates.push(gate);
      return Promise.resolve(EMPTY);
    });
    spec.offer(choice(3, 2));
    // Another plan replaces it: the first is cancelled, never confirmed.
    spec.offer(choice(4, 2));
    expect(gates.map((g) => [g.cancelled(), g.confirmed()])).toEqual([[true, false], [false, false]]);
    // The stage ends on a plan equal to the second (new objects, same contents): it is taken and confirmed.
    await expect(spec.take(choice(4, 2))).resolves.toBe(EMPTY);
    expect([gates[1]?.cancelled(), gates[1]?.confirmed()]).toEqual([false, true]);
    // A plan that differs in the peak's pools only is another plan: cancelled, nothing taken.
    spec.offer(choice(4, 2));
    expect(spec.take(choice(4, 3))).toBeUndefined();
    expect(gates[2]?.cancelled()).toBe(true);
    expect(choiceKey(choice(4, 2))).not.toBe(choiceKey(choice(4, 3)));
  });

  it('stops a cancelled operation at its next window', async () => {
    const s = tinyScenario({ windows: 3, rps: [40, 30, 20], gpus: ['H100-80GB'], tp: [4, 8] });
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const run = solveOperation(data, [0, 1, 2], { backend: 'highs', windowGap: s.solver.windowGap, fleet: { 'H100-80GB': 12 }, remaining: () => 60, timeLimitSec: 60, startInstances: () => undefined, restrict: true, reuseWindows: true, progress: () => {}, cancelled: () => true });
    await expect(run).rejects.toBeInstanceOf(OperationCancelled);
  }, 60_000);

  it('starts from the fleet stage\'s first plan, which here is its last, and the plan is the same bytes as without it', async () => {
    // Two GPU types under the energy objective: the quick plan is not proven within the gap at once,
    // so the clock relaxation and the plan on its fleet run after it (the case speculation is for).
    const s = tinyScenario({ windows: 4, rps: [40, 30, 20, 10], gpus: ['H100-80GB', 'A100-80GB'], tp: [2, 4, 8], clocks: { 'H100-80GB': [1980, 1380, 990], 'A100-80GB': [1410, 1110] }, objective: 'energy' });
    const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
    const offered: FleetChoice[] = [];
    const fleet = await solveFleet(data, [0], { backend: 'highs', timeLimitSec: 60, mipGap: s.solver.mipGap / 2, onCandidate: (c) => offered.push(c) });
    if ('failed' in fleet) throw new Error('no fleet');
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map(choiceKey)).toContain(choiceKey(fleet));
    const here = await planScenario(s, { capacityCache, method: 'fleet-decomposition', timeLimitSec: 120 });
    const pooled = await planScenario(s, { capacityCache, method: 'fleet-decomposition', timeLimitSec: 120, solveOnPool: true });
    expect(JSON.stringify(pooled.plan.rows)).toBe(JSON.stringify(here.plan.rows));
    expect(JSON.stringify(pooled.plan.windows)).toBe(JSON.stringify(here.plan.windows));
    expect(pooled.plan.solve.bound).toBe(here.plan.solve.bound);
  }, 300_000);
});
