/**
 * The replay's verdict on a plan: it passes when no (window, class) cell misses its SLO percentiles
 * (TTFT and mean TBT) significantly — a one-sided binomial test per cell (significance.ts), as MLPerf's
 * early stopping judges latency limits. Point-estimate misses that are not significant are listed
 * beside the failures; cells too small for the test to fail at all are low-sample.
 */
import type { ClassWindowResult, ReplayVerdict, SloFailure, WindowResult } from '../types.js';
import { isJudgedCell, VERDICT_ALPHA } from './significance.js';

function failure(w: WindowResult, c: ClassWindowResult, significant: boolean): SloFailure {
  const metrics: ('ttft' | 'tbt')[] = [];
  const missed = (attainment: number, percentile: number, p: number) => (significant ? p < VERDICT_ALPHA : attainment < percentile / 100 - 1e-12);
  if (missed(c.ttftAttainment, c.ttftPercentile, c.ttftMissPValue)) metrics.push('ttft');
  if (missed(c.tbtAttainment, c.tbtPercentile, c.tbtMissPValue)) metrics.push('tbt');
  return {
    window: w.window,
    windowStart: w.windowStart,
    classId: c.classId,
    requests: c.requests,
    metrics,
    missPValue: Math.min(...metrics.map((m) => (m === 'ttft' ? c.ttftMissPValue : c.tbtMissPValue)), 1),
    ttftAtSloMs: c.ttftAtSloMs,
    ttftOverTargetAtSlo: c.ttftOverTargetAtSlo,
    ttftTargetMs: c.ttftTargetMs,
    ttftPercentile: c.ttftPercentile,
    ttftAttainment: c.ttftAttainment,
    tbtAtSloMs: c.tbtAtSloMs,
    tbtOverTargetAtSlo: c.tbtOverTargetAtSlo,
    tbtTargetMs: c.tbtTargetMs,
    tbtPercentile: c.tbtPercentile,
    tbtAttainment: c.tbtAttainment,
  };
}

export function replayVerdict(windows: readonly WindowResult[]): ReplayVerdict {
  const failures: SloFailure[] = [];
  const lowSampleMisses: SloFailure[] = [];
  const pointMisses: SloFailure[] = [];
  let cells = 0;
  let judgedCells = 0;
  for (const w of windows) {
    for (const c of w.classes) {
      cells++;
      if (isJudgedCell(c)) judgedCells++;
      if (!c.meetsSlo) failures.push(failure(w, c, true));
      else if (c.pointMiss) (c.lowSample ? lowSampleMisses : pointMisses).push(failure(w, c, false));
    }
  }
  return { pass: failures.length === 0, coveredWindows: windows.length, failures, lowSampleMisses, pointMisses, cells, judgedCells, alpha: VERDICT_ALPHA };
}
