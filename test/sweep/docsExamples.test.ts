/**
 * docs/sweep.md's examples: the grid shown validates on scenarios/day.yaml, the shipped example grid
 * makes its 12 variants, the error shown is the error printed, and the cluster example writes its
 * manifests. (Planning the 12 variants is the bench's job: `npm run bench sweep`.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DESIGNS, fromDesignsFile } from '../../src/compare/index.js';
import { gridFromText, prepareSweep, resolveVariants } from '../../src/sweep/index.js';
import { runCli } from '../helpers/runCli.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const DOC = readFileSync(join(ROOT, 'docs/sweep.md'), 'utf8');
const DAY = join(ROOT, 'scenarios/day.yaml');

/** The fenced blocks of a section, in order. */
function blocks(section: string): { lang: string; text: string }[] {
  const start = DOC.indexOf(`\n## ${section}\n`);
  const end = DOC.indexOf('\n## ', start + 1);
  const body = DOC.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));
}

describe('docs/sweep.md examples', () => {
  it('the example grid makes 12 valid variants of scenarios/day.yaml', async () => {
    expect(DOC).toContain('llmcap sweep --scenario scenarios/day.yaml --grid scenarios/day-grid.yaml --out out/day-sweep');
    const prepared = await prepareSweep({ scenarioPath: DAY, gridPath: join(ROOT, 'scenarios/day-grid.yaml'), solve: { baseline: false }, validate: false });
    expect(prepared.variants).toHaveLength(12);
  });

  it('the grid of "The grid" validates, design axis included', async () => {
    const grid = blocks('The grid').find((b) => b.lang === 'yaml');
    const variants = resolveVariants({ baseText: readFileSync(DAY, 'utf8'), baseFile: DAY, grid: gridFromText(grid?.text ?? '', 'grid.yaml'), designs: await fromDesignsFile(BUILT_IN_DESIGNS) });
    expect(variants).toHaveLength(2 * 2 * 2 * 2 * 2);
  });

  it('prints the error shown', async () => {
    const [gridBlock, errorBlock] = blocks('The grid').filter((b) => b.lang === 'yaml' || b.lang === '').slice(1);
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-sweep-docs-'));
    writeFileSync(join(dir, 'grid.yaml'), gridBlock?.text ?? '');
    const r = await runCli(['sweep', '--scenario', 'scenarios/day.yaml', '--grid', join(dir, 'grid.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(`${dir}/`, '')).toBe(errorBlock?.text);
  });

  it('the cluster example writes its manifests', async () => {
    const step1 = blocks('Running a sweep on a cluster').find((b) => b.text.includes('llmcap sweep k8s'));
    const args = (step1?.text ?? '').replace(/\\\n\s*/g, '').trim().split(/\s+/).slice(1);
    const out = mkdtempSync(join(tmpdir(), 'llmcap-sweep-k8s-docs-'));
    const r = await runCli([...args.slice(0, args.indexOf('--out')), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'job.yaml'), 'utf8')).toMatch(/completions: 4\n/);
  });
});
