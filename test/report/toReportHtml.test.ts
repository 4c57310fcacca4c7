/** The generic report page: one self-contained file, escaped text, charts as inline SVG from vega-lite. */
import { describe, expect, it } from 'vitest';
import { toReportHtml, type ReportDocument } from '../../src/report/html/toReportHtml.js';

const BAR_SPEC = {
  width: 200,
  height: 100,
  data: { values: [{ k: 'a', v: 1 }, { k: 'b', v: 3 }] },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
  name: 'bars',
} as const;

const DOC: ReportDocument = {
  title: 'compare <designs> & "more"',
  subtitles: ['run `llmcap compare`'],
  sections: [
    { id: 'figures', title: 'Key figures', blocks: [{ kind: 'figures', items: [{ label: 'cost', value: '1 USD', note: 'a <b>note</b>' }] }] },
    { id: 'chart', title: 'A chart', intro: 'Intro with `code`.', blocks: [{ kind: 'chart', name: 'bars', title: 'Bars', caption: 'two bars', spec: BAR_SPEC }] },
    {
      id: 'table',
      title: 'A table',
      blocks: [
        { kind: 'table', table: { columns: [{ label: 'name' }, { label: 'n', numeric: true }], rows: [['<x>', '1'], [{ parts: [{ text: '80 × ' }, { text: 'H100-80GB', nowrap: true }, { text: ', 8 × ' }, { text: '<A100>', nowrap: true }] }, '2']] } },
        { kind: 'table', title: 'hidden', collapsed: true, table: { columns: [{ label: 'a' }], rows: [['b']] } },
        { kind: 'note', tone: 'warning', text: 'careful & <sure>' },
      ],
    },
  ],
  footer: 'made by `llmcap`',
};

describe('toReportHtml', () => {
  it('escapes every text and turns `backquotes` into code', async () => {
    const html = await toReportHtml(DOC);
    expect(html).toContain('<title>compare &lt;designs&gt; &amp; &quot;more&quot;</title>');
    expect(html).toContain('<td>&lt;x&gt;</td>');
    expect(html).toContain('careful &amp; &lt;sure&gt;');
    expect(html).toContain('a &lt;b&gt;note&lt;/b&gt;');
    expect(html).toContain('run <code>llmcap compare</code>');
    expect(html).not.toContain('<x>');
  });

  it('keeps the unbreakable parts of a cell on one line and lets the cell wrap between them', async () => {
    const html = await toReportHtml(DOC);
    expect(html).toContain('<td>80 × <span class="nowrap">H100-80GB</span>, 8 × <span class="nowrap">&lt;A100&gt;</span></td>');
    expect(html).toMatch(/\.nowrap \{ white-space: nowrap; \}/);
  });

  it('is self-contained: a CSP that forbids fetching, no script, no link, no external URL', async () => {
    const html = await toReportHtml(DOC);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<script|<link\b|(?:src|href)=["']?(?:https?:)?\/\//i);
  });

  it('renders a chart as inline SVG with its data marks, named for tests and links', async () => {
    const html = await toReportHtml(DOC);
    expect(html).toContain('<figure class="chart" id="chart-bars" data-chart="bars">');
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg).toContain('bars_marks');
    // Two bars, each with a hover title made from vega's aria label.
    expect(svg.match(/role="graphics-symbol" aria-roledescription="bar"/g)).toHaveLength(2);
    expect(svg.match(/<title>[^<]*v: 3[^<]*<\/title>/g)).toHaveLength(1);
  });

  it('links every section from the navigation, in order', async () => {
    const html = await toReportHtml(DOC);
    const nav = html.slice(html.indexOf('<nav>'), html.indexOf('</nav>'));
    expect([...nav.matchAll(/href="#([^"]+)"/g)].map((m) => m[1])).toEqual(['figures', 'chart', 'table']);
    expect(html).toContain('<details><summary>hidden</summary>');
  });
});
