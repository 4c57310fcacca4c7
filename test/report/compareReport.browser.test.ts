/** compare's report.html in headless Chromium: the designs chart draws one bar per (figure, design). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDesigns, fromDesignsFile, BUILT_IN_DESIGNS } from '../../src/compare/index.js';
import { toCompareReportHtml } from '../../src/report/html/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { CHROMIUM_TESTS, openInChromium } from '../helpers/chromiumPage.js';

const SPLITWISE = new URL('../../scenarios/splitwise.yaml', import.meta.url).pathname;

describe.runIf(CHROMIUM_TESTS)('compare report.html in Chromium', () => {
  it('draws a bar per (figure, design) and logs no error', async () => {
    const scenario = scenarioFromText(readFileSync(SPLITWISE, 'utf8').replace('totalRps: [60]', 'totalRps: [15]').replace('totalRps: [28]', 'totalRps: [7]'), SPLITWISE);
    const designs = (await fromDesignsFile(BUILT_IN_DESIGNS)).filter((d) => ['Baseline-H100', 'Splitwise-HH', 'Splitwise-HA'].includes(d.name));
    const results = await compareDesigns(scenario, designs);
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-compare-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, await toCompareReportHtml(scenario.name, 'iso-throughput', results));
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
      expect(bars).toBe(6 * results.filter((r) => r.plan).length);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
