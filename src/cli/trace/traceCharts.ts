/**
 * SVG charts of a trace summary — arrival rate per window, input and output token histograms —
 * as Vega-Lite specs compiled to Vega and rendered headless (no canvas or browser needed).
 * vega and vega-lite load only when charts are asked for.
 */
import type { OutputFile } from '../../report/writeAtomic.js';
import { logBins, type TraceStats, type TraceSummary } from '../../workload/index.js';
import { formatDuration } from './traceOptions.js';

export const CHART_FILES = { rate: 'rate.svg', input: 'input_tokens.svg', output: 'output_tokens.svg' } as const;

export async function traceCharts(summary: TraceSummary, stats: TraceStats, dir: string): Promise<OutputFile[]> {
  const name = summary.source.split(/[\\/]/).pop() ?? summary.source;
  const specs: [string, object][] = [
    [CHART_FILES.rate, rateSpec(summary, name)],
    [CHART_FILES.input, histogramSpec(stats.all.input, `${name}: input tokens per request`, 'input tokens (log scale)')],
    [CHART_FILES.output, histogramSpec(stats.all.output, `${name}: output tokens per request`, 'output tokens (log scale)')],
  ];
  const files: OutputFile[] = [];
  for (const [file, spec] of specs) files.push({ path: `${dir}/${file}`, data: await renderSvg(spec) });
  return files;
}

function rateSpec(s: TraceSummary, name: string): object {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${name}: arrival rate per ${formatDuration(s.windowS)} window`,
    width: 640,
    height: 240,
    data: { values: s.windows.map((w) => ({ start: w.startIso, rate: w.rateRps, partial: w.partial ? 'partial window' : 'full window' })) },
    mark: { type: 'line', point: true, interpolate: 'step-after' },
    encoding: {
      x: { field: 'start', type: 'temporal', timeUnit: 'utcyearmonthdatehoursminutes', title: 'window start (UTC)', axis: { format: '%m-%d %H:%M', labelAngle: -30 } },
      y: { field: 'rate', type: 'quantitative', title: 'requests per second' },
    },
  };
}

function histogramSpec(h: TraceStats['all']['input'], title: string, axis: string): object {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 640,
    height: 240,
    data: { values: logBins(h, 40).map((b) => ({ lo: b.lo, hi: b.hi, requests: b.requests })) },
    mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', title: axis, scale: { type: 'log' } },
      x2: { field: 'hi' },
      y: { field: 'requests', type: 'quantitative', title: 'requests' },
    },
  };
}

async function renderSvg(spec: object): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  // Both libraries log warnings to stdout by default, which would corrupt --json output: send them to stderr.
  const warn = (...args: unknown[]) => process.stderr.write(`llmcap: chart warning: ${args.map(String).join(' ')}\n`);
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => (warn(...args), logger);
  logger.info = () => logger;
  logger.debug = () => logger;
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0], { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
