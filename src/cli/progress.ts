/**
 * Progress on stderr: a bar when stderr is a terminal, plain timestamped lines otherwise, nothing
 * with --quiet. stdout stays free for results and --json.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(message: string, fraction: number): void;
  stop(): void;
}

export function createProgress(quiet: boolean): Progress {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: ' {bar} {percentage}% | {message}', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { message: '' });
    return {
      update: (message, fraction) => bar.update(Math.round(fraction * 100), { message }),
      stop: () => bar.stop(),
    };
  }
  const started = performance.now();
  let last = '';
  return {
    update: (message) => {
      // Per-window messages would flood a log file: print only when the stage (text before ':') changes.
      const stage = message.replace(/ \d+\/\d+$/, '');
      if (stage === last) return;
      last = stage;
      process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
    },
    stop: () => {},
  };
}
