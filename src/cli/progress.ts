/**
 * Progress on stderr: a bar when stderr is a terminal, plain timestamped lines otherwise, nothing
 * with --quiet. stdout stays free for results and --json.
 */
import cliProgress from 'cli-progress';
import type { SearchDetail } from '../solver/index.js';

export interface Progress {
  update(message: string, fraction: number, detail?: SearchDetail): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Default process.stderr. */
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Default: whether the stream is a terminal. */
  readonly tty?: boolean;
  /** Milliseconds since some fixed point; default performance.now (tests pass a fake clock). */
  readonly now?: () => number;
  /** Plain lines: within one stage, at most one line per this many ms. */
  readonly plainEveryMs?: number;
}

/**
 * Logs and CI read plain lines: a line when the stage changes, and within a stage (per-window steps
 * of a week come every ~0.2 s) at most one every 3 s — a heartbeat that says the run is alive
 * without flooding the log.
 */
export const PLAIN_EVERY_MS = 3000;

export function createProgress(quiet: boolean, options: ProgressOptions = {}): Progress {
  if (quiet) return { update: () => {}, stop: () => {} };
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  return tty ? barProgress(stream) : plainProgress(stream, options.now ?? (() => performance.now()), options.plainEveryMs ?? PLAIN_EVERY_MS);
}

const clampPercent = (fraction: number) => (Number.isFinite(fraction) ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : 0);

const compact = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 2 });

/** ' · incumbent 216,647 · bound 214,794 · gap 0.86 %', or '' when nothing is known. */
export function formatDetail(detail: SearchDetail | undefined): string {
  if (!detail) return '';
  const parts: string[] = [];
  if (detail.incumbent !== undefined && Number.isFinite(detail.incumbent)) parts.push(`incumbent ${compact(detail.incumbent)}`);
  if (detail.bound !== undefined && Number.isFinite(detail.bound)) parts.push(`bound ${compact(detail.bound)}`);
  if (detail.gap !== undefined && Number.isFinite(detail.gap)) parts.push(`gap ${(detail.gap * 100).toFixed(2)} %`);
  return parts.map((p) => ` · ${p}`).join('');
}

/** The stage a message belongs to: the message without its running counter ('window 37/168'). */
export function stageOf(message: string): string {
  return message.replace(/\s*\d+\s*\/\s*\d+\s*$/, '').replace(/:\s*[\d,.]+\s+\w+$/, ':');
}

function barProgress(stream: NodeJS.WritableStream): Progress {
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {bar} {percentage}% | {duration_formatted} | {message}{detail}', hideCursor: true, clearOnComplete: true, linewrap: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { message: '', detail: '' });
  return {
    update: (message, fraction, detail) => bar.update(clampPercent(fraction), { message, detail: formatDetail(detail) }),
    stop: () => bar.stop(),
  };
}

function plainProgress(stream: NodeJS.WritableStream, now: () => number, everyMs: number): Progress {
  const started = now();
  let lastStage: string | undefined;
  let lastLineAt = -Infinity;
  let lastLine = '';
  return {
    update: (message, fraction, detail) => {
      const t = now();
      const stage = stageOf(message);
      const line = `${String(clampPercent(fraction)).padStart(3)}% ${message}${formatDetail(detail)}`;
      // Within a stage: only after a pause, and only if something moved.
      if (stage === lastStage && (t - lastLineAt < everyMs || line === lastLine)) return;
      lastStage = stage;
      lastLineAt = t;
      lastLine = line;
      stream.write(`[${((t - started) / 1000).toFixed(1)}s] ${line}\n`);
    },
    stop: () => {},
  };
}
