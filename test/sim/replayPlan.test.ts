/**
 * replayPlan, the replay as a library call: its inputs are plain data (it runs the same in a worker
 * thread), it replays what they name (the same run as replay() on the trace and model built by hand),
 * and request rows go to the caller's sink only when some are kept.
 */
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { planScenario, type Plan } from '../../src/plan/index.js';
import { analyticStepModel, StepModels } from '../../src/profiles/index.js';
import type { Scenario } from '../../src/scenario/index.js';
import { replay, replayPlan, toReplayPlan, type ReplayPlan, type ReplayPlanOptions, type ReplayReport, type RequestBatch, type RequestSink } from '../../src/sim/index.js';
import { synthesizeTrace } from '../../src/workload/index.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

function inWorker(plan: ReplayPlan, scenario: Scenario, options: ReplayPlanOptions): Promise<ReplayReport> {
  // The worker runs the TypeScript sources: tsx is registered in it before the worker module loads.
  const entry = new URL('../helpers/replayWorker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  return new Promise<ReplayReport>((resolve, reject) => {
    worker.once('message', (m: { report?: ReplayReport; error?: string }) => (m.report ? resolve(m.report) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.postMessage({ plan, scenario, options });
  }).finally(() => worker.terminate());
}

function countingSink(): RequestSink & { rows: number; opened: number } {
  const sink = {
    rows: 0,
    opened: 0,
    begin() {},
    write(batch: RequestBatch) {
      sink.rows += batch.length;
    },
  };
  return sink;
}

describe('replayPlan', () => {
  const scenario = tinyScenario({ windows: 3, rps: 3 });
  let plan: Plan;
  let replayable: ReplayPlan;

  beforeAll(async () => {
    plan = (await planScenario(scenario)).plan;
    replayable = toReplayPlan(plan, scenario.horizon.windows.length);
  });

  it('carries the plan window energy when every window has a summary', () => {
    expect(replayable.windowEnergyKWh).toEqual(plan.windows.map((w) => w.energyKWh));
    expect(toReplayPlan({ ...plan, windows: plan.windows.slice(1) }, 3).windowEnergyKWh).toBeUndefined();
  });

  it('runs in a worker thread on its inputs as sent, with the same report as in this thread', async () => {
    const options: ReplayPlanOptions = { steps: { kind: 'analytic' }, trace: { kind: 'synthetic' }, seed: 4 };
    const here = await replayPlan(replayable, scenario, options);
    expect(here.requests.simulated).toBeGreaterThan(1000);
    expect(await inWorker(replayable, scenario, options)).toEqual(here);
  });

  it('replays what its options name: the same run as replay() on that trace and model', async () => {
    const named = await replayPlan(replayable, scenario, { steps: { kind: 'analytic' }, trace: { kind: 'synthetic', windows: [1], rateScale: 1.5 }, seed: 9 }, { stepModels: new StepModels() });
    const byHand = await replay(scenario, replayable, synthesizeTrace(scenario, { seed: 9, windows: [1], rateScale: 1.5 }), { steps: analyticStepModel, seed: 9 });
    expect(named).toEqual(byHand);
    expect(named.windows.find((w) => w.window === 1)?.requests).toBeGreaterThan(0);
    expect(named.windows.find((w) => w.window === 0)?.requests).toBe(0);
  });

  it('opens the sink only when rows are kept, and keeps the sample it is asked for', async () => {
    const base: ReplayPlanOptions = { steps: { kind: 'analytic' }, trace: { kind: 'synthetic', windows: [0] } };
    const sinks: ReturnType<typeof countingSink>[] = [];
    const openSink = async () => {
      const s = countingSink();
      sinks.push(s);
      return s;
    };
    const none = await replayPlan(replayable, scenario, { ...base, requests: 'none' }, { openSink });
    expect(sinks).toHaveLength(0);
    expect(none.requests.sampling).toEqual({ mode: 'none' });

    const all = await replayPlan(replayable, scenario, base, { openSink });
    expect(all.requests.sampling).toEqual({ mode: 'all' });
    expect(sinks[0]?.rows).toBe(all.requests.completed + all.requests.rejected);

    const sample = await replayPlan(replayable, scenario, { ...base, requests: 'sample' }, { openSink });
    expect(sample.requests.sampling).toEqual({ mode: 'every', n: 10 });
    expect(sinks[1]?.rows).toBe(sample.requests.written);
    expect(sample.requests.written).toBeLessThan(all.requests.written / 5);
  });
});
