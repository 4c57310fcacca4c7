/**
 * A report looked at as a person would: at a given window width, a full-page screenshot, the
 * elements that run off the page or off their scroll box (a table one must scroll sideways to read,
 * a chart cut at the edge), the chart axis labels too long to read at a glance, and the axes whose
 * numbers do not share one format ('5,000' beside '35k') or read '0k'.
 */
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where the screenshots go: LLMCAP_SCREENSHOTS, or a folder in the temporary directory. */
export const SCREENSHOT_DIR = process.env['LLMCAP_SCREENSHOTS'] ?? join(tmpdir(), 'llmcap-screenshots');

/** The longest axis label the reports may print (a tick such as 'Mon 00:00', a bin such as 'SS'). */
export const MAX_AXIS_LABEL_CHARS = 12;

export interface LayoutProbe {
  readonly screenshot: string;
  /** 'table.wrap in section#designs: 1,420 px wide in 1,232 px', one per offending element. */
  readonly overflowing: string[];
  /** Axis labels longer than MAX_AXIS_LABEL_CHARS, with their chart. */
  readonly longAxisLabels: string[];
  /** Axis labels seen: a probe that found none would prove nothing. */
  readonly axisLabels: number;
  /** Axes whose numeric labels mix formats (plain and SI, or two prefixes) or print '0k', with their chart. */
  readonly mixedAxes: string[];
}

/** A numeric tick label's SI prefix ('' for a plain number); undefined for 0 and for text. */
export function numberFormatOf(label: string): string | undefined {
  const m = /^[−-]?[\d,]*\.?\d+([kMGT]?)$/.exec(label);
  return m && label !== '0' ? (m[1] ?? '') : undefined;
}

function mixedAxis(labels: readonly string[]): boolean {
  if (labels.some((l) => /^[−-]?0(\.0*)?[kMGT]$/.test(l))) return true;
  return new Set(labels.map(numberFormatOf).filter((f) => f !== undefined)).size > 1;
}

/** The few DOM members the probe uses (the project compiles without the DOM library). */
interface El {
  readonly tagName: string;
  readonly id: string;
  readonly className: unknown;
  readonly textContent: string | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  closest(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  getBoundingClientRect(): { readonly left: number; readonly right: number; readonly width: number };
}

export async function probeLayout(page: Page, width: number, name: string): Promise<LayoutProbe> {
  await page.setViewportSize({ width, height: 900 });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const screenshot = join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  const found = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: El; querySelectorAll(s: string): ArrayLike<El> } }).document;
    const viewport = doc.documentElement.clientWidth;
    const overflowing: string[] = [];
    if (doc.documentElement.scrollWidth > viewport) overflowing.push(`the page: ${doc.documentElement.scrollWidth} px wide in ${viewport} px`);
    for (const e of Array.from(doc.querySelectorAll('body *'))) {
      // SVG internals are laid out by the chart; the <svg> itself is checked like any element.
      if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
      const box = e.getBoundingClientRect();
      if (box.width === 0) continue; // folded (<details>) or not drawn
      // No local functions in here: tsx (esbuild keepNames) would wrap them in a helper the page lacks.
      const section = e.closest('section');
      const cls = typeof e.className === 'string' && e.className ? `.${e.className.split(' ')[0]}` : '';
      const where = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : cls}${section ? ` in section#${section.id}` : ''}`;
      if (box.right > viewport + 0.5 || box.left < -0.5) overflowing.push(`${where}: spans ${Math.round(box.left)}–${Math.round(box.right)} px of ${viewport} px`);
      // A box whose content is wider than itself hides that content behind a scroll bar.
      if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && e.tagName.toLowerCase() !== 'svg') overflowing.push(`${where}: content ${e.scrollWidth} px wide in ${e.clientWidth} px`);
    }
    const labels = Array.from(doc.querySelectorAll('g.role-axis-label text')).map((t) => ({ text: (t.textContent ?? '').trim(), chart: t.closest('figure')?.id ?? '?' }));
    const axes = Array.from(doc.querySelectorAll('g.role-axis-label')).map((g) => ({ chart: g.closest('figure')?.id ?? '?', labels: Array.from(g.querySelectorAll('text')).map((t) => (t.textContent ?? '').trim()) }));
    return { overflowing, labels, axes };
  });
  return {
    screenshot,
    overflowing: found.overflowing,
    longAxisLabels: found.labels.filter((l) => l.text.length > MAX_AXIS_LABEL_CHARS).map((l) => `${l.chart}: '${l.text}'`),
    axisLabels: found.labels.length,
    mixedAxes: found.axes.filter((a) => mixedAxis(a.labels)).map((a) => `${a.chart}: ${a.labels.join(' ')}`),
  };
}

/**
 * The page read as a person would at `width` px: nothing overflows, every axis label is short and
 * each axis keeps one number format, and the screenshot was taken. `minAxisLabels`: how many labels the page must have for that to mean anything.
 */
export async function expectReadableAt(page: Page, width: number, name: string, minAxisLabels: number): Promise<void> {
  const layout = await probeLayout(page, width, name);
  expect(layout.overflowing).toEqual([]);
  expect(layout.axisLabels).toBeGreaterThan(minAxisLabels);
  expect(layout.longAxisLabels, `labels over ${MAX_AXIS_LABEL_CHARS} characters`).toEqual([]);
  expect(layout.mixedAxes, 'axes mixing number formats').toEqual([]);
  expect(statSync(layout.screenshot).size).toBeGreaterThan(10_000);
}
