/**
 * `llmcap reproduce`: run the papers' reproduction scenarios (scenarios/papers/), compute each figure
 * against the paper's, print the table and write it into docs/reproductions.md between its
 * generated markers (atomically). --fast leaves the slow runs out (their rows keep their values).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/errors.js';
import { REPRODUCTION_RUNS, reproduce, reproductionsTable, withTable, type FigureOutcome } from '../../reproduce/index.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { EXIT, type ExitCode } from '../exitCodes.js';
import { REPRODUCE_JSON, type JsonObjectOf } from '../jsonOutputs.js';
import { createProgress } from '../progress.js';

export interface ReproduceCommandOptions {
  readonly fast?: boolean;
  /** Comma-separated run ids. */
  readonly only?: string;
  /** The docs page to write the table into (default docs/reproductions.md of the package); --no-docs skips it. */
  readonly docs?: string | false;
  readonly repair?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export const DEFAULT_DOCS_PAGE = fileURLToPath(new URL('../../../docs/reproductions.md', import.meta.url));

export async function runReproduce(options: ReproduceCommandOptions): Promise<{ exitCode: ExitCode; outcomes: FigureOutcome[] }> {
  const runs = options.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const id of runs ?? []) {
    if (!REPRODUCTION_RUNS.some((r) => r.id === id)) throw new InputError({ field: '--only', message: `unknown reproduction run '${id}'`, fix: `use ${REPRODUCTION_RUNS.map((r) => r.id).join(', ')}` });
  }
  const progress = createProgress(options.quiet === true);
  let outcomes: FigureOutcome[];
  try {
    outcomes = await reproduce({ ...(options.fast ? { fast: true } : {}), ...(runs ? { runs } : {}), ...(options.repair === false ? { repairRounds: 0 } : {}), onProgress: (m) => progress.update(m, 0) });
  } finally {
    progress.stop();
  }
  const page = options.docs === false ? undefined : (options.docs ?? DEFAULT_DOCS_PAGE);
  if (page) {
    const text = await readFile(page, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new InputError({ file: page, message: `cannot read the docs page (${err.code ?? String(err)})`, fix: 'give --docs an existing page with a <!-- generated: reproductions --> block, or --no-docs' });
    });
    await writeFilesAtomically([{ path: page, data: withTable(text, outcomes) }]);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, figures: outcomes.map((o) => ({ id: o.figure.id, paper: o.figure.paper, figure: o.figure.figure, kind: o.figure.kind, paperValue: o.figure.paperValue, value: o.value, ratio: o.ratio, within: o.within ?? null, slow: o.slow })) } satisfies JsonObjectOf<typeof REPRODUCE_JSON>, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${reproductionsTable(outcomes)}\n${page ? `Wrote the table into ${page}\n` : ''}`);
  }
  return { exitCode: EXIT.ok, outcomes };
}
