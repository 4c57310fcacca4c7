/**
 * The replay's verdict on a plan: it passes when every class meets its SLO percentiles (TTFT and mean
 * TBT) in every covered window. Cells with too few requests for the percentile to tolerate one miss
 * (fewer than 100 at p99) are listed apart and do not fail the plan: one slow request among three is
 * not evidence about a p99.
 */
import type { ClassWindowResult, ReplayVerdict, SloFailure, WindowResult } from '../types.js';

function failure(w: WindowResult, c: ClassWindowResult): SloFailure {
  const metrics: ('ttft' | 'tbt')[] = [];
  if (c.ttftAttainment < c.ttftPercentile / 100 - 1e-12) metrics.push('ttft');
  if (c.tbtAttainment < c.tbtPercentile / 100 - 1e-12) metrics.push('tbt');
  return {
    window: w.window,
    windowStart: w.windowStart,
    classId: c.classId,
    requests: c.requests,
    metrics,
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
  for (const w of windows) {
    for (const c of w.classes) {
      if (c.meetsSlo) continue;
      (c.lowSample ? lowSampleMisses : failures).push(failure(w, c));
    }
  }
  return { pass: failures.length === 0, coveredWindows: windows.length, failures, lowSampleMisses };
}
