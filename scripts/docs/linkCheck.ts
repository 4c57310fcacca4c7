/**
 * The documentation's link check: every link and image in the given Markdown files must resolve to a
 * file (or folder) of the repository, and to a heading of it when it names an anchor in a Markdown
 * file. Links that leave the repository — a URL, or a relative path that climbs out of it (a clone
 * has no ../shared) — are reported too: the docs must work from a clone alone.
 *
 * Markdown is parsed with markdown-it, so links inside code spans and code blocks are not links, and
 * anchors are computed as GitHub computes them (github-slugger over the heading's text).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt, { type Token } from 'markdown-it';

export interface LinkProblem {
  /** Markdown file, relative to the repository root. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

const md = new MarkdownIt({ html: true });

/** A scheme (`https:`, `mailto:`) or a protocol-relative `//host`: somewhere outside the repository. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
/** href/src/id/name attributes of raw HTML (`<img src=…>`, `<a id=…>`). */
const HTML_ATTR = (name: string) => new RegExp(`<[a-z][^>]*\\s${name}\\s*=\\s*["']([^"']*)["']`, 'gi');

interface Found {
  readonly target: string;
  readonly line: number;
}

/** Links and image sources of a Markdown text, with the line each is on (1-based). */
export function linksOf(text: string): Found[] {
  const out: Found[] = [];
  const html = (content: string, line: number) => {
    for (const attr of ['href', 'src']) for (const m of content.matchAll(HTML_ATTR(attr))) out.push({ target: m[1] ?? '', line });
  };
  for (const block of md.parse(text, {})) {
    let line = block.map ? block.map[0] + 1 : 1;
    if (block.type === 'html_block') html(block.content, line);
    // An inline token holds a paragraph's or heading's children, which carry no line: count its line breaks.
    for (const t of block.children ?? []) {
      if (t.type === 'softbreak' || t.type === 'hardbreak') line++;
      if (t.type === 'link_open') out.push({ target: String(t.attrGet('href') ?? ''), line });
      if (t.type === 'image') out.push({ target: String(t.attrGet('src') ?? ''), line });
      if (t.type === 'html_inline') html(t.content, line);
    }
  }
  return out;
}

/** The anchors a Markdown text defines: its headings, as GitHub slugs them, and explicit HTML ids. */
export function anchorsOf(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const tokens = md.parse(text, {});
  tokens.forEach((t, i) => {
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1];
      const plain = (inline?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
      anchors.add(slugger.slug(plain));
    }
    if (t.type === 'html_inline' || t.type === 'html_block' || t.type === 'inline') {
      const html = t.type === 'inline' ? (t.children ?? []).filter((c) => c.type === 'html_inline').map((c) => c.content).join('') : t.content;
      for (const attr of ['id', 'name']) for (const m of html.matchAll(HTML_ATTR(attr))) anchors.add(m[1] ?? '');
    }
  });
  return anchors;
}

/**
 * Problems of the links in `files` (paths relative to `root`). `exists` says whether a repository
 * path is part of the repository (a tracked or committable file, or a folder holding one).
 */
export function checkLinks(root: string, files: readonly string[], exists: (repoPath: string) => boolean = (p) => existsSync(join(root, p))): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (repoPath: string) => {
    let a = anchorCache.get(repoPath);
    if (!a) {
      a = anchorsOf(readFileSync(join(root, repoPath), 'utf8'));
      anchorCache.set(repoPath, a);
    }
    return a;
  };
  for (const file of files) {
    for (const { target, line } of linksOf(readFileSync(join(root, file), 'utf8'))) {
      const report = (problem: string) => problems.push({ file, line, target, problem });
      if (target === '') {
        report('empty link');
        continue;
      }
      if (EXTERNAL.test(target)) {
        report('points outside the repository (a URL): cite the source in the text instead, or link a file of the repository');
        continue;
      }
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      if (isAbsolute(pathPart)) {
        report('absolute path: use a path relative to this file');
        continue;
      }
      const resolved = pathPart === '' ? join(root, file) : resolve(root, dirname(file), pathPart);
      const repoPath = relative(root, resolved);
      if (repoPath === '..' || repoPath.startsWith(`..${sep}`) || isAbsolute(repoPath)) {
        report('climbs out of the repository: a clone does not have it');
        continue;
      }
      if (!exists(repoPath)) {
        report(`no such file in the repository: ${repoPath || '.'}`);
        continue;
      }
      if (anchor !== undefined && repoPath.endsWith('.md') && statSync(resolved).isFile() && !anchorsIn(repoPath).has(anchor)) {
        report(`no heading with anchor #${anchor} in ${repoPath}`);
      }
    }
  }
  return problems;
}
