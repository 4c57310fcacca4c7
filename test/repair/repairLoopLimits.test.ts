/** The repair loop's edges: a plan with nothing to replay, and a replay too large to run in the loop. */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool } from '../../src/parallel/pool.js';
import { planScenario } from '../../src/plan/index.js';
import { StepModels } from '../../src/profiles/index.js';
import { repairLoop, sliceRunner } from '../../src/repair/index.js';
import type { Scenario } from '../../src/scenario/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const source = { kind: 'tables', importPaths: [] } as const;

async function loop(scenario: Scenario, maxRequests?: number) {
  const steps = await new StepModels().get(source);
  const runner = sliceRunner(1);
  try {
    return await repairLoop(async (derate) => ({ ...(await planScenario(scenario, { steps, ...(derate ? { capacityDerate: derate } : {}) })), replayScenario: scenario }), {
      rounds: 3,
      runner,
      steps: source,
      maxUtilization: scenario.planning.maxUtilization,
      ...(maxRequests !== undefined ? { maxRequests } : {}),
    });
  } finally {
    await runner.close();
  }
}

describe('repairLoop limits', () => {
  afterAll(() => closePool());

  it('checks a plan with no instance anywhere (no demand) without replaying it', async () => {
    // Found by the CLI fuzz test: zero demand plans no pool, and a replay of no pool is an input error.
    const { plan } = await loop(tinyScenario({ windows: 2, rps: 0 }));
    expect(plan.rows.some((r) => r.instances > 0)).toBe(false);
    expect(plan.repair).toMatchObject({ rounds: 0, cellsMissedBefore: 0, cellsMissedAfter: 0 });
  }, 60_000);

  it('leaves a plan whose replay would exceed the request budget unchecked, and says so', async () => {
    const scenario = tinyScenario({ windows: 2, rps: [2, 3] });
    const { plan } = await loop(scenario, 1_000);
    expect(plan.repair?.replayedWindows).toBe(0);
    expect(plan.repair?.stopped).toMatch(/^not checked: one replay of the distinct windows would be [\d,]+ requests \(more than 1,000\)/);
    // Under the budget the same plan is replayed.
    const checked = await loop(scenario);
    expect(checked.plan.repair?.replayedWindows).toBeGreaterThan(0);
    expect(checked.plan.repair?.stopped).toBeUndefined();
  }, 120_000);
});
