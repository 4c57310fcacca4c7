/**
 * The week as the user runs it (`llmcap plan --scenario scenarios/week.yaml`: built-in profile tables,
 * HiGHS, the file's limits), planned once per bench run: the solver bench times it, the replay bench
 * replays it.
 */
import { readFileSync } from 'node:fs';
import { planScenario, type PlanOutcome } from '../src/plan/index.js';
import { loadStepModel, type StepModel } from '../src/profiles/index.js';
import { scenarioFromText, type Scenario } from '../src/scenario/index.js';
import { timed } from './harness.js';

export const scenarioText = (name: string): string => readFileSync(new URL(`../scenarios/${name}.yaml`, import.meta.url), 'utf8');
export const scenarioNamed = (name: string, edit: (text: string) => string = (t) => t): Scenario => scenarioFromText(edit(scenarioText(name)), `${name}.yaml`);

let steps: Promise<StepModel> | undefined;
/** The built-in profile tables, loaded once. */
export function builtInSteps(): Promise<StepModel> {
  steps ??= loadStepModel({ importPaths: [] });
  return steps;
}

let week: Promise<{ scenario: Scenario; outcome: PlanOutcome | Error; seconds: number }> | undefined;
export function weekPlan(): Promise<{ scenario: Scenario; outcome: PlanOutcome | Error; seconds: number }> {
  week ??= (async () => {
    const scenario = scenarioNamed('week');
    const s = await builtInSteps();
    const t = await timed(() => planScenario(scenario, { steps: s }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
    return { scenario, outcome: t.value, seconds: t.seconds };
  })();
  return week;
}
