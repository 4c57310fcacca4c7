/**
 * `llmcap sweep` (plan every variant of a grid in the worker pool, resumable, shardable), `sweep
 * merge` (the tables from shard directories) and `sweep k8s` (an Indexed Job manifest and a
 * Dockerfile). The work is in src/sweep/; this file reads options, shows progress and prints.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../../core/errors.js';
import { closePool, defaultThreads, usePoolThreads } from '../../parallel/pool.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { prepareSweep, runSweep, type SweepOutcome, type SweepProgress } from '../../sweep/runSweep.js';
import { shardFrom, shardLabel } from '../../sweep/shard.js';
import { mergeSweep, SWEEP_FILES, VARIANTS_DIR } from '../../sweep/sweepOutputs.js';
import { WARM_UP_PLANNING } from '../../sweep/variantTasks.js';
import type { VariantSolveOptions } from '../../sweep/planAdapter.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { checkOutputDir } from '../outputPaths.js';
import { createProgress } from '../progress.js';
import type { SolveCommandOptions } from '../solveOptions.js';
import { SWEEP_JSON, SWEEP_MERGE_JSON, SWEEP_K8S_JSON, type JsonObjectOf } from '../jsonOutputs.js';

/** --scenario and --grid: required, checked here (see program.ts). */
function requireInputs(options: { readonly scenario?: string; readonly grid?: string }): { scenario: string; grid: string } {
  const missing = [options.scenario === undefined ? '--scenario <file>' : '', options.grid === undefined ? '--grid <file>' : ''].filter(Boolean);
  if (missing.length > 0) throw new InputError({ field: missing.join(', '), message: `required option ${missing.join(' and ')} not given`, fix: 'e.g. llmcap sweep --scenario scenarios/day.yaml --grid grid.yaml' });
  return { scenario: options.scenario as string, grid: options.grid as string };
}

export interface SweepCommandOptions extends SolveCommandOptions {
  readonly grid: string;
  readonly workers?: number;
  readonly validate?: boolean;
  readonly shard?: string;
  readonly shards?: number;
  /** Plan the SinglePool baseline beside every variant (default false: it doubles the work). */
  readonly baseline?: boolean;
  /** --no-parquet. */
  readonly parquet?: boolean;
}

const solveOptionsOf = (o: SolveCommandOptions & { readonly baseline?: boolean }): VariantSolveOptions => ({
  ...(o.solver ? { backend: o.solver } : {}),
  ...(o.timeLimit !== undefined ? { timeLimitSec: o.timeLimit } : {}),
  ...(o.gap !== undefined ? { mipGap: o.gap } : {}),
  baseline: o.baseline === true,
  ...(o.profiles && o.profiles.length > 0 ? { profiles: o.profiles } : {}),
  ...(o.analytic ? { analytic: true } : {}),
});

const clock = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/** 'variants 3/12 · 1 failed · 2 running · ETA 40s · v0002 infeasible' */
export function progressMessage(p: SweepProgress): string {
  const parts = [`variants ${p.done}/${p.total}`, `${p.failed} failed`, `${p.running} running`, `ETA ${p.etaSeconds !== undefined ? clock(p.etaSeconds) : '–'}`];
  if (p.resumed > 0) parts.push(`${p.resumed} resumed`);
  if (p.last) parts.push(`${p.last.id} ${p.last.status}`);
  return parts.join(' · ');
}

export async function runSweepCommand(options: SweepCommandOptions): Promise<{ outcome: SweepOutcome; exitCode: ExitCode }> {
  requireInputs(options);
  const shard = shardFrom(options, process.env);
  const solve = solveOptionsOf(options);
  const validate = options.validate === true;
  const workers = options.workers ?? defaultThreads();
  // Every variant validated before any worker starts: a bad grid costs nothing but its message.
  const prepared = await prepareSweep({ scenarioPath: options.scenario, gridPath: options.grid, solve, validate });
  const scenarioName = prepared.variants[0]?.scenario.name ?? basename(options.scenario).replace(/\.ya?ml$/i, '');
  const outDir = options.out ?? join('out', `${scenarioName}-sweep`);
  // Checked before any variant is planned: a long sweep never ends in EEXIST.
  checkOutputDir(outDir, { flag: '--out', inputs: [options.scenario, options.grid, ...(options.profiles ?? [])] });
  const progress = createProgress(options.quiet === true);
  let outcome: SweepOutcome;
  try {
    await usePoolThreads(workers, { preload: [WARM_UP_PLANNING] });
    outcome = await runSweep({
      scenarioPath: options.scenario,
      gridPath: options.grid,
      outDir,
      workers,
      validate,
      shard,
      solve,
      ...(options.parquet === false ? { parquet: false } : {}),
      onProgress: (p) => progress.update(progressMessage(p), p.total > 0 ? p.done / p.total : 1),
    }, prepared);
  } finally {
    progress.stop();
    await closePool();
  }
  const errors = outcome.byStatus.error ?? 0;
  const exitCode = outcome.interrupted ? EXIT.interrupted : errors > 0 ? EXIT.internalError : EXIT.ok;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      ok: exitCode === EXIT.ok,
      command: 'sweep',
      outDir,
      shard: shardLabel(shard),
      workers,
      variants: outcome.definition.variants.length,
      inShard: outcome.inShard,
      planned: outcome.planned,
      resumed: outcome.resumed,
      byStatus: outcome.byStatus,
      complete: outcome.missing === 0,
      missing: outcome.missing,
      files: outcome.files,
      seconds: outcome.seconds,
    } satisfies JsonObjectOf<typeof SWEEP_JSON>)}\n`);
  } else {
    process.stdout.write(`${formatOutcome(outcome, options, workers)}\n`);
  }
  return { outcome, exitCode };
}

function formatOutcome(o: SweepOutcome, options: SweepCommandOptions, workers: number): string {
  const statuses = Object.entries(o.byStatus).map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
  const lines = [
    `llmcap sweep: ${o.definition.variants.length} variants of ${options.scenario} × ${options.grid}${o.shard.count > 1 ? `; shard ${shardLabel(o.shard)} holds ${o.inShard}` : ''}; ${workers} worker${workers === 1 ? '' : 's'}, ${o.seconds.toFixed(1)} s`,
    `  planned ${o.planned}, resumed ${o.resumed} (finished by an earlier run); ${statuses}`,
    `  each variant's plan: ${join(o.outDir, VARIANTS_DIR)}/<variant>/`,
  ];
  if (o.files.length > 0) {
    lines.push(`  wrote ${o.files.map((f) => basename(f)).join(', ')} in ${o.outDir}`);
    lines.push(`Report: ${join(o.outDir, SWEEP_FILES.report)} (open it in a browser; works offline)`);
  } else {
    lines.push(`  ${o.missing} variant(s) of the sweep are not finished in ${o.outDir} yet (other shards); the shard finishing last in a shared directory writes the tables, or run: llmcap sweep merge DIR…`);
  }
  if ((o.byStatus.error ?? 0) > 0) lines.push(`  ${o.byStatus.error} variant(s) failed with an error (see the reason column); a rerun retries them`);
  return lines.join('\n');
}

export interface SweepMergeOptions {
  readonly out?: string;
  readonly parquet?: boolean;
  readonly json?: boolean;
}

export async function runSweepMerge(dirs: readonly string[], options: SweepMergeOptions): Promise<ExitCode> {
  const outDir = options.out ?? (dirs[0] as string);
  checkOutputDir(outDir, { flag: '--out' });
  const merged = await mergeSweep(dirs, outDir, options.parquet === false ? { parquet: false } : {});
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, command: 'sweep merge', outDir, dirs, variants: merged.rows.length, files: merged.files } satisfies JsonObjectOf<typeof SWEEP_MERGE_JSON>)}\n`);
  } else {
    process.stdout.write(`llmcap sweep merge: ${merged.rows.length} variants from ${dirs.join(', ')}\n  wrote ${merged.files.map((f) => basename(f)).join(', ')} in ${outDir}\nReport: ${join(outDir, SWEEP_FILES.report)}\n`);
  }
  return EXIT.ok;
}

export interface SweepK8sOptions extends SolveCommandOptions {
  readonly grid: string;
  readonly shards: number;
  readonly image: string;
  readonly pvc: string;
  readonly parallelism?: number;
  readonly workers?: number;
  readonly memory?: string;
  readonly mount?: string;
  readonly outPath?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly validate?: boolean;
  readonly baseline?: boolean;
}

/** Pod defaults: two workers (two cores) and room for two plans of a week-class scenario. */
export const K8S_DEFAULTS = { workers: 2, memory: '4Gi', mount: '/data' } as const;

export async function runSweepK8s(options: SweepK8sOptions): Promise<ExitCode> {
  if (options.profiles && options.profiles.length > 0) {
    throw new InputError({ field: '--profiles', message: 'imported profile tables are not shipped to the pods', fix: 'leave --profiles out (the image has the built-in tables), or build them into the image and pass --profiles in the Job\'s args' });
  }
  const { scenario, grid } = requireInputs(options);
  if (options.out !== undefined) checkOutputDir(options.out, { flag: '--out', inputs: [scenario, grid] });
  const { indexedJobManifests, jobNameFor } = await import('../../sweep/k8s/indexedJob.js');
  const { sweepDockerfile, packageLockfile, PACKAGE_TARBALL, LOCKFILE } = await import('../../sweep/k8s/dockerfile.js');
  // Every variant validated here, before anything reaches the cluster.
  const solve = solveOptionsOf(options);
  const prepared = await prepareSweep({ scenarioPath: options.scenario, gridPath: options.grid, solve, validate: options.validate === true });
  const count = prepared.variants.length;
  if (options.shards > count) {
    throw new InputError({ field: '--shards', message: `${options.shards} shards for ${count} variants leaves shards with nothing to do`, fix: `use at most ${count} shards` });
  }
  const scenarioName = prepared.variants[0]?.scenario.name ?? 'sweep';
  const name = options.name ?? jobNameFor(scenarioName);
  const mountPath = options.mount ?? K8S_DEFAULTS.mount;
  let gridText = await readFile(options.grid, 'utf8');
  let designsText: string | undefined;
  const gridDoc = parseDocument(gridText);
  const designsPath = gridDoc.get('designs');
  if (typeof designsPath === 'string') {
    // The designs file goes into the ConfigMap beside the grid, which then names it there.
    designsText = await readFile(resolve(dirname(options.grid), designsPath), 'utf8');
    gridDoc.set('designs', 'designs.yaml');
    gridText = String(gridDoc);
  }
  const sweepArgs = [
    ...(options.validate ? ['--validate'] : []),
    ...(options.solver ? ['--solver', options.solver] : []),
    ...(options.timeLimit !== undefined ? ['--time-limit', String(options.timeLimit)] : []),
    ...(options.gap !== undefined ? ['--gap', String(options.gap)] : []),
    ...(options.baseline ? ['--baseline'] : []),
    ...(options.analytic ? ['--analytic'] : []),
  ];
  const manifests = indexedJobManifests({
    name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    image: options.image,
    shards: options.shards,
    ...(options.parallelism !== undefined ? { parallelism: options.parallelism } : {}),
    workers: options.workers ?? K8S_DEFAULTS.workers,
    memory: options.memory ?? K8S_DEFAULTS.memory,
    claim: options.pvc,
    mountPath,
    outPath: options.outPath ?? `${mountPath.replace(/\/$/, '')}/${name}`,
    scenarioText: await readFile(options.scenario, 'utf8'),
    gridText,
    ...(designsText !== undefined ? { designsText } : {}),
    sweepArgs,
  });
  const outDir = options.out ?? join('out', `${name}-k8s`);
  if (options.out === undefined) checkOutputDir(outDir, { flag: '--out' });
  const lockfile = packageLockfile();
  const files = { job: join(outDir, 'job.yaml'), fetchPod: join(outDir, 'fetch-pod.yaml'), dockerfile: join(outDir, 'Dockerfile'), ...(lockfile !== undefined ? { lockfile: join(outDir, LOCKFILE) } : {}) };
  await writeFilesAtomically([
    { path: files.job, data: manifests.job },
    { path: files.fetchPod, data: manifests.fetchPod },
    { path: files.dockerfile, data: sweepDockerfile() },
    // The image installs the dependency versions the repository tested (docs/sweep.md).
    ...(lockfile !== undefined && files.lockfile !== undefined ? [{ path: files.lockfile, data: lockfile }] : []),
  ]);
  const ns = options.namespace ? ` -n ${options.namespace}` : '';
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, command: 'sweep k8s', outDir, job: name, shards: options.shards, variants: count, files: Object.values(files) } satisfies JsonObjectOf<typeof SWEEP_K8S_JSON>)}\n`);
  } else {
    process.stdout.write([
      `llmcap sweep k8s: Indexed Job '${name}', ${options.shards} shards over ${count} variants; wrote ${Object.values(files).join(', ')}`,
      'Next (docs/sweep.md "Running a sweep on a cluster"):',
      `  npm pack --pack-destination ${outDir}              # in the llmcap repository: ${PACKAGE_TARBALL}`,
      ...(lockfile === undefined ? [`  cp <llmcap repository>/${LOCKFILE} ${outDir}/`] : []),
      `  docker build -t ${options.image} ${outDir} && docker push ${options.image}`,
      `  kubectl apply -f ${files.job}`,
      `  kubectl wait${ns} --for=condition=complete job/${name} --timeout=24h`,
      `  kubectl apply -f ${files.fetchPod} && kubectl wait${ns} --for=condition=ready pod/${name}-fetch`,
      `  kubectl cp ${options.namespace ? `${options.namespace}/` : ''}${name}-fetch:${options.outPath ?? `${mountPath.replace(/\/$/, '')}/${name}`} ./${name}`,
      '',
    ].join('\n'));
  }
  return EXIT.ok;
}
