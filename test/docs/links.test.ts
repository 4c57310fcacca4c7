/** The link check of README.md and docs/: every link stays inside the repository and resolves. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorsOf, checkLinks } from '../../scripts/docs/linkCheck.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The files a clone has: tracked ones and new ones not ignored (what the next commit can hold), and their folders. */
function repositoryPaths(): Set<string> {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  const paths = new Set<string>();
  for (const f of files) {
    for (let p = f; p !== '.' && p !== ''; p = dirname(p)) paths.add(p);
  }
  return paths;
}

/** The Markdown the documentation consists of: README.md, docs/, and the pages they lead to. */
const DOC_FILES = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'profiles/README.md'];

describe('documentation links', () => {
  it('every link of README.md, docs/*.md and profiles/README.md resolves inside the repository', () => {
    const inRepo = repositoryPaths();
    const problems = checkLinks(root, DOC_FILES, (p) => inRepo.has(p));
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.target}: ${p.problem}`)).toEqual([]);
  });
});

describe('README.md as the entry point', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it('is at most 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && npx llmcap plan --scenario scenarios/week.yaml');
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('links every page of docs/', () => {
    const pages = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.filter((p) => !readme.includes(`](docs/${p})`))).toEqual([]);
  });
});

describe('checkLinks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'page.md'), '# A page\n\n## Exit codes (`--json`)\n\n<a id="custom"></a>\n');
  writeFileSync(
    join(dir, 'README.md'),
    [
      '# Title',
      '[ok](docs/page.md) [anchor](docs/page.md#exit-codes---json) [html anchor](docs/page.md#custom) [self](#title)',
      '[url](https://example.org/x) [escape](../shared/DESIGN.md) [missing](docs/nope.md) [bad anchor](docs/page.md#nope)',
      '![image](docs/missing.png) `[code](../not-a-link.md)`',
      '',
      '```',
      '[in a code block](../also-not-a-link.md)',
      '```',
    ].join('\n'),
  );

  it('reports URLs, paths out of the repository, missing files and missing anchors, and nothing else', () => {
    const problems = checkLinks(dir, ['README.md']);
    expect(problems.map((p) => [p.line, p.target])).toEqual([
      [3, 'https://example.org/x'],
      [3, '../shared/DESIGN.md'],
      [3, 'docs/nope.md'],
      [3, 'docs/page.md#nope'],
      [4, 'docs/missing.png'],
    ]);
    expect(problems[1]?.problem).toMatch(/climbs out of the repository/);
  });

  it('slugs headings as GitHub does, numbering repeats', () => {
    expect([...anchorsOf('# The report (`report.html`)\n## Exit codes\n## Exit codes\n')]).toEqual(['the-report-reporthtml', 'exit-codes', 'exit-codes-1']);
  });
});
