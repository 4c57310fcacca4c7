/**
 * The CLI's verdict and the report count the same judged (window, class) cells: both use isJudgedCell,
 * the report on windows.csv as written (day.yaml --validate once printed 421 in the CLI and 426 in the
 * report, which counted low-sample cells that met their targets as judged).
 */
import { describe, expect, it } from 'vitest';
import { fromWindowsCsv } from '../../src/report/fromWindowsCsv.js';
import { sloFigure } from '../../src/report/html/headlineSection.js';
import { replaySection } from '../../src/report/html/replaySection.js';
import { replayWindowsOf } from '../../src/report/replayWindows.js';
import { toWindowsCsv } from '../../src/report/toWindowsCsv.js';
import { isJudgedCell, minJudgeableRequests } from '../../src/sim/index.js';
import { replayVerdict } from '../../src/sim/metrics/verdict.js';
import { ledgerWindows } from '../helpers/ledgerWindows.js';

function noteText(section: ReturnType<typeof replaySection>): string {
  const note = section.blocks.find((b) => b.kind === 'note');
  return note && 'text' in note ? note.text : '';
}

describe('judged cells', () => {
  // At p90 a cell needs 4 requests before any count of misses can be significant (at p99, 2): the
  // stricter of the two percentiles decides.
  const threshold = minJudgeableRequests(90);

  it('a cell is judged from the requests on, for its stricter percentile, and never with unknown percentiles', () => {
    expect(threshold).toBe(4);
    expect(isJudgedCell({ requests: threshold - 1, ttftPercentile: 90, tbtPercentile: 99 })).toBe(false);
    expect(isJudgedCell({ requests: threshold, ttftPercentile: 90, tbtPercentile: 99 })).toBe(true);
    expect(isJudgedCell({ requests: 2, ttftPercentile: 99, tbtPercentile: 99 })).toBe(true);
    expect(isJudgedCell({ requests: 1000, ttftPercentile: Number.NaN, tbtPercentile: 99 })).toBe(false);
    expect(isJudgedCell({ requests: Number.NaN, ttftPercentile: 99, tbtPercentile: 99 })).toBe(false);
  });

  it('the verdict and the report, in memory and from windows.csv, count the same cells', () => {
    // A significant miss, a point miss, low-sample cells that meet (3 of 3 fast; none) and one that misses.
    const windows = ledgerWindows([{ n: 10_000, slow: 1_300 }, { n: 1_000, slow: 110 }, { n: 3, slow: 0 }, { n: 0, slow: 0 }, { n: 2, slow: 2 }, { n: 50, slow: 0 }], { ttft: 90, tbt: 99 });
    const verdict = replayVerdict(windows);
    expect(verdict.cells).toBe(5); // the window without requests has no class cell
    expect(verdict.judgedCells).toBe(3);
    expect(verdict.failures).toHaveLength(1);
    expect(verdict.pointMisses).toHaveLength(1);

    const fromCsv = fromWindowsCsv(toWindowsCsv({ windows }));
    if (!fromCsv.ok) throw new Error(fromCsv.reason);
    // The cell of 3 requests meets its targets: windows.csv labels it 'yes', yet it is not judged.
    expect(fromCsv.replay.classes[2]?.meetsSlo).toBe('yes');
    for (const replay of [replayWindowsOf({ windows }), fromCsv.replay]) {
      expect(replay.classes.filter(isJudgedCell)).toHaveLength(verdict.judgedCells);
      expect(noteText(replaySection(replay, 1))).toMatch(new RegExp(`^1 of ${verdict.judgedCells} \\(window, class\\) cells miss their SLO percentile`));
      expect(noteText(replaySection(replay, 1))).toContain(`1 cells (${(100 / verdict.judgedCells).toFixed(2)} %) miss as point estimates`);
      expect(sloFigure(replay).note).toContain(`1 of ${verdict.judgedCells} (window, class) cells miss significantly`);
    }
  });
});
