/** The sweep's report.html in headless Chromium: its four charts draw a mark per variant or axis, no error. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSweepReportHtml } from '../../src/report/html/toSweepReportHtml.js';
import { CHROMIUM_TESTS, openInChromium } from '../helpers/chromiumPage.js';
import { handMadeSweep } from '../helpers/sweepRows.js';

describe.runIf(CHROMIUM_TESTS)('sweep report.html in Chromium', () => {
  it('draws the frontier, cost vs demand, the GPU-mix map and the sensitivity bars, and logs no error', async () => {
    const { definition, rows } = handMadeSweep();
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-sweep-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, await toSweepReportHtml(definition, rows));
    const { browser, page, errors } = await openInChromium(file);
    try {
      const count = (selector: string) =>
        page.evaluate((s) => {
          const doc = (globalThis as unknown as { document: { querySelectorAll(q: string): ArrayLike<{ getBBox(): { width: number; height: number } }> } }).document;
          return Array.from(doc.querySelectorAll(s)).filter((m) => {
            const box = m.getBBox();
            return box.width > 0 || box.height > 0;
          }).length;
        }, selector);
      // Four planned variants of five (one infeasible).
      expect(await count('#chart-sweep_frontier .sweep_frontier_marks path')).toBe(4);
      expect(await count('#chart-sweep_demand .sweep_demand_marks path')).toBe(4);
      // Every variant has a cell, the failed one too.
      expect(await count('#chart-sweep_gpu_mix .sweep_gpu_mix_marks path')).toBe(5);
      // Two axes with two planned values each.
      expect(await count('#chart-sweep_sensitivity .sweep_sensitivity_marks path')).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
