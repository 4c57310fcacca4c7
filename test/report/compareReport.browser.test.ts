/**
 * compare's report.html in headless Chromium, with five built-in designs (the Splitwise comparison at
 * a quarter of its load): the designs chart draws one bar per (figure, design), and the page — chart,
 * legend and the designs table, with the longest design name and a two-GPU-type fleet — fits a
 * 1,280 px and a 1,920 px window with short axis labels, and no GPU name breaks in its cell; so does a
 * table of nine columns, as many as the full Splitwise compare (the same plans under more names). The designs are those whose pools need no
 * class mixing across a whole service: the capacity rows of the baselines' and llmcap-free's mixed
 * pools took most of the nine designs' 2–3 minutes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDesigns, fromDesignsFile, BUILT_IN_DESIGNS, type DesignResult } from '../../src/compare/index.js';
import { toCompareReportHtml } from '../../src/report/html/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { CHROMIUM_TESTS, openInChromium } from '../helpers/chromiumPage.js';
import { expectReadableAt } from '../helpers/layoutProbe.js';

const SPLITWISE = new URL('../../scenarios/splitwise.yaml', import.meta.url).pathname;
const DESIGNS = ['Splitwise-AA', 'Splitwise-HH', 'Splitwise-HA', 'Splitwise-HHcap', 'DynamoLLM-PerClass'];

describe.runIf(CHROMIUM_TESTS)('compare report.html in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcap-compare-report-'));
  const file = join(dir, 'report.html');
  /** The same plans under nine names: as many columns as the full Splitwise compare, without its minutes of planning. */
  const wide = join(dir, 'report-nine.html');
  let results: DesignResult[];

  beforeAll(async () => {
    const scenario = scenarioFromText(readFileSync(SPLITWISE, 'utf8').replace('totalRps: [60]', 'totalRps: [15]').replace('totalRps: [28]', 'totalRps: [7]'), SPLITWISE);
    const designs = (await fromDesignsFile(BUILT_IN_DESIGNS)).filter((d) => DESIGNS.includes(d.name));
    expect(designs.map((d) => d.name)).toEqual(DESIGNS);
    results = await compareDesigns(scenario, designs, { repairRounds: 0 });
    writeFileSync(file, await toCompareReportHtml(scenario.name, 'iso-throughput', results, scenario.horizon.windowHours * scenario.horizon.windows.length));
    const copies = results.slice(0, 4).map((r) => ({ ...r, design: { ...r.design, name: `${r.design.name}-2` } }));
    writeFileSync(wide, await toCompareReportHtml(scenario.name, 'iso-throughput', [...results, ...copies], scenario.horizon.windowHours * scenario.horizon.windows.length));
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws a bar per (figure, design) and logs no error', async () => {
    const { browser, page, errors } = await openInChromium(file);
    try {
      // Runs in the page: the DOM is reached through globalThis (this project's lib has no DOM types).
      const bars = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getBBox(): { width: number; height: number } }> } }).document;
        const marks = Array.from(doc.querySelectorAll('#chart-compare .compare_marks path, #chart-compare .compare_marks rect'));
        return marks.filter((m) => {
          const box = m.getBBox();
          return box.width > 0 && box.height >= 0;
        }).length;
      });
      // Six figures per design with a plan.
      expect(results.filter((r) => r.plan).length).toBe(DESIGNS.length);
      expect(bars).toBe(6 * results.filter((r) => r.plan).length);
      expect(errors).toEqual([]);
      // Totals name their period (the scenario's one-hour horizon); per-token and peak figures need none.
      const html = readFileSync(file, 'utf8');
      for (const label of ['total cost (USD over 1 h)', 'fleet cost (USD over 1 h)', 'energy (kWh over 1 h)', 'carbon (kg CO2e over 1 h)', 'peak power (kW)']) expect(html).toContain(`>${label}<`);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it.each([
    [5, 1280],
    [5, 1920],
    [9, 1280],
    [9, 1920],
  ] as const)('%i designs at %i px: no element overflows, no axis label over 12 characters, no GPU name broken', async (designs, width) => {
    const { browser, page } = await openInChromium(designs === 5 ? file : wide);
    try {
      await expectReadableAt(page, width, `compare-${designs}`, 10);
      // 'GPUs by type': every GPU name on one line (the cell once broke 'H100-' / '80GB').
      const names = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null; getClientRects(): ArrayLike<unknown> }> } }).document;
        return Array.from(doc.querySelectorAll('#designs td .nowrap')).map((e) => ({ text: e.textContent ?? '', lines: e.getClientRects().length }));
      });
      expect(names.filter((e) => /^\S+-\S+$/.test(e.text)).length).toBeGreaterThanOrEqual(designs);
      expect(names.filter((e) => e.lines !== 1)).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
