/** Every command's --help shows an example and --json is accepted everywhere a result is printed. */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

/** The full help text of a command, with the text added after it (where the examples are). */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

function allCommands(cmd: Command, path: string[] = []): { path: string; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...path, c.name()].join(' '), cmd: c }, ...allCommands(c, [...path, c.name()])]);
}

/** Commands whose output is a file only, with nothing to print as JSON. */
const FILE_ONLY = new Set(['profiles plot']);

describe('llmcap --help', () => {
  const program = buildProgram(() => {});
  const commands = allCommands(program);

  it('shows examples and the exit codes at the top level', () => {
    const text = helpOf(program);
    expect(text).toMatch(/Example/);
    expect(text).toMatch(/llmcap plan --scenario scenarios\/week\.yaml/);
    expect(text).toMatch(/Exit codes: 0 ok, 1 internal error, 2 bad input, 3 infeasible, 4 .*, 5 /);
  });

  it('shows an example (`$ llmcap …`) in every command\'s help', () => {
    const missing = commands.filter(({ cmd }) => !/Examples?:\n\s+\$ llmcap /.test(helpOf(cmd))).map((c) => c.path);
    expect(missing).toEqual([]);
  });

  it('accepts --json on every command that prints a result', () => {
    const leaves = commands.filter(({ cmd }) => cmd.commands.length === 0);
    const missing = leaves.filter(({ path, cmd }) => !FILE_ONLY.has(path) && !cmd.options.some((o) => o.long === '--json')).map((c) => c.path);
    expect(missing).toEqual([]);
  });
});
