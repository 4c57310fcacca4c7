/**
 * Runs documented examples as a reader would type them, from a scratch directory laid out like a
 * clone next to its ../shared: `scenarios/`, `profiles/` and `test/fixtures/` link to the repository's,
 * so relative paths in commands and in what they print are the documented ones, and outputs (out/,
 * written traces and scenarios) land in the scratch directory, not in the repository.
 *
 * `npx llmcap` runs the CLI from src/ (through tsx), so the examples need no build. A command may
 * pipe into `head -n N`, `tail -n N` or `jq .path`; `head`, `cat` and `jq` may also read a file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocExample } from './examples.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./llmcapEntry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

export const SHARED_DIR = join(repo, '..', 'shared');

export interface Sandbox {
  /** The working directory of every command: a stand-in for the repository's root. */
  readonly cwd: string;
  remove(): void;
}

export function createSandbox(): Sandbox {
  const top = mkdtempSync(join(tmpdir(), 'llmcap-docs-'));
  const cwd = join(top, 'repo');
  mkdirSync(cwd);
  symlinkSync(join(repo, 'scenarios'), join(cwd, 'scenarios'));
  mkdirSync(join(cwd, 'test'));
  symlinkSync(join(repo, 'test', 'fixtures'), join(cwd, 'test', 'fixtures'));
  // A real folder of links, so `profiles import` writes profiles/imported/ here, not in the repository.
  mkdirSync(join(cwd, 'profiles'));
  for (const f of readdirSync(join(repo, 'profiles'))) symlinkSync(join(repo, 'profiles', f), join(cwd, 'profiles', f));
  if (existsSync(SHARED_DIR)) symlinkSync(SHARED_DIR, join(top, 'shared'));
  return { cwd, remove: () => rmSync(top, { recursive: true, force: true }) };
}

export interface ExampleRun {
  readonly exitCode: number;
  /** What the block shows: the command line, what it printed, and `echo $?` for an expected failure. */
  readonly body: string;
  readonly seconds: number;
}

type Filter = (text: string) => string;

function words(command: string): string[] {
  return command.trim().split(/\s+/);
}

function lineCount(args: readonly string[], command: string): number {
  const n = args[0] === '-n' ? Number(args[1]) : Number.NaN;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`'${command}': only 'head -n N' and 'tail -n N' are supported`);
  return n;
}

function jqPath(path: string | undefined, command: string): Filter {
  if (!path || !/^\.[\w.]*$/.test(path)) throw new Error(`'${command}': only 'jq .key.key' paths are supported`);
  const keys = path.split('.').filter(Boolean);
  // jq prints each value on its own, indented by two spaces, and reads a stream of JSON texts.
  return (text) =>
    text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.stringify(keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], JSON.parse(l) as unknown) ?? null, null, 2))
      .join('\n');
}

/** A pipeline stage that filters text: head, tail or jq. */
function filterOf(stage: string): Filter {
  const [name, ...args] = words(stage);
  const lines = (t: string) => (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n');
  if (name === 'head') {
    const n = lineCount(args, stage);
    return (t) => lines(t).slice(0, n).join('\n');
  }
  if (name === 'tail') {
    const n = lineCount(args, stage);
    return (t) => lines(t).slice(-n).join('\n');
  }
  if (name === 'jq') return jqPath(args[0], stage);
  throw new Error(`'${stage}': a pipeline may only use head -n, tail -n or jq`);
}

/** Reads a single-line JSON file as jq would: the whole file is one JSON text. */
const oneLine = (text: string) => JSON.stringify(JSON.parse(text));

export function runExample(example: DocExample, sandbox: Sandbox): ExampleRun {
  const started = performance.now();
  const [first, ...rest] = example.command.split('|').map((s) => s.trim());
  const filters = rest.map(filterOf);
  const [program, ...args] = words(first ?? '');
  let output: string;
  let exitCode = 0;
  if (program === 'npx' && args[0] === 'llmcap') {
    const run = spawnSync(process.execPath, ['--import', tsx, entry, ...args.slice(1)], {
      cwd: sandbox.cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      // Progress goes to stderr and is not shown; an expected failure shows its message from there.
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    if (run.error) throw run.error;
    exitCode = run.status ?? 1;
    // Progress lines ('[12.3s]  40% …') are left out, as they are on every page.
    output = exitCode === 0 ? run.stdout : run.stdout + run.stderr.replace(/^\[\d+(?:\.\d+)?s\].*\n/gm, '');
    if (exitCode !== (example.exitCode ?? 0)) {
      throw new Error(`example '${example.id}' exited ${exitCode}, expected ${example.exitCode ?? 0}:\n${run.stderr.slice(-2000)}`);
    }
  } else if (program === 'head' || program === 'cat' || program === 'jq') {
    const file = args[args.length - 1] ?? '';
    const text = readFileSync(join(sandbox.cwd, file), 'utf8');
    const own = program === 'cat' ? (t: string) => t : program === 'jq' ? (t: string) => jqPath(args[0], example.command)(oneLine(t)) : filterOf(`head ${args.slice(0, -1).join(' ')}`);
    output = own(text);
  } else {
    throw new Error(`example '${example.id}': '${example.command}' is neither npx llmcap nor head/cat/jq of a file`);
  }
  for (const f of filters) output = f(output);
  const shown = output.replace(/\s+$/, '');
  const lines = ['```console', `$ ${example.command}`, ...(shown ? [shown] : [])];
  if (exitCode !== 0) lines.push('$ echo $?', String(exitCode));
  lines.push('```');
  return { exitCode, body: lines.join('\n'), seconds: (performance.now() - started) / 1000 };
}
