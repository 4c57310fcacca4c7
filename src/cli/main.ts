/** Entry: run the command, map typed errors to documented exit codes and messages. */
import { CommanderError } from 'commander';
import { InfeasibleError, InputError, SolverLimitError } from '../core/errors.js';
import { EXIT, type ExitCode } from './exitCodes.js';
import { buildProgram } from './program.js';

// `llmcap … | head` closes stdout early: that is the reader's choice, not an error worth a stack trace.
function exitOnEpipe(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
}

export async function main(argv: readonly string[]): Promise<ExitCode> {
  // Once per process: callers running several commands in one process (tests) must not pile up listeners.
  if (!process.stdout.listeners('error').includes(exitOnEpipe)) process.stdout.on('error', exitOnEpipe);
  let exitCode: ExitCode = EXIT.ok;
  const json = argv.includes('--json');
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (err) {
    return reportError(err, json);
  }
}

function reportError(err: unknown, json: boolean): ExitCode {
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander already printed them.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    // Commander printed the message and the usage on stderr; a --json caller still gets one JSON object.
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: 'usage', exitCode: EXIT.badInput, message: err.message.replace(/^error: /, ''), code: err.code })}\n`);
    return EXIT.badInput;
  }
  const [code, kind] =
    err instanceof InputError ? [EXIT.badInput, 'input'] as const
    : err instanceof InfeasibleError ? [EXIT.infeasible, 'infeasible'] as const
    : err instanceof SolverLimitError ? [EXIT.limitNoPlan, 'limit'] as const
    : [EXIT.internalError, 'internal'] as const;
  const message = err instanceof Error ? err.message : String(err);
  if (json) {
    const problems = err instanceof InputError ? err.problems : undefined;
    process.stdout.write(`${JSON.stringify({ ok: false, error: kind, exitCode: code, message, problems })}\n`);
  }
  if (kind === 'internal') {
    process.stderr.write(`llmcap: internal error (a bug, please report it with the command and input):\n${err instanceof Error && err.stack ? err.stack : message}\n`);
  } else {
    const label = { input: 'bad input', infeasible: 'infeasible', limit: 'solver limit reached, no plan written' }[kind];
    process.stderr.write(`llmcap: ${label}:\n${message}\n`);
  }
  return code;
}
