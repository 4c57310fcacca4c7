/**
 * One variant, run in a pool worker: plan (and with --validate replay) the variant's scenario, write
 * its plan directory into the staging directory the main thread made, and seal it (manifest.json
 * last). The main thread renames it into place. A variant that fails is a result too (status and
 * reason); only a crash or a bug is left unsealed, so a rerun retries it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyDesign } from '../compare/applyDesign.js';
import type { Design } from '../compare/types.js';
import { InfeasibleError, InputError, SolverLimitError } from '../core/errors.js';
import { sealDir } from '../outdir/sealedDir.js';
import { scenarioFromText, type Scenario } from '../scenario/index.js';
import { capacityRowsPart, planVariantScenario, replayVariant, shareCapacityRows, stepsFor, writeVariantOutputs, type CapacityRows, type PlannedVariant, type VariantSolveOptions } from './planAdapter.js';
import { failedResult, KEPT_STATUSES, resultOfPlan, toResultJson, type VariantResult, type VariantStatus, type VariantTiming } from './variantResult.js';
import { VARIANT_FILES } from './variantFiles.js';
import type { Assignment } from './variants.js';


export interface VariantTask {
  readonly id: string;
  readonly index: number;
  readonly assignments: readonly Assignment[];
  readonly scenarioText: string;
  readonly scenarioLabel: string;
  readonly design?: Design;
  /** Existing, empty directory to write into. */
  readonly staging: string;
  /** Key of the inputs (sealed into the manifest). */
  readonly key: string;
  readonly solve: VariantSolveOptions;
  readonly validate: boolean;
  /** Capacity rows the pool's threads computed together before the first variant (capacityRowsPart). */
  readonly capacityRows?: CapacityRows;
}

/** One thread's share of the capacity table of the sweep's first variant. */
export interface CapacityPartTask {
  readonly scenarioText: string;
  readonly scenarioLabel: string;
  readonly design?: Design;
  readonly solve: VariantSolveOptions;
  readonly part: number;
  readonly parts: number;
}

export interface VariantOutcome {
  readonly result: VariantResult;
  readonly timing: VariantTiming;
  /** Whether the staging directory was sealed and may be committed. */
  readonly sealed: boolean;
}

const STATUS_OF_ERROR: readonly [new (...args: never[]) => Error, VariantStatus][] = [
  [InfeasibleError, 'infeasible'],
  [SolverLimitError, 'limit-no-plan'],
  [InputError, 'bad-input'],
];

function statusOf(err: unknown): VariantStatus {
  return STATUS_OF_ERROR.find(([kind]) => err instanceof kind)?.[1] ?? 'error';
}

/** Read the built-in profile tables ahead of the first variant (a worker calls this when it starts). */
export async function warmUpPlanning(): Promise<void> {
  await stepsFor({ baseline: false });
}

/**
 * Compute one share of a scenario's capacity table, before any variant: every thread would otherwise
 * compute the whole first table at the same time, the sweep's one serial stretch. A scenario that
 * does not read (a bad variant) contributes nothing: its variant reports the error.
 */
export async function planCapacityPart(task: CapacityPartTask): Promise<CapacityRows> {
  let scenario: Scenario;
  try {
    const read = scenarioFromText(task.scenarioText, task.scenarioLabel);
    scenario = task.design ? applyDesign(read, task.design) : read;
  } catch {
    return [];
  }
  return capacityRowsPart(scenario, task.solve, task.part, task.parts);
}

const seconds = (from: number) => (performance.now() - from) / 1000;

export async function planVariant(task: VariantTask): Promise<VariantOutcome> {
  const started = performance.now();
  let scenario: Scenario | undefined;
  let planned: PlannedVariant | undefined;
  let result: VariantResult;
  let planSeconds = 0;
  let replaySeconds = 0;
  let outputSeconds = 0;
  try {
    const read = scenarioFromText(task.scenarioText, task.scenarioLabel);
    scenario = task.design ? applyDesign(read, task.design) : read;
    if (task.capacityRows) await shareCapacityRows(task.capacityRows, task.solve);
    planned = await planVariantScenario(scenario, task.solve);
    planSeconds = seconds(started);
    const replayStarted = performance.now();
    const report = task.validate ? await replayVariant(scenario, planned.plan, task.solve) : undefined;
    replaySeconds = task.validate ? seconds(replayStarted) : 0;
    const outputStarted = performance.now();
    await writeVariantOutputs(task.staging, { ...planned, scenario, ...(report ? { replay: report } : {}) });
    outputSeconds = seconds(outputStarted);
    result = resultOfPlan(task, scenario, planned.plan, report);
  } catch (err) {
    if (planSeconds === 0) planSeconds = seconds(started);
    const status = statusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    result = failedResult(task, scenario, status, status === 'error' && err instanceof Error && err.stack ? `${message} (${err.stack.split('\n')[1]?.trim() ?? ''})` : message);
  }
  await writeFile(join(task.staging, VARIANT_FILES.scenario), task.scenarioText);
  await writeFile(join(task.staging, VARIANT_FILES.variant), toResultJson({ id: task.id, index: task.index, assignments: task.assignments, design: task.design?.name ?? null, scenario: task.scenarioLabel, validate: task.validate, solve: task.solve }));
  await writeFile(join(task.staging, VARIANT_FILES.result), toResultJson(result));
  const timing: VariantTiming = { planSeconds, replaySeconds, outputSeconds, totalSeconds: seconds(started), finishedAt: new Date().toISOString() };
  await writeFile(join(task.staging, VARIANT_FILES.timing), toResultJson(timing));
  const sealed = KEPT_STATUSES.includes(result.status);
  if (sealed) await sealDir(task.staging, task.key);
  return { result, timing, sealed };
}
