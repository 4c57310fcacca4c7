/**
 * report.html in a real browser: `llmcap plan` on scenarios/day.yaml, then the report is opened in
 * headless Chromium (Debian's package, driven by playwright-core) with the network closed. Every
 * chart must have drawn its data — as many marks as the plan (and the replay) has rows, each of
 * non-zero size — and the page must log no error and fetch nothing but itself. A second report
 * adds the replay (windows.csv from `llmcap simulate`) and its SLO charts. Both are screenshotted at
 * 1,280 and 1,920 px (LLMCAP_SCREENSHOTS keeps them): nothing may overflow, no axis label exceed 12
 * characters, every axis keep one number format, and the six headline figures stand in two rows of three.
 *
 * Chromium: /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it). Missing on a
 * developer's machine, the suite is skipped with a warning; missing in CI (CI=true), it fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runPlan, type PlanCommandResult } from '../../src/cli/commands/plan.js';
import { planReportFor } from '../../src/report/planReportFile.js';
import { readCsv } from '../helpers/readCsv.js';
import { expectReadableAt } from '../helpers/layoutProbe.js';

const CHROMIUM = process.env['LLMCAP_CHROMIUM'] ?? '/usr/bin/chromium';
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const DAY = new URL('../../scenarios/day.yaml', import.meta.url).pathname;

if (!HAVE_CHROMIUM && !IN_CI) console.warn(`report browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** The few DOM members the probe uses. */
interface DomNode {
  readonly id: string;
  readonly classList: ArrayLike<string>;
  readonly children: ArrayLike<DomNode>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): { readonly width: number; readonly height: number };
  getBBox(): { readonly width: number; readonly height: number };
}

/** What the page reports about one chart. */
interface ChartProbe {
  readonly name: string;
  readonly svgWidth: number;
  readonly svgHeight: number;
  /** Per mark name (vega's `<name>_marks`): items drawn, and items with a non-empty box. */
  readonly marks: Record<string, { items: number; sized: number }>;
}

interface PageProbe {
  readonly charts: ChartProbe[];
  readonly errors: string[];
  readonly requests: string[];
  readonly sections: string[];
}

async function silenced<T>(run: () => Promise<T>): Promise<T> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function probe(context: BrowserContext, file: string): Promise<PageProbe> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const result = await page.evaluate(() => {
    // Runs in the page. The project compiles without the DOM library, so the little used is typed here.
    const doc = (globalThis as unknown as { document: DomNode }).document;
    const charts = Array.from(doc.querySelectorAll('figure.chart')).map((figure) => {
      const box = figure.querySelector('svg')?.getBoundingClientRect();
      const marks: Record<string, { items: number; sized: number }> = {};
      for (const group of Array.from(figure.querySelectorAll('g.role-mark'))) {
        const name = Array.from(group.classList).find((c) => c.endsWith('_marks')) ?? 'unnamed';
        const entry = (marks[name] ??= { items: 0, sized: 0 });
        for (const item of Array.from(group.children)) {
          entry.items++;
          const b = item.getBBox();
          if (b.width > 0 || b.height > 0) entry.sized++;
        }
      }
      return { name: figure.getAttribute('data-chart') ?? '', svgWidth: box?.width ?? 0, svgHeight: box?.height ?? 0, marks };
    });
    return { charts, sections: Array.from(doc.querySelectorAll('main > section')).map((s) => s.id) };
  });
  await page.close();
  return { ...result, errors, requests };
}

function chart(p: PageProbe, name: string): ChartProbe {
  const c = p.charts.find((x) => x.name === name);
  if (!c) throw new Error(`no chart '${name}' in the report; charts: ${p.charts.map((x) => x.name).join(', ')}`);
  return c;
}

/** Marks drawn under one mark name, all of them with a size. */
function drawn(c: ChartProbe, mark: string): number {
  const m = c.marks[`${mark}_marks`];
  if (!m) throw new Error(`chart '${c.name}' has no mark '${mark}'; marks: ${Object.keys(c.marks).join(', ')}`);
  expect(m.sized, `${c.name}/${mark}: every item has a non-zero size`).toBe(m.items);
  return m.items;
}

(HAVE_CHROMIUM || IN_CI ? describe : describe.skip)('report.html in headless Chromium (scenarios/day.yaml)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-report-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'llmcap-chromium-'));
  let context: BrowserContext | undefined;
  let planned: PlanCommandResult;
  let plain: PageProbe;
  let replayed: PageProbe;
  let planCsv: Record<string, string>[];
  let windowsCsv: Record<string, string>[];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: the report test needs it in CI. Install it with 'apt-get update && apt-get install -y chromium' (.ci/run does this).`);
    }
    planned = await silenced(() => runPlan({ scenario: DAY, out: dir, quiet: true }));
    planCsv = readCsv(readFileSync(join(dir, 'plan.csv'), 'utf8'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    plain = await probe(context, join(dir, 'report.html'));

    // Replay the plan (no requests.arrow: only windows.csv is needed) and render the report again.
    const code = await silenced(() => main(['node', 'llmcap', 'simulate', '--plan', join(dir, 'plan.arrow'), '--scenario', DAY, '--requests', 'none', '--quiet']));
    expect(code).toBe(0);
    windowsCsv = readCsv(readFileSync(join(dir, 'windows.csv'), 'utf8'));
    writeFileSync(join(dir, 'report-replayed.html'), await planReportFor(dir, planned.plan, planned.scenario));
    replayed = await probe(context, join(dir, 'report-replayed.html'));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error and fetches nothing but the file itself', () => {
    for (const p of [plain, replayed]) {
      expect(p.errors).toEqual([]);
      expect(p.requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      expect(p.requests).toHaveLength(1);
    }
  });

  it('is one self-contained file: no network URL in any src, href or url()', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
  });

  it('renders the instances chart with one bar per (window, GPU type · role)', () => {
    const pools = planCsv.filter((r) => r['role'] !== 'idle' && Number(r['instances']) > 0);
    const stacks = new Set(pools.map((r) => `${r['window']}|${r['gpu']}|${r['role']}`));
    const c = chart(plain, 'instances');
    expect(c.svgWidth).toBeGreaterThan(300);
    expect(drawn(c, 'instances')).toBe(stacks.size);
  });

  it('renders the clocks chart with one point per (window, pool)', () => {
    const pools = planCsv.filter((r) => r['role'] !== 'idle' && Number(r['instances']) > 0);
    expect(drawn(chart(plain, 'clocks'), 'clocks')).toBe(pools.length);
  });

  it('renders power: predicted mean and peak lines, the nameplate rule, and the provisioned budget (a rule, or written when far above the fleet)', () => {
    const c = chart(plain, 'power');
    expect(drawn(c, 'power')).toBe(2);
    const { provisionedKW, nameplateKW } = planned.plan.totals;
    // day.yaml's 200 kW budget is over twice its 9-server fleet's 91.8 kW nameplate: drawn to scale it
    // would flatten the fleet's lines, so the chart writes it and draws the nameplate rule alone.
    if (provisionedKW > 1.5 * nameplateKW) {
      expect(drawn(c, 'power_limits')).toBe(1);
      expect(drawn(c, 'power_off_scale')).toBe(1);
    } else {
      expect(drawn(c, 'power_limits')).toBe(2);
    }
  });

  it('renders cost, energy and carbon with one bar per window each', () => {
    expect(drawn(chart(plain, 'cost_energy_carbon'), 'cost_energy_carbon')).toBe(3 * planned.plan.windows.length);
  });

  it('renders the SinglePool comparison: 4 metrics × 2 designs', () => {
    expect(planned.plan.baseline?.totals).toBeDefined();
    expect(drawn(chart(plain, 'baseline'), 'baseline')).toBe(8);
  });

  it('opens with the headline box: fleet, cost per hour and per M tokens, SLO verdict, power headroom', () => {
    expect(plain.sections[0]).toBe('headline');
    const box = (file: string) => {
      const html = readFileSync(join(dir, file), 'utf8');
      return html.slice(html.indexOf('<section id="headline">'), html.indexOf('</section>', html.indexOf('<section id="headline">')));
    };
    const t = planned.plan.totals;
    const plainBox = box('report.html');
    expect(plainBox).toContain(`${t.servers.toLocaleString('en-US')} servers`);
    expect(plainBox).toMatch(/[\d,]+ USD\/h/);
    expect(plainBox).toContain('cost per million output tokens');
    expect(plainBox).toContain(`${(t.provisionedKW - t.peakPowerKW).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} kW`);
    expect(plainBox).toContain('not replayed');
    // With the replay, the verdict is the replay's: pass exactly when no cell misses significantly.
    const verdict = windowsCsv.some((r) => r['meets_slo'] === 'no') ? 'fail' : 'pass';
    expect(box('report-replayed.html')).toContain(`<div class="value">${verdict}</div>`);
    // day.yaml's objective is cost: a window's operating objective is in USD, and its header says so.
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('>operating cost (USD)<');
  });

  it('without a replay, says how to get one and draws no SLO chart', () => {
    expect(plain.sections).toContain('replay');
    expect(plain.charts.map((c) => c.name)).not.toContain('slo_attainment');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('No replay of this plan yet');
  });

  it('with the replay, renders SLO attainment per (window, class) and marks the misses', () => {
    const cells = windowsCsv.filter((r) => r['class'] !== 'all' && Number(r['requests']) > 0 && r['slo_attainment'] !== '');
    const c = chart(replayed, 'slo_attainment');
    expect(drawn(c, 'slo_attainment')).toBe(cells.length);
    const misses = cells.filter((r) => r['meets_slo'] === 'no').length;
    if (misses > 0) expect(drawn(c, 'slo_misses')).toBe(misses);
  });

  it('with the replay, renders latency over target as one cell per (window, class, metric)', () => {
    const cells = windowsCsv
      .filter((x) => x['class'] !== 'all')
      .flatMap((r) => (['ttft', 'tbt'] as const).filter((m) => r[`${m}_over_target_at_slo`] !== '' && r[`${m}_target_ms`] !== ''));
    expect(cells.length).toBeGreaterThan(0);
    expect(drawn(chart(replayed, 'latency'), 'latency')).toBe(cells.length);
    // The replayed mean and peak join the predicted ones.
    expect(drawn(chart(replayed, 'power'), 'power')).toBe(4);
  });

  // Looked at as a person would, on a laptop and on a wide screen: nothing runs off the page or hides
  // behind a sideways scroll bar, and every axis label is short enough to read at a glance.
  it.each([
    ['plan', 1280],
    ['plan', 1920],
    ['replay', 1280],
    ['replay', 1920],
  ] as const)('the %s report at %i px: no element overflows, no axis label over 12 characters', async (which, width) => {
    if (!context) throw new Error('no browser');
    const page = await context.newPage();
    try {
      await page.goto(pathToFileURL(join(dir, which === 'plan' ? 'report.html' : 'report-replayed.html')).href, { waitUntil: 'load' });
      await expectReadableAt(page, width, `day-${which}`, 20);
      // The six headline figures as laid out on purpose: two rows of three, none wrapped on its own.
      const tops = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: DomNode }).document;
        return Array.from(doc.querySelectorAll('#headline .figure')).map((e) => Math.round((e as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top));
      });
      expect(tops).toHaveLength(6);
      const rows = [...new Set(tops)].map((top) => tops.filter((t) => t === top).length);
      expect(rows).toEqual([3, 3]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
