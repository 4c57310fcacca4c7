/**
 * The planner's predicted peak power against the replay's sub-second power (`plan --validate`): the
 * plan's predicted peak (mean × the peak-to-mean factor) over the 99th percentile of the replay's 100-ms
 * means of IT power — POLCA's concern is prefill spikes a 1-s mean smooths away. Per window, and at the
 * horizon's peak: the plan's highest predicted peak (the number it sizes the power budget by) over the
 * highest per-window p99.
 */
import type { WindowResult } from './types.js';

export interface PeakComparison {
  /** The window, or undefined for the horizon's peak. */
  readonly window?: number;
  readonly predictedPeakKW: number;
  /** 99th percentile of the replay's 100-ms means, kW. */
  readonly replayP99FineKW: number;
  /** Highest 100-ms mean, kW. */
  readonly replayPeakFineKW: number;
  /** predicted / replayed p99 − 1. */
  readonly error: number;
}

type PlannedWindow = { readonly window: number; readonly predictedPeakKW: number };

export function comparePeaks(planned: readonly PlannedWindow[], replayed: readonly WindowResult[]): PeakComparison[] {
  const byWindow = new Map(planned.map((w) => [w.window, w.predictedPeakKW]));
  return replayed.flatMap((w) => {
    const predicted = byWindow.get(w.window);
    if (predicted === undefined || !(w.p99FineKW > 0)) return [];
    return [{ window: w.window, predictedPeakKW: predicted, replayP99FineKW: w.p99FineKW, replayPeakFineKW: w.peakFineKW, error: predicted / w.p99FineKW - 1 }];
  });
}

/** The horizon's peak: the highest predicted peak over the highest per-window p99 of 100-ms means; undefined without replayed power. */
export function compareHorizonPeak(planned: readonly PlannedWindow[], replayed: readonly WindowResult[]): PeakComparison | undefined {
  const windows = comparePeaks(planned, replayed);
  if (windows.length === 0) return undefined;
  const predictedPeakKW = Math.max(...planned.map((w) => w.predictedPeakKW));
  const replayP99FineKW = Math.max(...windows.map((w) => w.replayP99FineKW));
  const replayPeakFineKW = Math.max(...windows.map((w) => w.replayPeakFineKW));
  return { predictedPeakKW, replayP99FineKW, replayPeakFineKW, error: predictedPeakKW / replayP99FineKW - 1 };
}
