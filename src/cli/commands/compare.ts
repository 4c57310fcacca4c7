/** `llmcap compare`: plan every design on one scenario and tabulate them (compare.csv, compare.arrow). */
import { join } from 'node:path';
import Table from 'cli-table3';
import { COMPARE_COLUMNS, compareDesigns, selectDesigns, type CompareMode, type DesignResult } from '../../compare/index.js';
import { columnsToArrow, columnsToCsv } from '../../report/columnTable.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { toCompareReportHtml } from '../../report/html/index.js';
import { fromScenarioFile } from '../../scenario/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { createProgress } from '../progress.js';
import { stepSourceOf } from '../loadSteps.js';
import type { SolveCommandOptions } from '../solveOptions.js';
import { checkOutputDir } from '../outputPaths.js';

export interface CompareCommandOptions extends SolveCommandOptions {
  readonly designs?: string;
  readonly mode?: CompareMode;
  readonly budgetUsdPerHour?: number;
  /** Replay every design's plan at the peak window (default true; --no-replay). */
  readonly replay?: boolean;
}

export async function runCompare(options: CompareCommandOptions): Promise<{ exitCode: ExitCode; results: DesignResult[]; outDir: string }> {
  const scenario = await fromScenarioFile(options.scenario);
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
      steps: stepSourceOf(options),
      replay: options.replay !== false,
    });
  } finally {
    progress.stop();
  }
  await writeFilesAtomically([
    { path: join(outDir, 'compare.csv'), data: columnsToCsv(COMPARE_COLUMNS, results) },
    { path: join(outDir, 'compare.arrow'), data: columnsToArrow(COMPARE_COLUMNS, results) },
    { path: join(outDir, 'report.html'), data: await toCompareReportHtml(scenario.name, options.mode ?? 'iso-throughput', results) },
  ]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, outDir, scenario: scenario.name, rows: results.map((r) => Object.fromEntries(COMPARE_COLUMNS.map((c) => [c.name, c.value(r)]))) }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${formatCompare(results)}\nWrote ${outDir}/compare.csv, compare.arrow, report.html\n`);
  }
  // A design without a plan is a finding of the comparison, reported in the table; only a comparison
  // where no design has a plan is infeasible.
  return { exitCode: results.some((r) => r.plan) ? EXIT.ok : EXIT.infeasible, results, outDir };
}

function formatCompare(results: readonly DesignResult[]): string {
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
  };
  const cols = COMPARE_COLUMNS.filter((c) => c.name in show);
  const t = new Table({ head: cols.map((c) => show[c.name] ?? c.name), style: { head: [], border: [], compact: true } });
  for (const r of results) {
    t.push(cols.map((c) => {
      const v = c.value(r);
      if (typeof v === 'string') return v;
      if (!r.plan || !Number.isFinite(v)) return '—';
      if (c.name === 'slo_attainment') return `${(v * 100).toFixed(2)} %`;
      return Math.abs(v) >= 100 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toFixed(2);
    }));
  }
  const notes = results.filter((r) => r.error).map((r) => `  ${r.design.name}: ${r.error}`);
  return [t.toString(), ...(notes.length > 0 ? ['No plan:', ...notes] : [])].join('\n');
}
