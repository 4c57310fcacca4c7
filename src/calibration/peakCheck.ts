/**
 * The planner's predicted peak power against the replay's sub-second power: per window, the plan's
 * predicted peak (mean × the peak-to-mean factor) over the 99th percentile of the replay's 100-ms means
 * of IT power — POLCA's concern is prefill spikes a 1-s mean smooths away.
 */
import type { WindowResult } from '../sim/index.js';

export interface PeakComparison {
  readonly window: number;
  readonly predictedPeakKW: number;
  /** 99th percentile of the replay's 100-ms means, kW. */
  readonly replayP99FineKW: number;
  /** Highest 100-ms mean, kW. */
  readonly replayPeakFineKW: number;
  /** predicted / replayed p99 − 1. */
  readonly error: number;
}

export function comparePeaks(planned: readonly { readonly window: number; readonly predictedPeakKW: number }[], replayed: readonly WindowResult[]): PeakComparison[] {
  const byWindow = new Map(planned.map((w) => [w.window, w.predictedPeakKW]));
  return replayed.flatMap((w) => {
    const predicted = byWindow.get(w.window);
    if (predicted === undefined || !(w.p99FineKW > 0)) return [];
    return [{ window: w.window, predictedPeakKW: predicted, replayP99FineKW: w.p99FineKW, replayPeakFineKW: w.peakFineKW, error: predicted / w.p99FineKW - 1 }];
  });
}
