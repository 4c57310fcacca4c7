/** `llmcap trace summarize FILE`: read a trace once → summary (pure) → print, and optionally write SVG charts. */
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import type { TraceSummary } from '../../workload/index.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { CHART_FILES, traceCharts } from '../trace/traceCharts.js';
import { formatTraceSummary } from '../trace/traceFormat.js';
import { parseDurationS } from '../trace/traceOptions.js';
import { readAndSummarize, type TraceReadFlags } from '../trace/traceRead.js';
import { checkOutputDir } from '../outputPaths.js';
import { TRACE_SUMMARIZE_JSON, type JsonObjectOf } from '../jsonOutputs.js';

export interface TraceSummarizeOptions extends TraceReadFlags {
  /** Window for arrival rates, e.g. '1h' (default). */
  readonly window?: string;
  readonly charts?: string;
  readonly json?: boolean;
}

export interface TraceSummarizeResult {
  readonly summary: TraceSummary;
  readonly charts: readonly string[];
  readonly exitCode: ExitCode;
}

export async function runTraceSummarize(file: string, options: TraceSummarizeOptions = {}): Promise<TraceSummarizeResult> {
  const windowS = parseDurationS(options.window ?? '1h', '--window');
  if (options.charts) checkOutputDir(options.charts, { flag: '--charts', inputs: [file] });
  const { source, summary, stats } = await readAndSummarize(file, options, windowS);
  const charts = options.charts ? await traceCharts(summary, stats, options.charts) : [];
  if (charts.length > 0) await writeFilesAtomically(charts);
  const chartPaths = charts.map((c) => c.path);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...({ ok: true, format: source.format, charts: chartPaths } satisfies JsonObjectOf<typeof TRACE_SUMMARIZE_JSON>), ...summary }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    const text = formatTraceSummary(summary, source.format);
    process.stdout.write(`${text}\n${chartPaths.length > 0 ? `\nWrote ${options.charts}/${Object.values(CHART_FILES).join(', ')}\n` : ''}`);
  }
  return { summary, charts: chartPaths, exitCode: EXIT.ok };
}
