/** The reproductions table of docs/reproductions.md, generated between its markers. */
import { FIGURES } from './figures.js';
import type { FigureOutcome } from './reproduce.js';

export const BEGIN = '<!-- generated: reproductions -->';
export const END = '<!-- /generated -->';
export const HEADER = ['figure', 'paper', 'what', 'paper value', 'llmcap', 'ratio', 'within ±25 %', 'CI'] as const;

const pct = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v * 100).toFixed(1)} %`;
const factor = (v: number) => `${v.toFixed(2)}×`;

/** One row per figure; a figure without a value (a slow run left out, no plan) shows '—'. */
export function reproductionsTable(outcomes: readonly FigureOutcome[]): string {
  const rows = outcomes.map((o) => {
    const show = o.figure.kind === 'change' ? pct : factor;
    const has = Number.isFinite(o.value);
    return [
      `\`${o.figure.id}\``,
      o.figure.paper,
      o.figure.figure,
      show(o.figure.paperValue),
      has ? show(o.value) : '—',
      has ? o.ratio.toFixed(2) : '—',
      o.within === undefined ? '—' : o.within ? 'yes' : 'no',
      o.slow ? 'slow (not in CI)' : 'yes',
    ];
  });
  return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * The docs page with its generated block replaced. Rows of figures not computed this time (slow
 * runs under --fast) keep their previous values.
 */
export function withTable(page: string, outcomes: readonly FigureOutcome[]): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`the page has no ${BEGIN} … ${END} block`);
  const previous = parseTable(page.slice(start + BEGIN.length, end));
  const fresh = reproductionsTable(outcomes).split('\n');
  const merged = fresh.map((line, i) => {
    if (i < 2) return line;
    const o = outcomes[i - 2];
    if (!o || Number.isFinite(o.value)) return line;
    const old = previous.find((r) => r[0] === `\`${o.figure.id}\``);
    return old && old.length === HEADER.length ? `| ${old.join(' | ')} |` : line;
  });
  return `${page.slice(0, start + BEGIN.length)}\n${merged.join('\n')}\n${page.slice(end)}`;
}

/** The cells of a generated table's body rows. */
export function parseTable(block: string): string[][] {
  const lines = block.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('|'));
  return lines.slice(2).map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

/**
 * What is wrong with a generated reproductions table: its header, the cell count of each row, and a
 * row for every declared figure (no more, no fewer). Empty when well-formed.
 */
export function reproductionsTableProblems(block: string, figureIds: readonly string[] = FIGURES.map((f) => f.id)): string[] {
  const lines = block.split('\n').filter((l) => l.trim() !== '');
  const problems: string[] = [];
  if (lines[0] !== `| ${HEADER.join(' | ')} |`) problems.push(`the header is not '| ${HEADER.join(' | ')} |'`);
  if (lines[1] !== `|${HEADER.map(() => '---').join('|')}|`) problems.push('the second line is not the header rule');
  const rows = parseTable(lines.join('\n'));
  rows.forEach((r, i) => {
    if (r.length !== HEADER.length) problems.push(`row ${i + 1} has ${r.length} cells, not ${HEADER.length}`);
  });
  const ids = rows.map((r) => (r[0] ?? '').replace(/^`|`$/g, ''));
  const missing = figureIds.filter((id) => !ids.includes(id));
  const unknown = ids.filter((id) => !figureIds.includes(id));
  if (missing.length > 0) problems.push(`no row for ${missing.join(', ')}`);
  if (unknown.length > 0) problems.push(`rows for undeclared figures ${unknown.join(', ')}`);
  return problems;
}
