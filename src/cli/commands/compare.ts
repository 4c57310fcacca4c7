/**
 * `llmcap compare`: plan every design on one scenario and tabulate them (compare.csv, compare.arrow,
 * report.html); or, with --deployment, hold a deployment fixed and replay it once per routing policy
 * (--routers), with the same trace and seed, into the same three files.
 */
import { join } from 'node:path';
import Table from 'cli-table3';
import { beyondScenario, COMPARE_COLUMNS, compareDesigns, compareRouters, routerColumns, selectDesigns, type CompareMode, type DesignResult, type RouterColumn, type RouterResult } from '../../compare/index.js';
import { InputError } from '../../core/errors.js';
import { deploymentPlan, fromDeploymentFile } from '../../deployment/index.js';
import { StepModels } from '../../profiles/index.js';
import { columnsToArrow, columnsToCsv } from '../../report/columnTable.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { toCompareReportHtml, toRouterCompareReportHtml } from '../../report/html/index.js';
import { horizonLabelOf, perHorizon } from '../../report/unitFigures.js';
import { fromScenarioFile, resolveObjective, ROUTER_NAMES, type RouterName, type Scenario } from '../../scenario/index.js';
import { inputBins } from '../../sim/index.js';
import { replayPlanOptions, type ReplayCliOptions } from '../runReplay.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { createProgress } from '../progress.js';
import { checkFittedPresets, stepSourceOf } from '../loadSteps.js';
import type { SolveCommandOptions } from '../solveOptions.js';
import { checkOutputDir } from '../outputPaths.js';
import { COMPARE_JSON, COMPARE_DEPLOYMENT_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface CompareCommandOptions extends SolveCommandOptions, Omit<ReplayCliOptions, 'requests'> {
  readonly designs?: string;
  readonly mode?: CompareMode;
  readonly budgetUsdPerHour?: number;
  /** Replay every design's plan at the peak window (default true; --no-replay). */
  readonly replay?: boolean;
  /** Put every design's plan through the replay-and-repair loop (default true: planning.repairRounds rounds; --no-repair). */
  readonly repair?: boolean;
  /** A deployment file held fixed while the routing policy varies. */
  readonly deployment?: string;
  /** Comma-separated routing policies to replay the deployment with (default: every policy). */
  readonly routers?: string;
  /** Overrides the deployment's overflow setting for every policy. */
  readonly overflow?: 'on' | 'off';
  /** Overrides the scenario's objective for every design. */
  readonly objective?: 'cost' | 'energy' | 'carbon';
}

/** The policies compared when --routers is not given: every router, each once ('jsq' is request-jsq's other name). */
export const DEFAULT_ROUTERS: readonly RouterName[] = ROUTER_NAMES.filter((n) => n !== 'jsq');

export async function runCompare(options: CompareCommandOptions): Promise<{ exitCode: ExitCode; results: DesignResult[] | RouterResult[]; outDir: string }> {
  if (options.deployment !== undefined) return runCompareRouters({ ...options, deployment: options.deployment });
  for (const [flag, value] of [['--routers', options.routers], ['--overflow', options.overflow], ['--trace', options.trace], ['--synthetic', options.synthetic], ['--align', options.align], ['--trace-offset', options.traceOffset], ['--rate-scale', options.rateScale], ['--repeat', options.repeat]] as const) {
    if (value !== undefined) throw new InputError({ field: flag, message: `${flag} sets how a deployment is replayed, and no --deployment was given`, fix: `give --deployment FILE to compare routing policies on it, or drop ${flag} (designs are replayed on a synthetic trace of the peak window)` });
  }
  const read = await fromScenarioFile(options.scenario);
  const scenario = options.objective ? { ...read, objective: resolveObjective(options.objective) } : read;
  await checkFittedPresets(scenario);
  const pins = scenario.planning.fixPools;
  if (pins) {
    // Each design restricts the planner's choices, which the pinned pools may fall outside of.
    throw new InputError({ file: scenario.file, field: pins.field, ...(pins.line !== undefined ? { line: pins.line } : {}), message: 'compare plans designs from the scenario alone and does not pin pools', fix: 'compare designs on a scenario without planning.fixPools, or plan the pinned scenario with `llmcap plan`' });
  }
  const designs = await selectDesigns(options.designs);
  const outDir = options.out ?? join('out', scenario.name, 'compare');
  checkOutputDir(outDir, { flag: '--out', inputs: [options.scenario, options.designs] });
  const progress = createProgress(options.quiet === true);
  let results: DesignResult[];
  try {
    results = await compareDesigns(scenario, designs, {
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.solver ? { backend: options.solver } : {}),
      ...(options.timeLimit ? { timeLimitSec: options.timeLimit } : {}),
      ...(options.gap ? { mipGap: options.gap } : {}),
      ...(options.budgetUsdPerHour ? { budgetUsdPerHour: options.budgetUsdPerHour } : {}),
      onProgress: (m, f) => progress.update(m, f),
      steps: stepSourceOf(options, scenario),
      replay: options.replay !== false,
      ...(options.seed !== undefined ? { replaySeed: options.seed } : {}),
      ...(options.repair === false ? { repairRounds: 0 } : {}),
    });
  } finally {
    progress.stop();
  }
  await writeFilesAtomically([
    { path: join(outDir, 'compare.csv'), data: columnsToCsv(COMPARE_COLUMNS, results) },
    { path: join(outDir, 'compare.arrow'), data: columnsToArrow(COMPARE_COLUMNS, results) },
    { path: join(outDir, 'report.html'), data: await toCompareReportHtml(scenario.name, options.mode ?? 'iso-throughput', results, horizonHours(scenario)) },
  ]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, outDir, scenario: scenario.name, objective: scenario.objective.name, rows: results.map((r) => Object.fromEntries(COMPARE_COLUMNS.map((c) => [c.name, c.value(r)]))) } satisfies JsonObjectOf<typeof COMPARE_JSON>, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    // The objective is named when the command line chose it (the scenario's own is in the scenario file).
    const objective = options.objective ? `Objective: ${scenario.objective.name} (every design minimizes it)\n` : '';
    // Likewise the replay's seed when it is not the one the designs were repaired on.
    const seed = options.seed !== undefined && options.replay !== false ? `Replay seed: ${options.seed} (each design's peak replay; its repair rounds replayed on the scenario's seed ${scenario.simulation.seed})\n` : '';
    process.stdout.write(`${objective}${seed}${formatCompare(results, perHorizon(horizonLabelOf(horizonHours(scenario))), scenario)}\nWrote ${outDir}/compare.csv, compare.arrow, report.html\n`);
  }
  // A design without a plan is a finding of the comparison, reported in the table; only a comparison
  // where no design has a plan is infeasible.
  return { exitCode: results.some((r) => r.plan) ? EXIT.ok : EXIT.infeasible, results, outDir };
}

const horizonHours = (scenario: Scenario) => scenario.horizon.windowHours * scenario.horizon.windows.length;

/** The comparison as a table; `per` names the period its totals (cost, energy, carbon) cover, e.g. 'per week'. */
function formatCompare(results: readonly DesignResult[], per: string, scenario: Scenario): string {
  const show: Record<string, string> = {
    design: 'design',
    gpus_by_type: 'GPUs by type',
    demand_scale: 'demand ×',
    peak_throughput_rps: 'peak req/s',
    total_cost_usd: 'cost USD',
    cost_per_mtok_usd: 'USD/1M tok',
    energy_kwh: 'energy kWh',
    peak_power_kw: 'peak kW',
    carbon_kg: 'carbon kg',
    slo_attainment: 'SLO met',
    slo_verdict: 'replay',
    point_miss_cells: 'cells < pct',
  };
  const cols = COMPARE_COLUMNS.filter((c) => c.name in show);
  const t = new Table({ head: cols.map((c) => show[c.name] ?? c.name), style: { head: [], border: [], compact: true } });
  for (const r of results.filter((x) => !x.leftOut)) {
    t.push(cols.map((c) => {
      const v = c.value(r);
      if (typeof v === 'string') return v;
      if (!r.plan || !Number.isFinite(v)) return '—';
      if (c.name === 'slo_attainment') return `${(v * 100).toFixed(2)} %`;
      return Math.abs(v) >= 100 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toFixed(2);
    }));
  }
  const notes = results.filter((r) => r.error).map((r) => `  ${r.design.name}: ${r.error}`);
  const leftOut = results.filter((r) => r.leftOut).map((r) => `  ${r.design.name}: ${(r.leftOut ?? '').replace(/^left out: /, '')}`);
  // A design that beats llmcap-free with options the scenario does not offer is a question about the
  // scenario's options, not a plan the optimizer missed: say which.
  const beyond = results.filter((r) => r.plan).flatMap((r) => {
    const extra = beyondScenario(scenario, r.design);
    return extra.length > 0 ? [`  ${r.design.name}: ${extra.join('; ')}`] : [];
  });
  return [
    `Cost, energy and carbon are totals ${per}.`,
    t.toString(),
    ...(notes.length > 0 ? ['No plan:', ...notes] : []),
    ...(leftOut.length > 0 ? ['Left out:', ...leftOut] : []),
    ...(beyond.length > 0 ? ["Beyond the scenario's options (its own plan, llmcap-free, cannot choose these):", ...beyond] : []),
  ].join('\n');
}

/** Routing policies by name, checked; duplicates dropped in order. */
function parseRouters(spec: string | undefined): RouterName[] {
  if (spec === undefined) return [...DEFAULT_ROUTERS];
  const names = spec.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new InputError({ field: '--routers', message: 'no routing policy given', fix: `list policies separated by commas, e.g. --routers token-jsq,request-jsq (known: ${DEFAULT_ROUTERS.join(', ')})` });
  for (const n of names) {
    if (!(ROUTER_NAMES as readonly string[]).includes(n)) {
      throw new InputError({ field: '--routers', message: `unknown routing policy '${n}'`, fix: `use ${ROUTER_NAMES.join(', ')}` });
    }
  }
  return [...new Set(names as RouterName[])];
}

async function runCompareRouters(options: CompareCommandOptions & { readonly deployment: string }): Promise<{ exitCode: ExitCode; results: RouterResult[]; outDir: string }> {
  // The designs' flags plan; a deployment's comparison plans nothing.
  for (const [flag, value] of [['--designs', options.designs], ['--budget-usd-per-hour', options.budgetUsdPerHour], ['--solver', options.solver], ['--time-limit', options.timeLimit], ['--gap', options.gap], ['--objective', options.objective]] as const) {
    if (value !== undefined) throw new InputError({ field: flag, message: `${flag} and --deployment both given`, fix: `compare designs (--designs, planned) or routing policies on one deployment (--deployment FILE --routers …, replayed), not both; drop ${flag}` });
  }
  if (options.mode !== undefined && options.mode !== 'iso-throughput') {
    throw new InputError({ field: '--mode', message: '--mode applies to designs, and --deployment was given', fix: 'drop --mode: a deployment is replayed at the demand of the scenario (or the trace), scaled by --rate-scale' });
  }
  if (options.trace !== undefined && options.synthetic) {
    throw new InputError({ field: '--trace', message: '--trace and --synthetic both given', fix: 'replay either a trace file (--trace FILE) or a synthetic trace of the scenario (--synthetic)' });
  }
  const routers = parseRouters(options.routers);
  const scenario = await fromScenarioFile(options.scenario);
  const deployment = await fromDeploymentFile(options.deployment);
  const outDir = options.out ?? join('out', scenario.name, deployment.name, 'compare');
  checkOutputDir(outDir, { flag: '--out', inputs: [options.scenario, options.deployment, options.trace] });
  const base = deploymentPlan(deployment, scenario);
  const plan = options.overflow === undefined ? base : { ...base, routing: { ...base.routing, overflow: options.overflow === 'on' } };
  // The seed is fixed here, not per replay, so every policy sees the same trace and random stream.
  const replay = replayPlanOptions({ ...options, seed: options.seed ?? scenario.simulation.seed, requests: 'none' }, options.deployment, scenario);
  const progress = createProgress(options.quiet === true);
  let results: RouterResult[];
  try {
    results = await compareRouters(plan, scenario, routers, { deployment: deployment.name, replay, stepModels: new StepModels(), onProgress: (m, f) => progress.update(m, f) });
  } finally {
    progress.stop();
  }
  const columns = routerColumns(inputBins(scenario.classes));
  await writeFilesAtomically([
    { path: join(outDir, 'compare.csv'), data: columnsToCsv(columns, results) },
    { path: join(outDir, 'compare.arrow'), data: columnsToArrow(columns, results) },
    { path: join(outDir, 'report.html'), data: await toRouterCompareReportHtml(scenario.name, deployment.name, columns, results) },
  ]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, outDir, scenario: scenario.name, deployment: deployment.name, rows: results.map((r) => Object.fromEntries(columns.map((c) => [c.name, c.value(r)]))) } satisfies JsonObjectOf<typeof COMPARE_DEPLOYMENT_JSON>, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${formatRouters(columns, results)}\nWrote ${outDir}/compare.csv, compare.arrow, report.html\n`);
  }
  return { exitCode: EXIT.ok, results, outDir };
}

/** The printed table: a row per policy, the figures a planner weighs (every column is in compare.csv). */
function formatRouters(columns: readonly RouterColumn[], results: readonly RouterResult[]): string {
  const first = results[0]?.report;
  // Overflow counts only mean something with overflow on.
  const overflow = results.some((r) => r.report.settings.overflow);
  const shown = columns.filter((c) => ['router', 'slo_attainment', 'slo_verdict', 'ttft_p99_ms', 'queue_p99_ms', 'energy_kwh', ...(overflow ? ['prompt_overflows'] : [])].includes(c.name) || c.name.startsWith('queue_p99_ms_'));
  const head = shown.map((c) => (c.name.startsWith('queue_p99_ms_') ? `queue p99 ${c.label.replace(/^queue p99, prompts /, '')}` : c.name === 'slo_attainment' ? 'SLO met' : c.name === 'slo_verdict' ? 'verdict' : c.unit && c.unit !== 'share' ? `${c.label} ${c.unit}` : c.label));
  const t = new Table({ head, style: { head: [], border: [], compact: true }, colAligns: shown.map((_, i) => (i === 0 ? 'left' : 'right')) });
  for (const r of results) {
    t.push(shown.map((c) => {
      const v = c.value(r);
      if (typeof v === 'string') return v;
      if (!Number.isFinite(v)) return '–';
      if (c.unit === 'share') return `${(v * 100).toFixed(2)} %`;
      // Milliseconds as the replay prints them: one decimal below 100 ms, none above.
      const digits = c.unit === 'ms' && Math.abs(v) >= 100 ? 0 : (c.digits ?? 0);
      return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }));
  }
  const header = first ? `${results[0]?.deployment} on ${first.scenario}: trace ${first.trace}, seed ${first.seed}, ${first.requests.simulated.toLocaleString('en-US')} requests per policy` : '';
  return [header, t.toString()].join('\n');
}
