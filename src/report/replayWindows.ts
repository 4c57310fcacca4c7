/**
 * What the report shows of a replay: per window its totals, per (window, class) attainment and latency
 * percentiles. Read from the simulator's windows.csv (fromWindowsCsv) or taken from a ReplayReport in
 * memory (replayWindowsOf), so the report works whichever way the replay reaches it.
 */
import type { Plan } from '../plan/index.js';
import { meetsSloLabel, type ReplayReport } from '../sim/index.js';

export interface ReplayWindowTotals {
  readonly window: number;
  readonly windowStart: string;
  readonly requests: number;
  readonly sloAttainment: number;
  readonly energyKWh: number;
  readonly plannedEnergyKWh: number;
  readonly meanKW: number;
  readonly peakKW: number;
  readonly cappedS: number;
}

export interface ReplayClassWindow {
  readonly window: number;
  readonly windowStart: string;
  readonly classId: string;
  readonly requests: number;
  readonly completed: number;
  readonly sloAttainment: number;
  /** 'yes' | 'no' (a significant miss) | 'point-miss' (below the percentile, not significantly) | 'low-sample' (a miss in a cell too small to judge). */
  readonly meetsSlo: string;
  readonly ttftTargetMs: number;
  /** The SLO percentiles of the targets: with requests, whether the cell is judged (isJudgedCell). */
  readonly ttftPercentile: number;
  readonly tbtPercentile: number;
  readonly ttftP50Ms: number;
  readonly ttftP99Ms: number;
  readonly tbtTargetMs: number;
  readonly tbtP50Ms: number;
  readonly tbtP99Ms: number;
  /** Latency at the class's SLO percentile over its target (> 1: slower than the target). */
  readonly ttftOverTargetAtSlo: number;
  readonly tbtOverTargetAtSlo: number;
}

export interface ReplayWindows {
  readonly totals: readonly ReplayWindowTotals[];
  readonly classes: readonly ReplayClassWindow[];
}

export function replayWindowsOf(report: Pick<ReplayReport, 'windows'>): ReplayWindows {
  return {
    totals: report.windows.map((w) => ({
      window: w.window,
      windowStart: w.windowStart,
      requests: w.requests,
      sloAttainment: w.sloAttainment,
      energyKWh: w.energyKWh,
      plannedEnergyKWh: w.plannedEnergyKWh,
      meanKW: w.meanKW,
      peakKW: w.peakKW,
      cappedS: w.cappedS,
    })),
    classes: report.windows.flatMap((w) =>
      w.classes.map((c) => ({
        window: w.window,
        windowStart: w.windowStart,
        classId: c.classId,
        requests: c.requests,
        completed: c.completed,
        sloAttainment: c.sloAttainment,
        meetsSlo: meetsSloLabel(c),
        ttftTargetMs: c.ttftTargetMs,
        ttftPercentile: c.ttftPercentile,
        tbtPercentile: c.tbtPercentile,
        ttftP50Ms: c.ttftP50Ms,
        ttftP99Ms: c.ttftP99Ms,
        tbtTargetMs: c.tbtTargetMs,
        tbtP50Ms: c.tbtP50Ms,
        tbtP99Ms: c.tbtP99Ms,
        ttftOverTargetAtSlo: c.ttftOverTargetAtSlo,
        tbtOverTargetAtSlo: c.tbtOverTargetAtSlo,
      })),
    ),
  };
}

/** Relative tolerance when matching planned energy: windows.csv rounds to 6 decimals. */
const ENERGY_MATCH_REL = 1e-4;

/**
 * Whether a replay was made from this plan: a windows.csv left in the output directory by an earlier
 * plan must not be shown as this plan's replay. The replay records each window's planned energy; a
 * different plan almost surely differs in some window. Returns why not, or undefined when it matches.
 */
export function replayMismatch(replay: ReplayWindows, plan: Pick<Plan, 'windows' | 'rows'>): string | undefined {
  const windows = new Map(plan.windows.map((w) => [w.window, w]));
  // A replay of plan.arrow knows only the rows' energy; one of the plan in memory (plan --validate) uses
  // the window summary, which adds the start-up energy no row holds. Either matches.
  const rowEnergyKWh = new Map<number, number>();
  for (const r of plan.rows) rowEnergyKWh.set(r.window, (rowEnergyKWh.get(r.window) ?? 0) + r.energyKWh);
  const near = (a: number, b: number) => Math.abs(a - b) <= ENERGY_MATCH_REL * Math.max(1, Math.abs(a));
  for (const r of replay.totals) {
    const w = windows.get(r.window);
    if (w === undefined) return `the replay has window ${r.window}, which the plan does not`;
    if (w.windowStart !== r.windowStart) return `window ${r.window} starts at ${r.windowStart} in the replay but ${w.windowStart} in the plan`;
    const rows = rowEnergyKWh.get(r.window) ?? 0;
    if (!near(rows, r.plannedEnergyKWh) && !near(w.energyKWh, r.plannedEnergyKWh)) {
      return `window ${r.window}: the replay's planned energy ${r.plannedEnergyKWh.toFixed(3)} kWh differs from this plan's ${rows.toFixed(3)} kWh`;
    }
  }
  if (replay.totals.length === 0) return 'the replay has no windows';
  return undefined;
}
