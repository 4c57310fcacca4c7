/**
 * Keeps the default plan of scenarios/day.yaml honest (issue 18): planned as `llmcap plan` plans it
 * (the built-in profile tables), replayed over the whole day on a synthetic trace whose seed is not the
 * scenario's, no (window, class) cell misses its SLO significantly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planScenario } from '../../src/plan/index.js';
import { StepModels } from '../../src/profiles/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { replayPlan, toReplayPlan } from '../../src/sim/index.js';

const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;
/** A seed other than the scenario's (1): the plan must hold on arrivals it was not made from. */
const REPLAY_SEED = 101;

describe('the default plan of day.yaml', () => {
  it('passes its own replay on a seed other than the planning one', async () => {
    const scenario = scenarioFromText(readFileSync(DAY, 'utf8'), DAY);
    expect(scenario.simulation.seed).not.toBe(REPLAY_SEED);
    const stepModels = new StepModels();
    const source = { kind: 'tables', importPaths: [] } as const;
    const { plan } = await planScenario(scenario, { steps: await stepModels.get(source) });
    const report = await replayPlan(toReplayPlan(plan, scenario.horizon.windows.length), scenario, { steps: source, seed: REPLAY_SEED }, { stepModels });
    expect(report.verdict.coveredWindows).toBe(24);
    expect(report.verdict.judgedCells).toBeGreaterThan(300);
    expect(report.verdict.failures.map((f) => `${f.window} ${f.classId} ${f.metrics.join('+')}`)).toEqual([]);
    expect(report.verdict.pass).toBe(true);
  }, 600_000);
});
