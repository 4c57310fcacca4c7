/** docs/cli.md is the generated command reference: it must match the program and what `--help` prints. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allCommandHelp, cliReferenceMarkdown } from '../../scripts/docs/cliReference.js';
import { runCli } from '../helpers/runCli.js';

const committed = readFileSync(fileURLToPath(new URL('../../docs/cli.md', import.meta.url)), 'utf8');

describe('docs/cli.md', () => {
  it('is up to date with src/cli/program.ts (regenerate with `npm run docs:cli`)', () => {
    expect(committed).toBe(cliReferenceMarkdown());
  });

  it('holds, for every command, exactly what `llmcap <command> --help` prints', async () => {
    const commands = allCommandHelp();
    expect(commands.map((c) => c.path)).toEqual(expect.arrayContaining(['plan', 'simulate', 'compare', 'trace fit', 'profiles import']));
    for (const c of commands) {
      const run = await runCli([...(c.path ? c.path.split(' ') : []), '--help']);
      expect(run.code, c.path).toBe(0);
      expect(run.stdout.trimEnd(), c.path).toBe(c.help.trimEnd());
      expect(committed, c.path).toContain(`$ llmcap${c.path ? ` ${c.path}` : ''} --help\n${c.help.trimEnd()}\n\`\`\``);
    }
  });
});
