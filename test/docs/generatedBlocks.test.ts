/**
 * The generated blocks of README.md and docs/*.md (tables made from the code's declarations and from
 * BENCHMARKS.md) are up to date, and every example block names a declared example and vice versa.
 * The example blocks' outputs are checked by `npm run docs:examples -- --check` (CI), which runs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findBlocks, firstDifference, mask, replaceBlocks, RUN_DEPENDENT } from '../../scripts/docs/exampleBlocks.js';
import { EXAMPLES, GENERATED } from '../../scripts/docs/examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = pages.flatMap((file) => findBlocks(readFileSync(join(root, file), 'utf8'), file).map((b) => ({ file, ...b })));

describe('generated documentation blocks', () => {
  it.each(Object.keys(GENERATED))('%s is up to date (regenerate with `npm run docs:examples`)', (id) => {
    const placed = blocks.filter((b) => b.kind === 'generated' && b.id === id);
    expect(placed, `pages holding generated:${id}`).toHaveLength(1);
    expect(placed[0]?.body).toBe(GENERATED[id]?.());
  });

  it('places every declared example exactly once, and names no undeclared one', () => {
    const examples = blocks.filter((b) => b.kind === 'example').map((b) => b.id);
    expect([...examples].sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
    const generated = blocks.filter((b) => b.kind === 'generated').map((b) => b.id);
    expect([...generated].sort()).toEqual(Object.keys(GENERATED).sort());
  });

  it('has no example block left empty', () => {
    const empty = blocks.filter((b) => b.kind === 'example' && !b.body.startsWith('```console\n$ '));
    expect(empty.map((b) => `${b.file}:${b.line}: ${b.id}`)).toEqual([]);
  });
});

describe('example blocks', () => {
  const page = ['intro', '<!-- example: a -->', 'old a', '<!-- /example -->', 'middle', '<!-- generated: b -->', 'old b', '<!-- /generated -->', 'end'].join('\n');

  it('finds blocks and replaces only the bodies asked for', () => {
    expect(findBlocks(page).map((b) => [b.kind, b.id, b.body, b.line])).toEqual([
      ['example', 'a', 'old a', 2],
      ['generated', 'b', 'old b', 6],
    ]);
    expect(replaceBlocks(page, new Map([['generated:b', 'new b\nline 2']]))).toBe(page.replace('old b', 'new b\nline 2'));
    expect(replaceBlocks(page, new Map([['example:a', '']]))).toBe(page.replace('old a', ''));
  });

  it('rejects a block that is never closed', () => {
    expect(() => findBlocks('<!-- example: a -->\ntext\n', 'p.md')).toThrow(/p\.md:1: .* no closing/);
  });

  it('masks timings and rates, and nothing else', () => {
    const solve = 'Solve: highs, fleet-decomposition, optimal; objective 30,508.47, bound 30,381.37, gap 0.42 %, 2.8 s, 70 MILP(s)';
    expect(mask(solve)).toBe(solve.replace('2.8 s', '‹run-dependent›'));
    const replayed = 'Replayed 755,278 requests in 1.7 s (442,475 req/s); 0 rejected';
    expect(mask(replayed)).toBe('Replayed 755,278 requests in ‹run-dependent›; 0 rejected');
    expect(mask('{"seconds":12.5,"gap":0.004,"wallSeconds": 3}')).toBe('{"seconds":‹run-dependent›,"gap":0.004,"wallSeconds": ‹run-dependent›}');
    const other = 'Energy: replayed 3,632 kWh vs planned 3,768 kWh (−3.6 %); capping engaged 0 s (0 level changes)';
    const swept = 'llmcap sweep: 12 variants of scenarios/day.yaml × scenarios/day-grid.yaml; 2 workers, 69.8 s\n  planned 12, resumed 0 (finished by an earlier run); 12 ok';
    expect(mask(swept)).toBe(swept.replace('69.8 s', '‹run-dependent›'));
    expect(mask(other)).toBe(other);
    expect(RUN_DEPENDENT.length).toBeGreaterThan(0);
  });

  it('compares blocks after masking and reports the first differing line', () => {
    expect(firstDifference('gap 1 %, 2.8 s, 70 MILP(s)', 'gap 1 %, 31.0 s, 70 MILP(s)')).toBeUndefined();
    expect(firstDifference('a\ngap 1 %, 2.8 s, 70 MILP(s)', 'a\ngap 2 %, 2.8 s, 70 MILP(s)')).toEqual({ line: 2, committed: 'gap 1 %, ‹run-dependent›, 70 MILP(s)', fresh: 'gap 2 %, ‹run-dependent›, 70 MILP(s)' });
    expect(firstDifference('a', 'a\nb')?.committed).toBe('(end of block)');
  });
});
