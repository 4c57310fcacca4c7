/**
 * The week as the user runs it (`llmcap plan --scenario scenarios/week.yaml`: built-in profile tables,
 * HiGHS, the file's limits, the capacity table on every core and the windows solved ahead on the
 * process's worker pool, as the CLI does), planned once per bench run: the solver bench times it, the
 * replay bench replays it.
 */
import { buildCapacityTable, CapacityCache } from '../src/capacity/index.js';
import { readFileSync } from 'node:fs';
import { capacityInParallel, planScenario, type PlanOutcome } from '../src/plan/index.js';
import { loadStepSource, type StepModel, type StepSource } from '../src/profiles/index.js';
import { scenarioFromText, type Scenario } from '../src/scenario/index.js';
import { timed } from './harness.js';

export const scenarioText = (name: string): string => readFileSync(new URL(`../scenarios/${name}.yaml`, import.meta.url), 'utf8');
export const scenarioNamed = (name: string, edit: (text: string) => string = (t) => t): Scenario => scenarioFromText(edit(scenarioText(name)), `${name}.yaml`);

/** The built-in profile tables, by name: what a worker loads for itself. */
const BUILT_IN: StepSource = { kind: 'tables', importPaths: [] };

let steps: Promise<StepModel> | undefined;
/** The built-in profile tables, loaded once. */
export function builtInSteps(): Promise<StepModel> {
  steps ??= loadStepSource(BUILT_IN);
  return steps;
}

interface WeekPlan {
  readonly scenario: Scenario;
  readonly outcome: PlanOutcome | Error;
  /** End to end: the capacity table, then the plan. */
  readonly seconds: number;
  /** The capacity table alone; later plans over the same rows reuse it (benchCapacityCache). */
  readonly tableSeconds: number;
}

/** Capacity rows shared by every plan of the benchmarks, so that timed runs compare plans alone. */
export const benchCapacityCache = new CapacityCache();

let week: Promise<WeekPlan> | undefined;
export function weekPlan(): Promise<WeekPlan> {
  week ??= (async () => {
    const scenario = scenarioNamed('week');
    const s = await builtInSteps();
    // Timed apart so that runs which reuse the cached rows compare with the plan alone.
    // On every core as the CLI computes it (the rows are the same values either way); then the rows
    // nothing computed yet, in this thread, so that the runs below all find the table complete.
    const table = await timed(async () => {
      await capacityInParallel(scenario, BUILT_IN, s, benchCapacityCache);
      return buildCapacityTable(scenario, s, benchCapacityCache);
    });
    const t = await timed(() => planScenario(scenario, { steps: s, capacityCache: benchCapacityCache, solveOnPool: true }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
    return { scenario, outcome: t.value, seconds: table.seconds + t.seconds, tableSeconds: table.seconds };
  })();
  return week;
}
