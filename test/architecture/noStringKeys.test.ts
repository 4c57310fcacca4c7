/**
 * The planner reaches variables, rows and pools through typed accessors (PlanModel.n(w, c),
 * x(w, c, k), pools(w), …), never by composing `${w}|${c}|${k}` strings and parsing them back. This
 * scans the planner's sources for the ways such keys get parsed: slicing at a separator, splitting
 * on one, searching for one, and prefix-matching a composed key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['src/plan', 'src/formulation'];

/** Key separators: `|` and `,` join index parts, `#` a pool key, `/` and `:` the parts of config ids. */
const SEP = String.raw`[|#/:,]`;
const PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'slicing at a found position', re: /\.(?:slice|substring|substr)\([^)]*\bindexOf\(/ },
  { name: 'splitting on a key separator', re: new RegExp(String.raw`\.split\(\s*['"\`]${SEP}['"\`]\s*\)`) },
  { name: 'searching for a key separator', re: new RegExp(String.raw`\.(?:indexOf|lastIndexOf|includes)\(\s*['"\`]${SEP}['"\`]\s*\)`) },
  { name: 'prefix or suffix match of a composed key', re: /\.(?:startsWith|endsWith)\(\s*`[^`]*\$\{/ },
  { name: 'map lookup by a composed key', re: new RegExp(String.raw`\.(?:get|has|set|delete)\(\s*\`[^\`]*\$\{[^\`]*\}${SEP}`) },
];

/** Comments may describe keys; only code counts (line breaks are kept, so line numbers hold). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function offences(source: string): string[] {
  const code = stripComments(source);
  return code.split('\n').flatMap((line, i) => PATTERNS.filter((p) => p.re.test(line)).map((p) => `line ${i + 1}: ${p.name}: ${line.trim()}`));
}

describe('no string keys in the planner', () => {
  it('catches the ways keys used to be parsed (the check can fail)', () => {
    const parsed = [
      'start.set(v.index, instances.get(key.slice(key.indexOf(\'|\') + 1)) ?? 0);',
      'if (!key.startsWith(`${w}|`)) continue;',
      "if (row.configId !== c.id.split('#')[0]) continue;",
      "const pool = id.includes('#') ? id.slice(id.indexOf('#')) : '';",
      'const nVar = pm.instances.get(`${w}|${cd.config.id}`);',
    ];
    for (const line of parsed) expect(offences(line), line).not.toEqual([]);
    // Composing a cache key or a message is not parsing one.
    const fine = ['const key = `${windowSignature(data, w)}|${JSON.stringify(activeBefore ?? null)}`;', "error: baseline.message.split('\\n')[0]", '// key.slice(key.indexOf(\'|\') + 1) was the old way'];
    for (const line of fine) expect(offences(line), line).toEqual([]);
  });

  for (const folder of FOLDERS) {
    it(`${folder} reaches variables and pools through typed accessors`, () => {
      const files = readdirSync(join(ROOT, folder), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(0);
      const found = files.flatMap((f) => offences(readFileSync(join(ROOT, folder, f), 'utf8')).map((o) => `${folder}/${f} ${o}`));
      expect(found).toEqual([]);
    });
  }
});
