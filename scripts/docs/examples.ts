/**
 * The documentation's examples, declared once: each is a command as the docs show it, run by
 * `npm run docs:examples` in a scratch copy of the repository's layout, its output written into the
 * block `<!-- example: ID -->` of the page that shows it. Generated blocks (`<!-- generated: ID -->`)
 * are tables made from the code's own declarations (column lists, the bench's targets).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPARE_COLUMNS } from '../../src/compare/compareColumns.js';
import { routerColumns } from '../../src/compare/routerColumns.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { inputBins } from '../../src/sim/index.js';
import { ON_DEMAND_COLUMNS, PLAN_BASE_COLUMNS, planColumns } from '../../src/report/planColumns.js';
import { requestColumnsMarkdown, windowColumnsMarkdown } from '../../src/report/replayColumnsMarkdown.js';
import { BILLING_HEADER, toProcurementCsv } from '../../src/report/toProcurementCsv.js';
import { fieldsMarkdown, SUMMARY_FIELDS, TOTALS_FIELDS, UNIT_FIGURE_FIELDS, WINDOW_SUMMARY_FIELDS } from '../../src/report/summaryFields.js';
import type { Plan } from '../../src/plan/index.js';
import { sweepColumns, TIMING_COLUMNS, type SweepRow } from '../../src/sweep/sweepTable.js';
import { jsonOutputsMarkdown } from '../../src/cli/jsonOutputs.js';
import { deploymentFieldsMarkdown } from '../../src/deployment/deploymentFieldsMarkdown.js';
import { REPLAY_FIELDS } from '../../src/report/replayFields.js';
import { BEGIN as REPRODUCTIONS_BEGIN, END as REPRODUCTIONS_END, reproductionsTableProblems } from '../../src/reproduce/table.js';

export interface DocExample {
  readonly id: string;
  /**
   * The command as documented: `npx llmcap …`, optionally piped into `head -n N`, `tail -n N` or
   * `jq .a.b`; or `head -n N FILE`, `cat FILE`, `jq .a.b FILE` to show a file an earlier example wrote.
   */
  readonly command: string;
  /** Examples that must run first (they write the files this one reads). */
  readonly after?: readonly string[];
  /** Why the example is too slow for CI; such examples are left out of `--subset ci`. */
  readonly slow?: string;
  /** Reads ../shared (the real traces and reference data), which a clone alone does not have. */
  readonly needsShared?: boolean;
  /** Expected exit code (default 0); with another, the block shows stderr and `echo $?`. */
  readonly exitCode?: number;
}

export const EXAMPLES: readonly DocExample[] = [
  // README.md
  {
    id: 'plan-week',
    command: 'npx llmcap plan --scenario scenarios/week.yaml',
    // CI still covers what it runs: npm test plans the same week (test/plan/week.e2e.test.ts) and
    // plan-day below prints the same summary through the same command.
    slow: 'plans the week (≈ 2 min on 2 cores)',
  },
  // docs/scenario.md
  { id: 'validate-week', command: 'npx llmcap validate scenarios/week.yaml' },
  // docs/outputs.md
  { id: 'plan-day', command: 'npx llmcap plan --scenario scenarios/day.yaml' },
  { id: 'plan-csv-head', command: 'head -n 4 out/day/plan.csv', after: ['plan-day'] },
  { id: 'procurement-csv', command: 'cat out/day/procurement.csv', after: ['plan-day'] },
  { id: 'summary-totals', command: 'jq .totals out/day/summary.json', after: ['plan-day'] },
  // docs/how-it-plans.md
  { id: 'capacity-mm', command: 'npx llmcap capacity --scenario scenarios/week.yaml --gpu H100-80GB --tp 8 --clock 1980 --class conversation/MM' },
  // docs/replay.md
  { id: 'simulate-day', command: 'npx llmcap simulate --plan out/day/plan.arrow --scenario scenarios/day.yaml', after: ['plan-day'] },
  { id: 'windows-csv-head', command: 'head -n 3 out/day/windows.csv', after: ['simulate-day'] },
  {
    id: 'replay-week',
    command: 'npx llmcap plan --scenario scenarios/week.yaml --validate | tail -n 45',
    slow: 'plans the week (≈ 2 min) and replays its 21 M synthetic requests (≈ 2 min) on 2 cores',
  },
  // docs/compare.md
  { id: 'compare-splitwise', command: 'npx llmcap compare --scenario scenarios/splitwise.yaml', slow: 'plans, repairs and replays thirteen designs (≈ 110 s on 2 cores); test/compare/ covers the same code' },
  { id: 'compare-splitwise-iso-power', command: 'npx llmcap compare --scenario scenarios/splitwise.yaml --mode iso-power', slow: 'plans and repairs nine designs at their highest demand scale (≈ 90 s on 2 cores); compare-splitwise and test/compare/compareRepair.test.ts cover the same code' },
  { id: 'compare-polca', command: 'npx llmcap compare --scenario scenarios/polca.yaml --designs scenarios/polca-designs.yaml --mode iso-power', slow: 'plans and repairs three designs at their highest demand scale (≈ 13 s on 2 cores; CI budget); test/compare/ covers the same code' },
  // docs/traces.md
  { id: 'trace-summarize-conv', command: 'npx llmcap trace summarize ../shared/traces/AzureLLMInferenceTrace_conv.csv --window 1m', needsShared: true },
  { id: 'trace-summarize-code', command: 'npx llmcap trace summarize ../shared/traces/AzureLLMInferenceTrace_code.csv --window 1m | head -n 6', needsShared: true },
  { id: 'trace-fit-conv', command: 'npx llmcap trace fit ../shared/traces/AzureLLMInferenceTrace_conv.csv --window 1h -o conv.yaml', needsShared: true },
  { id: 'trace-synth-day', command: 'npx llmcap trace synth --scenario scenarios/day.yaml -o day-trace.csv --windows 0-1 --seed 7' },
  { id: 'trace-synth-head', command: 'head -n 4 day-trace.csv', after: ['trace-synth-day'] },
  // docs/profiles.md
  { id: 'profiles-list', command: 'npx llmcap profiles list | head -n 10' },
  { id: 'profiles-show', command: 'npx llmcap profiles show --model Llama-2-70B --gpu H100-80GB --tp 8 --clock 1380 --phase decode | head -n 8' },
  { id: 'profiles-check', command: 'npx llmcap profiles check | tail -n 4', needsShared: true },
  // docs/calibrate.md
  { id: 'measure-plan-head', command: 'npx llmcap profiles measure-plan --model Llama-3.1-8B --gpu H100-80GB --engine vllm | head -n 8' },
  { id: 'fit-sglang', command: 'npx llmcap profiles fit --preset vllm-2025 --fix etaAttentionPrefill --name our-h100 --out calibrated test/fixtures/calibration/sglang' },
  { id: 'fit-refuses', command: 'npx llmcap profiles fit --preset vllm-2025 --fix etaAttentionPrefill --out calibrated test/fixtures/calibration/sglang/h100-tp1.jsonl | tail -n 3', exitCode: 2 },
  // docs/sweep.md
  { id: 'sweep-day', command: 'npx llmcap sweep --scenario scenarios/day.yaml --grid scenarios/day-grid.yaml --out out/day-sweep', slow: 'plans 12 variants of the day (≈ 20–50 s on 2 cores)' },
  { id: 'sweep-csv-head', command: 'head -n 4 out/day-sweep/sweep.csv', after: ['sweep-day'], slow: 'reads the outputs of sweep-day' },
  { id: 'sweep-bad-grid', command: 'npx llmcap sweep --scenario scenarios/day.yaml --grid test/fixtures/bad/sweep-grid-negative-tbt.yaml', exitCode: 2 },
  { id: 'sweep-k8s', command: 'npx llmcap sweep k8s --scenario scenarios/day.yaml --grid scenarios/day-grid.yaml --shards 4 --image registry.example.com/llmcap:0.1.0 --pvc llmcap-sweeps --out out/k8s' },
  // docs/troubleshooting.md
  { id: 'bad-gpu', command: 'npx llmcap validate test/fixtures/bad/scenario-unknown-gpu.yaml', exitCode: 2 },
  { id: 'bad-power', command: 'npx llmcap plan --scenario test/fixtures/bad/scenario-power-below-idle.yaml', exitCode: 3 },
];

const root = fileURLToPath(new URL('../..', import.meta.url));
const cell = (s: string) => s.replace(/\|/g, '\\|');

function columnTable(rows: readonly { name: string; unit: string; description: string }[]): string {
  return ['| column | unit | meaning |', '|---|---|---|', ...rows.map((c) => `| \`${c.name}\` | ${cell(c.unit)} | ${cell(c.description)} |`)].join('\n');
}

/** What each procurement.csv column means; a column without an entry here fails the docs check. */
const PROCUREMENT_MEANING: Readonly<Record<string, readonly [unit: string, meaning: string]>> = {
  gpu: ['', 'GPU type (one row per candidate type of the scenario, procured or not)'],
  server: ['', 'server model the type comes in (catalog)'],
  gpus_per_server: ['', 'GPUs per server'],
  inventory_servers: ['', 'servers already owned (hardware.inventory)'],
  servers: ['', 'servers in the fleet: owned plus new'],
  new_servers: ['', 'servers to buy or rent'],
  gpus: ['', 'GPUs in the fleet (servers × GPUs per server)'],
  cost_basis: ['', '`rental` (prices.gpuHourUsd) or `capex` (prices.capex, amortized)'],
  gpu_hour_usd: ['USD', 'price of one GPU-hour on that basis'],
  horizon_cost_usd: ['USD', 'cost of the fleet of this type over the whole horizon'],
  upfront_usd: ['USD', 'purchase outlay for the new servers when bought (`capex`: new servers × prices.capex usdPerServer); 0 when rented or none are new'],
  nameplate_kw: ['kW', 'nameplate power of these servers'],
  acquisition: ['', 'with `prices.acquisition` only ([billing](billing.md)): the modes offered, e.g. `reserve+onDemand`'],
  bought_servers: ['', 'with `prices.acquisition` only: new servers bought (prices.capex); `upfront_usd` is their purchase price'],
  reserved_servers: ['', 'with `prices.acquisition` only: new servers reserved for the whole horizon at prices.gpuHourUsd'],
  on_demand_peak_servers: ['', 'with `prices.acquisition` only: most servers rented on demand in one window'],
  on_demand_server_hours: ['h', 'with `prices.acquisition` only: server-hours rented on demand over the horizon'],
  on_demand_usd: ['USD', 'with `prices.acquisition` only: their rent (not in `horizon_cost_usd`)'],
};

function procurementColumns(): string {
  const header = [...(toProcurementCsv({ procurement: [] } as unknown as Plan).split('\n')[0]?.split(',') ?? []), ...BILLING_HEADER];
  return columnTable(
    header.map((name) => {
      const meaning = PROCUREMENT_MEANING[name];
      if (!meaning) throw new Error(`procurement.csv has a column '${name}' that scripts/docs/examples.ts does not describe: add it to PROCUREMENT_MEANING`);
      return { name, unit: meaning[0], description: meaning[1] };
    }),
  );
}

function planColumnTable(): string {
  const rate = planColumns({ classIds: ['SERVICE/CLASS'] }).find((c) => c.name.startsWith('rate_rps:'));
  const rows = PLAN_BASE_COLUMNS.flatMap((c) =>
    c.name === 'utilization' && rate ? [{ ...rate, name: 'rate_rps:<service>/<class>', description: 'request rate of each class assigned to the pool: one column per class, in the scenario\'s order' }, c] : [c],
  );
  return columnTable([...rows, ...ON_DEMAND_COLUMNS]);
}

/** sweep.csv's columns, with one placeholder each for the per-axis and per-GPU-type columns. */
function sweepColumnTable(): string {
  const row = { entry: { id: 'v0000', index: 0, values: { '<axis path>': 1 } }, result: { gpusByType: { '<type>': 1 } } } as unknown as SweepRow;
  return columnTable(sweepColumns({ axes: ['<axis path>'] }, [row]));
}

/** Rows of BENCHMARKS.md (generated by `npm run bench`) whose measurement matches, as a smaller table. */
function benchRows(keep: (group: string, measurement: string, target: string) => boolean): string {
  const rows = readFileSync(`${root}/BENCHMARKS.md`, 'utf8')
    .split('\n')
    .filter((l) => /^\| \w/.test(l) && !l.startsWith('| group '))
    .map((l) => l.slice(2, -2).split(' | '));
  const kept = rows.filter((r) => keep(r[0] ?? '', r[1] ?? '', r[4] ?? ''));
  if (kept.length === 0) throw new Error('BENCHMARKS.md has no rows for this block: did its format change?');
  return ['| group | measurement | value | target | met |', '|---|---|---:|---|---|', ...kept.map((r) => `| ${r[0]} | ${r[1]} | ${`${r[2]} ${r[3]}`.trim()} | ${r[4]} | ${r[5]} |`)].join('\n');
}

/** What each folder of src/ holds; a folder without an entry here fails the docs check (a new or renamed folder). */
const FOLDER_ROLE: Readonly<Record<string, string>> = {
  core: 'typed errors (input, infeasible, solver limit) and seeded random streams',
  outdir: 'crash-safe output directories: staged, sealed with a manifest of hashes, renamed into place, reused when complete',
  parallel: 'the one worker-thread pool (piscina) every parallel job shares; tasks named by module and export',
  catalog: 'GPU types, servers and models, every number with its source',
  solver: 'solver-agnostic model builder (variables, linear expressions, constraint families) and the HiGHS, glpk.js and javascript-lp-solver backends',
  scenario: 'YAML → JSON Schema check (TypeBox + ajv) → resolved `Scenario`, errors with file and line',
  profiles: 'the analytic latency/power model, profile tables (readers, importers, lookups), calibration',
  workload: 'request traces: readers (Azure, generic CSV), statistics, scenario fitting, synthesis, the CSV writer',
  capacity: 'SLO-feasible request rate and power of one instance per (config, class)',
  calibration: "the engine presets' published calibration points and the model's residuals at them (`llmcap profiles check`); calibration to a team's own benchmark runs: importers for vLLM/SGLang results, the fit (`llmcap profiles fit`), the measure plan (`llmcap profiles measure-plan`)",
  formulation: 'the planning MILP, built over named index sets from prepared planning data',
  plan: 'solving the MILP (monolithic or fleet decomposition), plan assembly, infeasibility diagnosis, the SinglePool baseline',
  sim: 'the replay simulator: kernel, entities, routing, batching, power, metrics, engine',
  kneeProbe: 'the capacity model against the replay: one instance probed at a rate, simulated knees',
  compare: 'designs (restrictions of the planner\'s options), planned and replayed side by side',
  deployment: 'deployment files: the pools an existing fleet runs and its routing, read with located errors; as a replay plan, as pinned pools for the planner, written back from a plan',
  repair: 'plans that pass their own replay: each distinct window replayed on worker threads, the capacities of what missed corrected, the MILP re-solved',
  report: 'writers: plan.csv, plan.arrow, procurement.csv, summary.json, replay files, report.html (charts/: one vega-lite spec per file; html/: the page); atomic writes',
  sweep: 'what-if sweeps: grid of scenario paths → validated variants, planned in the pool into sealed directories; shards, merge, the sweep table, the Kubernetes Indexed Job',
  reproduce: "the papers' figures (a registry of figure definitions), computed from compare runs of scenarios/papers/, and the docs table",
  cli: 'the commander program, one file per command, progress, exit codes',
};

/** The folders of src/ each folder imports from (type-only imports included), from the source itself. */
function srcFolders(): string {
  const src = join(root, 'src');
  const folders = readdirSync(src).filter((f) => statSync(join(src, f)).isDirectory());
  const gone = Object.keys(FOLDER_ROLE).filter((f) => !folders.includes(f));
  if (gone.length > 0) throw new Error(`scripts/docs/examples.ts FOLDER_ROLE describes src/${gone.join('/, src/')}/, which no longer exist`);
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  // Lower layers first: FOLDER_ROLE's order, then any folder it does not know (which fails below).
  const ordered = [...Object.keys(FOLDER_ROLE), ...folders.filter((f) => !(f in FOLDER_ROLE))];
  const rows = ordered.map((folder) => {
    const role = FOLDER_ROLE[folder];
    if (!role) throw new Error(`src/${folder}/ is not described in scripts/docs/examples.ts FOLDER_ROLE: add what it holds`);
    const deps = new Set<string>();
    for (const file of filesUnder(join(src, folder))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()'(\.{1,2}\/[^']+)'/g)) {
        const target = relative(src, resolve(dirname(file), m[1] as string)).split('/')[0];
        if (target && target !== folder && !target.startsWith('..') && folders.includes(target)) deps.add(target);
      }
    }
    return `| \`src/${folder}/\` | ${role} | ${deps.size === 0 ? '—' : [...deps].sort().join(', ')} |`;
  });
  return ['| folder | what it holds | imports from |', '|---|---|---|', ...rows].join('\n');
}

/**
 * The reproductions table is written by `npm run reproduce` (it plans the papers' scenarios, minutes):
 * kept as the page has it, after checking it is a well-formed table with a row per declared figure.
 */
function reproductionsBlock(): string {
  const file = join(root, 'docs', 'reproductions.md');
  const page = readFileSync(file, 'utf8');
  const start = page.indexOf(REPRODUCTIONS_BEGIN);
  const end = page.indexOf(REPRODUCTIONS_END, start);
  const body = page.slice(start + REPRODUCTIONS_BEGIN.length + 1, end).replace(/\n$/, '');
  const problems = reproductionsTableProblems(body);
  if (problems.length > 0) throw new Error(`docs/reproductions.md: ${problems.join('; ')} (run \`npm run reproduce\`)`);
  return body;
}

export const GENERATED: Readonly<Record<string, () => string>> = {
  reproductions: reproductionsBlock,
  'src-folders': srcFolders,
  'plan-columns': planColumnTable,
  'procurement-columns': procurementColumns,
  'request-columns': requestColumnsMarkdown,
  'window-columns': windowColumnsMarkdown,
  'compare-columns': () => columnTable(COMPARE_COLUMNS),
  'sweep-columns': sweepColumnTable,
  // The per-bin columns follow the scenario's input bins: shown for the conversation example's.
  'router-compare-columns': () => {
    const file = join(root, 'scenarios', 'azure-conv.yaml');
    return columnTable(routerColumns(inputBins(scenarioFromText(readFileSync(file, 'utf8'), file).classes)));
  },
  'summary-fields': () => fieldsMarkdown(SUMMARY_FIELDS),
  'summary-totals-fields': () => fieldsMarkdown(TOTALS_FIELDS),
  'summary-unit-fields': () => fieldsMarkdown(UNIT_FIGURE_FIELDS),
  'summary-window-fields': () => fieldsMarkdown(WINDOW_SUMMARY_FIELDS),
  'replay-fields': () => fieldsMarkdown(REPLAY_FIELDS),
  'json-outputs': () => jsonOutputsMarkdown(),
  'timings-columns': () => columnTable(TIMING_COLUMNS),
  'deployment-fields': deploymentFieldsMarkdown,
  'bench-targets': () => benchRows((_g, _m, target) => target.trim() !== ''),
  'bench-planner': () => benchRows((group, m) => group === 'solver' && /^week · (highs|glpk|jsl) · (time|gap)|speed-ups time ratio|exponent/.test(m)),
};
