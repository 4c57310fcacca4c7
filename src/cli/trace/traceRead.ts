/** Open a trace for a `trace` command with progress on stderr; shared by summarize and fit. */
import { InputError } from '../../core/errors.js';
import { DEFAULT_INPUT_THRESHOLDS, DEFAULT_OUTPUT_THRESHOLDS, fromTraceFile, summarizeTrace, type FileTraceSource, type TraceStats, type TraceSummary } from '../../workload/index.js';
import { createProgress } from '../progress.js';
import { parseIsoOption, parseThresholds } from './traceOptions.js';

export interface TraceReadFlags {
  readonly format?: string;
  readonly skipBadRows?: boolean;
  readonly start?: string;
  readonly inputThresholds?: string;
  readonly outputThresholds?: string;
  readonly quiet?: boolean;
}

export async function readAndSummarize(file: string, flags: TraceReadFlags, windowS: number): Promise<{ source: FileTraceSource; summary: TraceSummary; stats: TraceStats }> {
  const format = flags.format ?? 'auto';
  if (format !== 'auto' && format !== 'azure' && format !== 'generic') {
    throw new InputError({ field: '--format', message: `unknown format '${format}'`, fix: 'use --format auto, azure or generic' });
  }
  const inputThresholds = parseThresholds(flags.inputThresholds ?? DEFAULT_INPUT_THRESHOLDS.join(','), '--input-thresholds');
  const outputThresholds = parseThresholds(flags.outputThresholds ?? DEFAULT_OUTPUT_THRESHOLDS.join(','), '--output-thresholds');
  const startIso = parseIsoOption(flags.start, '--start');
  const progress = createProgress(flags.quiet === true);
  try {
    const source = await fromTraceFile(file, format, {
      skipBadRows: flags.skipBadRows === true,
      onProgress: (done, total) => progress.update(`reading ${file}`, total > 0 ? done / total : 1),
      ...(startIso ? { startIso } : {}),
    });
    const { summary, stats } = await summarizeTrace(source, { windowS, inputThresholds, outputThresholds });
    return { source, summary, stats };
  } finally {
    progress.stop();
  }
}
