/**
 * The one place the sweep calls the planner, the replay and the plan's output writers: planScenario,
 * the library replay (sim/replayPlan, plain serializable inputs, so it runs in a worker) and
 * writePlanOutputs, which every command uses. Nothing here prints: a worker must not write to stdout.
 */
import { CapacityCache, capacityRowsShare, type CapacityRows, type CapacityTable } from '../capacity/index.js';
import { planScenario, type Plan } from '../plan/index.js';
import { stepSourceFrom, StepModels, type StepModel, type StepSource } from '../profiles/index.js';
import { writePlanOutputs } from '../report/writePlanOutputs.js';
import type { Scenario } from '../scenario/index.js';
import { replayPlan, toReplayPlan, type ReplayReport } from '../sim/index.js';
import type { BackendName } from '../solver/index.js';

export interface VariantSolveOptions {
  readonly backend?: BackendName;
  readonly timeLimitSec?: number;
  readonly mipGap?: number;
  /** Plan DynamoLLM's SinglePool baseline beside each variant. */
  readonly baseline: boolean;
  /** Imported profile tables, or the analytic model (as `llmcap plan --profiles/--analytic`). */
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

/** Where step times and power come from, as `llmcap plan` chooses it (the scenario's fitted presets in front). */
function stepSourceOf(options: VariantSolveOptions, scenario?: Scenario): StepSource {
  return stepSourceFrom(options, scenario?.hardware.calibration.map((ref) => ref.path));
}

// Profile tables are read once per thread, then shared by every variant the thread plans and replays.
const stepModels = new StepModels();

export function stepsFor(options: VariantSolveOptions, scenario?: Scenario): Promise<StepModel> {
  return stepModels.get(stepSourceOf(options, scenario));
}

// Capacity rows depend on the configs, classes, SLOs and step model, not on demand, prices or power:
// a thread computes each row once and every variant it plans reuses it (a grid over demand and prices
// rebuilds nothing; rows are values, so outputs are the same bytes as without the cache).
const capacityCache = new CapacityCache();

export type { CapacityRows };

/** This thread's share of a scenario's capacity table (every `parts`-th config from `part`), for the other threads. */
export async function capacityRowsPart(scenario: Scenario, options: VariantSolveOptions, part: number, parts: number): Promise<CapacityRows> {
  const steps = await stepsFor(options);
  const rows = capacityRowsShare(scenario, steps, part, parts);
  capacityCache.add(steps, rows);
  return rows;
}

/** Rows other threads computed, kept for every variant this thread plans (the same values it would compute). */
export async function shareCapacityRows(rows: CapacityRows, options: VariantSolveOptions): Promise<void> {
  capacityCache.add(await stepsFor(options), rows);
}

export interface PlannedVariant {
  readonly plan: Plan;
  readonly capacity: CapacityTable;
}

export async function planVariantScenario(scenario: Scenario, options: VariantSolveOptions): Promise<PlannedVariant> {
  return planScenario(scenario, {
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.timeLimitSec !== undefined ? { timeLimitSec: options.timeLimitSec } : {}),
    ...(options.mipGap !== undefined ? { mipGap: options.mipGap } : {}),
    baseline: options.baseline,
    steps: await stepsFor(options, scenario),
    capacityCache,
  });
}

/** Replay the plan on a synthetic trace of the scenario (its seed), keeping no per-request rows. */
export async function replayVariant(scenario: Scenario, plan: Plan, options: VariantSolveOptions): Promise<ReplayReport> {
  return replayPlan(toReplayPlan(plan, scenario.horizon.windows.length), scenario, { steps: stepSourceOf(options, scenario), trace: { kind: 'synthetic' }, requests: 'none', planSource: 'plan.arrow' }, { stepModels });
}

/** The files of `llmcap plan` (and, with a replay, those of `--validate` but requests.arrow) in `dir`. */
export async function writeVariantOutputs(dir: string, variant: PlannedVariant & { readonly scenario: Scenario; readonly replay?: ReplayReport }): Promise<void> {
  const { plan, scenario, capacity, replay } = variant;
  await writePlanOutputs(dir, { plan: { plan, scenario, capacity }, ...(replay ? { replay: { report: replay, planPath: 'plan.arrow', scenarioFile: scenario.file } } : {}) }, 'in-place');
}
