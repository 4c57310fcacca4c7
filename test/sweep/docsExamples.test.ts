/**
 * docs/sweep.md's grids: the one shown validates on scenarios/day.yaml, design axis included, and the
 * shipped example grid makes its 12 variants. (The commands and what they print are the docs'
 * examples, rerun by `npm run docs:examples`; planning the 12 variants is also `npm run bench sweep`.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DESIGNS, fromDesignsFile } from '../../src/compare/index.js';
import { gridFromText, prepareSweep, resolveVariants } from '../../src/sweep/index.js';

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
});
