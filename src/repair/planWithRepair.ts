/**
 * `llmcap plan`'s replay in the loop (repairLoop.ts): the plan, and the SinglePool baseline it is
 * compared with, each planned and repaired until its replay passes or planning.repairRounds rounds
 * are spent, so the comparison is between plans that pass. The capacity model stays the MILP's; the
 * replay only corrects it where it measured it wrong. When the baseline lies inside the scenario's
 * options (pools shared, or a list that names it) and passes for less than the repaired plan, it is the plan: the
 * repair's corrections fall on every config a missed class used, and can cost more than a design
 * the MILP started from (measured: azure-conv.yaml with pools optimize, 388 against 234 USD).
 */
import { CapacityCache } from '../capacity/index.js';
import { asKeptDesign, compareTotals, passesForLess, planScenario, singlePoolInsideOptions, singlePoolOutsideOptions, singlePoolScenario, type PlanOptions, type PlanOutcome } from '../plan/index.js';
import type { StepModels, StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { repairLoop } from './repairLoop.js';
import { sliceRunner } from './replaySlices.js';

export interface RepairOptions {
  /** The step model the plan was made with, by source, for the replay. */
  readonly steps: StepSource;
  readonly stepModels: StepModels;
  /** Default: the scenario's planning.repairRounds. 0 skips the loop. */
  readonly rounds?: number;
  /** Worker threads replaying the windows (default every core; 1 replays in this thread). The plan is the same whatever the number. */
  readonly threads?: number;
}

export async function planWithRepair(scenario: Scenario, planOptions: PlanOptions, repair: RepairOptions): Promise<PlanOutcome> {
  const maxRounds = repair.rounds ?? scenario.planning.repairRounds;
  const options: PlanOptions = { ...planOptions, capacityCache: planOptions.capacityCache ?? new CapacityCache() };
  if (maxRounds <= 0) return planScenario(scenario, options);
  const progress = options.onProgress ?? (() => {});
  const runner = sliceRunner(repair.threads);
  const { baseline: withBaseline, capacityDerate: _none, ...rest } = options;
  const loop = { rounds: maxRounds, runner, steps: repair.steps, maxUtilization: scenario.planning.maxUtilization };
  try {
    const planned = await repairLoop(
      async (derate) => ({ ...(await planScenario(scenario, { ...rest, baseline: false, ...(derate ? { capacityDerate: derate } : {}) })), replayScenario: scenario }),
      { ...loop, onProgress: (m) => progress(`repair: ${m}`, 0.97) },
    );
    if (!withBaseline) return planned;
    progress('baseline: planning and repairing the SinglePool design for comparison', 0.98);
    const { scenario: single, design } = singlePoolScenario(scenario, planned.plan);
    const { pinned: _pins, ...baselineOptions } = rest;
    const baseline = await repairLoop(
      async (derate) => ({ ...(await planScenario(single, { ...baselineOptions, baseline: false, onProgress: () => {}, ...(derate ? { capacityDerate: derate } : {}) })), replayScenario: single }),
      loop,
    ).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    if (!(baseline instanceof Error) && singlePoolInsideOptions(scenario, design) && passesForLess(baseline.plan, planned.plan)) {
      // The design is a plan of the scenario's own options that passes its replay for less than the
      // repaired plan (the repair's corrections can cost more than the design's plain capacity): keep it.
      const kept = asKeptDesign(baseline.plan, `kept the SinglePool design (${design.name}): inside the scenario's options, it passes its replay at objective ${baseline.plan.solve.objective.toFixed(2)}, below the repaired plan's ${planned.plan.solve.objective.toFixed(2)}; its gaps were proven within the design only, so the plan's are unknown`);
      return { plan: { ...kept, baseline: compareTotals(kept, design, baseline.plan) }, capacity: baseline.capacity };
    }
    const comparison = compareTotals(planned.plan, design, baseline instanceof Error ? baseline : baseline.plan);
    // Cheaper and passing, but outside the options: say which options would let the plan be it.
    const outside = baseline instanceof Error || !passesForLess(baseline.plan, planned.plan) ? [] : singlePoolOutsideOptions(scenario, design);
    return { plan: { ...planned.plan, baseline: outside.length > 0 ? { ...comparison, cheaperOutsideOptions: outside.join('; ') } : comparison }, capacity: planned.capacity };
  } finally {
    await runner.close();
  }
}
