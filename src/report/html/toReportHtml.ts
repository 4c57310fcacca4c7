/**
 * A report as one self-contained HTML file: sections of charts (vega-lite specs rendered to inline
 * SVG), tables, key figures and notes. Generic so `plan` and `compare` share one look; returns the
 * page as a string and touches no file. A Content-Security-Policy forbids every network fetch, so
 * a report that opens at all opens offline.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml, inlineText } from './escapeHtml.js';
import { htmlTable, type HtmlTable } from './htmlTable.js';
import { renderChartSvg } from './renderChartSvg.js';
import { REPORT_CSS } from './reportStyle.js';

export interface KeyFigure {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
}

export type ReportBlock =
  /** `name` identifies the chart in the page (figure id `chart-<name>`, data-chart attribute). */
  | { readonly kind: 'chart'; readonly name: string; readonly title?: string; readonly caption?: string; readonly spec: TopLevelSpec }
  | { readonly kind: 'table'; readonly title?: string; readonly table: HtmlTable; readonly collapsed?: boolean }
  /** `headline`: the report's first, larger box of the figures a reader quotes. */
  | { readonly kind: 'figures'; readonly items: readonly KeyFigure[]; readonly headline?: boolean }
  | { readonly kind: 'note'; readonly text: string; readonly tone?: 'info' | 'warning' };

export interface ReportSection {
  /** Anchor of the section, e.g. 'power'. */
  readonly id: string;
  readonly title: string;
  readonly intro?: string;
  readonly blocks: readonly ReportBlock[];
}

export interface ReportDocument {
  readonly title: string;
  readonly subtitles?: readonly string[];
  readonly sections: readonly ReportSection[];
  readonly footer?: string;
}

// No default-src: nothing may be fetched. Inline styles only; no scripts at all.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export async function toReportHtml(doc: ReportDocument): Promise<string> {
  const sections: string[] = [];
  for (const section of doc.sections) {
    const blocks: string[] = [];
    for (const block of section.blocks) blocks.push(await blockHtml(block));
    sections.push([
      `<section id="${escapeHtml(section.id)}">`,
      `<h2>${escapeHtml(section.title)}</h2>`,
      ...(section.intro ? [`<p class="intro">${inlineText(section.intro)}</p>`] : []),
      ...blocks,
      '</section>',
    ].join('\n'));
  }
  const nav = doc.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    ...(doc.subtitles ?? []).map((s) => `<p class="subtitle">${inlineText(s)}</p>`),
    `<nav>${nav}</nav>`,
    '</header>',
    '<main>',
    ...sections,
    '</main>',
    ...(doc.footer ? [`<footer>${inlineText(doc.footer)}</footer>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

async function blockHtml(block: ReportBlock): Promise<string> {
  switch (block.kind) {
    case 'chart': {
      const svg = await renderChartSvg(block.spec);
      const name = escapeHtml(block.name);
      return [
        ...(block.title ? [`<h3>${escapeHtml(block.title)}</h3>`] : []),
        `<figure class="chart" id="chart-${name}" data-chart="${name}">`,
        svg,
        ...(block.caption ? [`<figcaption class="caption">${inlineText(block.caption)}</figcaption>`] : []),
        '</figure>',
      ].join('\n');
    }
    case 'table': {
      const title = block.title ? escapeHtml(block.title) : '';
      if (block.collapsed) return `<details><summary>${title || 'table'}</summary>\n${htmlTable(block.table)}\n</details>`;
      return `${title ? `<h3>${title}</h3>\n` : ''}${htmlTable(block.table)}`;
    }
    case 'figures':
      return `<div class="figures${block.headline ? ' headline' : ''}">${block.items
        .map((f) => `<div class="figure"><div class="label">${escapeHtml(f.label)}</div><div class="value">${escapeHtml(f.value)}</div>${f.note ? `<div class="fig-note">${inlineText(f.note)}</div>` : ''}</div>`)
        .join('')}</div>`;
    case 'note':
      return `<p class="note ${block.tone ?? 'info'}">${inlineText(block.text)}</p>`;
  }
}
