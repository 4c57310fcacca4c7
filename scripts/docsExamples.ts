/**
 * `npm run docs:examples`: rerun the documented commands and rewrite the example blocks of README.md
 * and docs/*.md (and the generated tables), so the figures in the docs are what the code prints.
 *
 *   npm run docs:examples                     rerun every example, rewrite the blocks that changed
 *   npm run docs:examples -- --check          write nothing; exit 1 if a block differs (timings masked)
 *   npm run docs:examples -- --subset ci      only the examples CI can afford (not marked slow)
 *   npm run docs:examples -- --only a,b       only these examples (and those they need first)
 *
 * A block whose text differs from a fresh run only in run-dependent values (exampleBlocks.ts
 * RUN_DEPENDENT) is left as it is, so rerunning does not churn the docs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFilesAtomically } from '../src/report/writeAtomic.js';
import { findBlocks, firstDifference, replaceBlocks, type Block } from './docs/exampleBlocks.js';
import { EXAMPLES, GENERATED, type DocExample } from './docs/examples.js';
import { createSandbox, runExample, SHARED_DIR } from './docs/runExample.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({
  options: { check: { type: 'boolean', default: false }, subset: { type: 'string' }, only: { type: 'string' } },
});
if (opts.subset !== undefined && opts.subset !== 'ci' && opts.subset !== 'all') throw new Error(`--subset takes 'ci' or 'all', not '${opts.subset}'`);

/** The documentation's pages: README.md and docs/*.md. */
function docFiles(): string[] {
  return ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const problems: string[] = [];

// 1. Where every block is, and that every example and generated table has exactly one.
const texts = new Map(docFiles().map((f) => [f, readFileSync(join(root, f), 'utf8')]));
const placed = new Map<string, { file: string; block: Block }>();
for (const [file, text] of texts) {
  for (const block of findBlocks(text, file)) {
    const key = `${block.kind}:${block.id}`;
    const known = block.kind === 'example' ? EXAMPLES.some((e) => e.id === block.id) : block.id in GENERATED;
    if (!known) problems.push(`${file}:${block.line}: unknown ${block.kind} '${block.id}' (declared in scripts/docs/examples.ts?)`);
    const before = placed.get(key);
    if (before) problems.push(`${file}:${block.line}: ${key} is also at ${before.file}:${before.block.line}; show each example once`);
    placed.set(key, { file, block });
  }
}
for (const e of EXAMPLES) if (!placed.has(`example:${e.id}`)) problems.push(`example '${e.id}' is in no page: add <!-- example: ${e.id} --> … <!-- /example --> where it belongs`);
for (const id of Object.keys(GENERATED)) if (!placed.has(`generated:${id}`)) problems.push(`generated table '${id}' is in no page`);

// 2. Which examples to run: the chosen ones and, first, those they read files from.
const chosen = (e: DocExample) => (opts.only ? opts.only.split(',').includes(e.id) : opts.subset === 'ci' ? e.slow === undefined : true);
const toRun = new Set<string>();
const need = (id: string) => {
  const e = EXAMPLES.find((x) => x.id === id);
  if (!e) return problems.push(`unknown example '${id}'`);
  for (const dep of e.after ?? []) need(dep);
  toRun.add(id);
};
for (const e of EXAMPLES) if (chosen(e)) need(e.id);
const haveShared = existsSync(SHARED_DIR);
const unselected = EXAMPLES.filter((e) => !toRun.has(e.id));
const notRun: string[] = unselected.filter((e) => e.slow && !opts.only).map((e) => `${e.id} (slow: ${e.slow})`);
if (opts.only) notRun.push(`${unselected.length} not selected`);

// 3. Fresh bodies: run the examples in order in one scratch directory; build the generated tables.
const fresh = new Map<string, string>();
for (const [id, make] of Object.entries(GENERATED)) fresh.set(`generated:${id}`, make());
const sandbox = createSandbox();
try {
  for (const e of EXAMPLES.filter((x) => toRun.has(x.id))) {
    if (e.needsShared && !haveShared) {
      if (process.env.CI === 'true') problems.push(`example '${e.id}' needs ${SHARED_DIR}, which CI must have`);
      notRun.push(`${e.id} (needs ${SHARED_DIR}, absent)`);
      continue;
    }
    const run = runExample(e, sandbox);
    log(`ran ${e.id} in ${run.seconds.toFixed(1)} s`);
    fresh.set(`example:${e.id}`, run.body);
  }
} catch (err) {
  problems.push(err instanceof Error ? err.message : String(err));
} finally {
  sandbox.remove();
}

// 4. Compare with the committed blocks; rewrite the ones that differ in more than run-dependent values.
let differing = 0;
const writes: { path: string; data: string }[] = [];
for (const [file, text] of texts) {
  const bodies = new Map<string, string>();
  for (const block of findBlocks(text, file)) {
    const key = `${block.kind}:${block.id}`;
    const body = fresh.get(key);
    if (body === undefined) continue;
    const diff = firstDifference(block.body, body);
    if (!diff) continue;
    differing++;
    bodies.set(key, body);
    log(`${file}:${block.line}: ${key} differs at line ${diff.line} of the block:\n  committed: ${diff.committed}\n  fresh:     ${diff.fresh}`);
  }
  if (bodies.size > 0) writes.push({ path: join(root, file), data: replaceBlocks(text, bodies, file) });
}
if (!opts.check && writes.length > 0) await writeFilesAtomically(writes);

const checked = fresh.size;
log(`${checked} block(s) ${opts.check ? 'checked' : 'regenerated'}, ${differing} ${opts.check ? 'differ' : 'rewritten'}; not run: ${notRun.length === 0 ? 'none' : notRun.join(', ')}`);
for (const p of problems) log(`error: ${p}`);
if (problems.length > 0 || (opts.check && differing > 0)) {
  if (opts.check && differing > 0) log('the docs are stale: run `npm run docs:examples` and commit the result');
  process.exitCode = 1;
}
