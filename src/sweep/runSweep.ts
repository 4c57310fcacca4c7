/**
 * `llmcap sweep`: read and validate every variant up front, then plan the variants of this shard in
 * the worker pool, each into its own sealed directory (variants/<id>/), skipping those a previous run
 * finished; a whole (unsharded) run then writes the sweep's tables. Side effects (files, the pool)
 * live here; grid, variants, rows and tables are pure modules.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
// Not compare/index.js: the main thread does not load the planner, only the workers do.
import { BUILT_IN_DESIGNS, fromDesignsFile } from '../compare/fromDesignsFile.js';
import type { Design } from '../compare/types.js';
import { InputError } from '../core/errors.js';
import { commitDir, createStaging, discardStaging, removeLeftovers } from '../outdir/sealedDir.js';
import { runTask } from '../parallel/pool.js';
import { writeFilesAtomically } from '../report/writeAtomic.js';
import { fromYamlText } from '../scenario/index.js';
import { SWEEP_JSON, sha256, sweepDefinition, type SweepDefinition, type SweepVariantEntry } from './definition.js';
import { DESIGN_AXIS, gridFromText } from './grid.js';
import type { CapacityRows, VariantSolveOptions } from './planAdapter.js';
import type { VariantOutcome, VariantTask } from './planVariant.js';
import { inShard, WHOLE, type Shard } from './shard.js';
import { axisNameClashes } from './sweepTable.js';
import { PLAN_CAPACITY_PART, PLAN_VARIANT } from './variantTasks.js';
import { collectVariants, definitionJson, readFinished, variantDir, VARIANTS_DIR, writeSweepTables, type FinishedVariant } from './sweepOutputs.js';
import type { VariantStatus } from './variantResult.js';
import { resolveVariants, type ResolvedVariant } from './variants.js';

export interface SweepOptions {
  readonly scenarioPath: string;
  readonly gridPath: string;
  readonly outDir: string;
  /** Variants planned at once (the pool's threads; the caller sizes the pool). */
  readonly workers: number;
  readonly validate: boolean;
  readonly shard?: Shard;
  readonly solve: VariantSolveOptions;
  /** Write sweep.parquet beside sweep.arrow (default true). */
  readonly parquet?: boolean;
  readonly onProgress?: (state: SweepProgress) => void;
  /** Abort: no new variant starts, running ones are stopped, their staging directories removed. */
  readonly signal?: AbortSignal;
}

export interface SweepProgress {
  /** Variants of this shard. */
  readonly total: number;
  /** Finished (in this run or an earlier one), failed ones included. */
  readonly done: number;
  readonly failed: number;
  readonly running: number;
  /** Finished by an earlier run and skipped. */
  readonly resumed: number;
  /** Seconds to go at this run's pace; undefined until a variant finished in this run. */
  readonly etaSeconds?: number;
  /** The variant that just finished, if any. */
  readonly last?: { readonly id: string; readonly status: VariantStatus };
}

export interface SweepOutcome {
  readonly outDir: string;
  readonly shard: Shard;
  readonly definition: SweepDefinition;
  /** Variants of this shard, and what became of them. */
  readonly inShard: number;
  readonly planned: number;
  readonly resumed: number;
  readonly byStatus: Readonly<Partial<Record<VariantStatus, number>>>;
  readonly interrupted: boolean;
  /** Variants of the whole sweep not finished in outDir (other shards' unless interrupted). */
  readonly missing: number;
  /** The sweep's tables, written once every variant in outDir is finished. */
  readonly files: readonly string[];
  readonly seconds: number;
}

async function readInput(path: string, what: string, fix: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file: path, message: code === 'ENOENT' ? `${what} not found` : `cannot read the ${what} (${code ?? String(err)})`, fix });
  }
}

export interface PreparedSweep {
  readonly definition: SweepDefinition;
  readonly variants: readonly ResolvedVariant[];
}

/** Read the base scenario and the grid, and validate every variant: all input errors, no work. */
export async function prepareSweep(options: Pick<SweepOptions, 'scenarioPath' | 'gridPath' | 'solve' | 'validate'>): Promise<PreparedSweep> {
  const baseText = await readInput(options.scenarioPath, 'scenario file', 'check the path; the built-in scenarios are in scenarios/');
  const gridText = await readInput(options.gridPath, 'grid file', 'check the path; docs/sweep.md shows a grid');
  const grid = gridFromText(gridText, options.gridPath);
  const clashes = axisNameClashes(grid);
  if (clashes.length > 0) throw new InputError(clashes);
  const designs: Design[] = grid.axes.some((a) => a.name === DESIGN_AXIS)
    ? await fromDesignsFile(grid.designsFile !== undefined ? resolve(dirname(options.gridPath), grid.designsFile) : BUILT_IN_DESIGNS)
    : [];
  const variants = resolveVariants({ baseText, baseFile: options.scenarioPath, grid, designs });
  const profileHashes: Record<string, string> = {};
  for (const p of options.solve.profiles ?? []) {
    try {
      profileHashes[p] = sha256(await readFile(p));
    } catch {
      throw new InputError({ file: p, field: '--profiles', message: 'cannot read this profile table', fix: 'check the path' });
    }
  }
  const definition = sweepDefinition({ baseText, baseFile: options.scenarioPath, baseData: fromYamlText(baseText, options.scenarioPath).data, gridText, grid, variants, solve: options.solve, validate: options.validate, profileHashes });
  return { definition, variants };
}

export async function runSweep(options: SweepOptions, prepared?: PreparedSweep): Promise<SweepOutcome> {
  const started = performance.now();
  const { definition, variants } = prepared ?? (await prepareSweep(options));
  const shard = options.shard ?? WHOLE;
  const mine = variants.filter((v) => inShard(v.index, shard));
  const entryOf = new Map(definition.variants.map((e) => [e.id, e]));
  await writeFilesAtomically([{ path: join(options.outDir, SWEEP_JSON), data: definitionJson(definition) }]);
  // Staging and replaced copies a killed run left behind, of this shard's variants only.
  await removeLeftovers(join(options.outDir, VARIANTS_DIR), new Set(mine.map((v) => v.id)));

  const byStatus: Partial<Record<VariantStatus, number>> = {};
  const count = (status: VariantStatus) => (byStatus[status] = (byStatus[status] ?? 0) + 1);
  const unkept = new Map<string, FinishedVariant>();
  const queue: ResolvedVariant[] = [];
  let resumed = 0;
  for (const v of mine) {
    const finished = await readFinished(options.outDir, entryOf.get(v.id) as SweepVariantEntry);
    if (finished) {
      resumed++;
      count(finished.result.status);
    } else {
      queue.push(v);
    }
  }

  let done = resumed;
  let failed = Object.entries(byStatus).reduce((n, [s, k]) => n + (s === 'ok' ? 0 : k), 0);
  let running = 0;
  let plannedHere = 0;
  const report = (last?: SweepProgress['last']) => {
    const elapsed = (performance.now() - started) / 1000;
    const left = mine.length - done;
    options.onProgress?.({ total: mine.length, done, failed, running, resumed, ...(plannedHere > 0 ? { etaSeconds: (elapsed / plannedHere) * left } : {}), ...(last ? { last } : {}) });
  };
  report();

  // The first capacity table is the sweep's one serial stretch (every thread needs it before its
  // first plan): the threads compute a share each, and every variant takes all the shares.
  const capacityRows = await sharedCapacityRows(queue[0], options);

  /** Plan one variant and commit its directory; undefined when the sweep was aborted meanwhile. */
  const runOne = async (v: ResolvedVariant): Promise<VariantOutcome | undefined> => {
    const entry = entryOf.get(v.id) as SweepVariantEntry;
    const finalDir = variantDir(options.outDir, v.id);
    const staging = await createStaging(finalDir);
    const task: VariantTask = {
      id: v.id,
      index: v.index,
      assignments: v.assignments,
      scenarioText: v.scenarioText,
      scenarioLabel: v.scenarioLabel,
      ...(v.design ? { design: v.design } : {}),
      staging,
      key: entry.key,
      solve: options.solve,
      validate: options.validate,
      ...(capacityRows.length > 0 ? { capacityRows } : {}),
    };
    let outcome: VariantOutcome;
    try {
      outcome = await runTask(PLAN_VARIANT, task, options.signal ? { signal: options.signal } : {});
    } catch (err) {
      await discardStaging(staging);
      if (options.signal?.aborted) return undefined;
      // The worker died (out of memory, a crash): a row says so; a rerun retries the variant.
      outcome = { result: { variant: v.id, index: v.index, status: 'error', reason: `worker failed: ${err instanceof Error ? err.message : String(err)}`, objective: v.scenario.objective.name, meanDemandRps: Number.NaN, peakDemandRps: Number.NaN, gpusByType: {} }, timing: { planSeconds: 0, replaySeconds: 0, outputSeconds: 0, totalSeconds: 0, finishedAt: new Date().toISOString() }, sealed: false };
    }
    if (outcome.sealed && !options.signal?.aborted) {
      commitDir(staging, finalDir);
    } else {
      await discardStaging(staging);
      if (options.signal?.aborted) return undefined;
      unkept.set(v.id, { entry, result: outcome.result, timing: outcome.timing });
    }
    return outcome;
  };

  // At most `workers` variants in flight: the pool has that many threads, and "running" means running.
  let next = 0;
  const lane = async () => {
    while (next < queue.length && !options.signal?.aborted) {
      const v = queue[next++] as ResolvedVariant;
      running++;
      report();
      let outcome: VariantOutcome | undefined;
      try {
        outcome = await runOne(v);
      } finally {
        running--;
      }
      if (!outcome) continue;
      done++;
      plannedHere++;
      count(outcome.result.status);
      if (outcome.result.status !== 'ok') failed++;
      report({ id: v.id, status: outcome.result.status });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, queue.length)) }, lane));

  const interrupted = options.signal?.aborted === true;
  let files: string[] = [];
  let missing = definition.variants.length;
  if (!interrupted) {
    // A whole run always completes the sweep. A shard completes it when it finishes last and the
    // shards share one directory (a Kubernetes volume): then it writes the tables `sweep merge` would.
    const collected = await collectVariants(definition, [options.outDir], unkept);
    missing = collected.missing.length;
    if (missing === 0) files = await writeSweepTables(options.outDir, definition, collected.rows, options.parquet === false ? { parquet: false } : {});
    else if (shard.count === 1) throw new Error(`internal: ${missing} variants neither finished nor failed`);
  }
  return { outDir: options.outDir, shard, definition, inShard: mine.length, planned: plannedHere, resumed, byStatus, interrupted, missing, files, seconds: (performance.now() - started) / 1000 };
}

/** The first queued variant's capacity table, computed in `workers` shares in the pool (nothing with one worker: it gains nothing). */
async function sharedCapacityRows(first: ResolvedVariant | undefined, options: SweepOptions): Promise<CapacityRows> {
  const parts = options.workers;
  if (!first || parts < 2 || options.signal?.aborted) return [];
  const shares = await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      runTask(PLAN_CAPACITY_PART, { scenarioText: first.scenarioText, scenarioLabel: first.scenarioLabel, ...(first.design ? { design: first.design } : {}), solve: options.solve, part, parts }, options.signal ? { signal: options.signal } : {}).catch(() => [] as CapacityRows),
    ),
  );
  return shares.flat();
}
