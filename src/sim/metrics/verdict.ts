/**
 * The replay's verdict on a plan: it passes when no (window, class) cell misses its SLO percentiles
 * (TTFT and mean TBT) significantly — a one-sided binomial test per cell (significance.ts), as MLPerf's
 * early stopping judges latency limits. Point-estimate misses that are not significant are listed
 * beside the failures; cells too small for the test to fail at all are low-sample. ITL and E2E
 * targets are judged the same way, and a metric of scope service or all in its pooled cell
 * (WindowResult.scopes), which fails under the name of its scope ('service:NAME', 'all').
 */
import type { SloMetric } from '../../scenario/index.js';
import type { ClassWindowResult, MetricJudgement, ReplayVerdict, ScopeWindowResult, SloFailure, WindowResult } from '../types.js';
import { isJudgedCell, VERDICT_ALPHA } from './significance.js';

function failure(w: WindowResult, c: ClassWindowResult, significant: boolean): SloFailure {
  const metrics: SloMetric[] = [];
  const missed = (attainment: number, percentile: number, p: number) => (significant ? p < VERDICT_ALPHA : attainment < percentile / 100 - 1e-12);
  // A metric of a pooled scope has p-value 1 here: it is judged in its pooled cell.
  if (c.ttftMissPValue < 1 && missed(c.ttftAttainment, c.ttftPercentile, c.ttftMissPValue)) metrics.push('ttft');
  if (c.tbtMissPValue < 1 && missed(c.tbtAttainment, c.tbtPercentile, c.tbtMissPValue)) metrics.push('tbt');
  const extras = [c.itl, c.e2e].filter((j): j is MetricJudgement => j !== undefined);
  for (const j of extras) if (missed(j.attainment, j.percentile, j.missPValue)) metrics.push(j.metric);
  const pValues = (m: SloMetric) => (m === 'ttft' ? c.ttftMissPValue : m === 'tbt' ? c.tbtMissPValue : (extras.find((j) => j.metric === m)?.missPValue ?? 1));
  return {
    window: w.window,
    windowStart: w.windowStart,
    classId: c.classId,
    requests: c.requests,
    metrics,
    missPValue: Math.min(...metrics.map(pValues), 1),
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
    ...(c.itl ? { itl: c.itl } : {}),
    ...(c.e2e ? { e2e: c.e2e } : {}),
  };
}

/** A pooled cell's miss, under its scope's name; TTFT/TBT fields from its judgements where it has them. */
function scopeFailure(w: WindowResult, s: ScopeWindowResult, significant: boolean): SloFailure {
  const missed = s.judgements.filter((j) => (significant ? j.missPValue < VERDICT_ALPHA : j.samples > 0 && j.attainment < j.percentile / 100 - 1e-12));
  const of = (m: SloMetric) => s.judgements.find((j) => j.metric === m);
  const ttft = of('ttft');
  const tbt = of('tbt');
  return {
    window: w.window,
    windowStart: w.windowStart,
    classId: s.scope,
    classIds: s.classIds,
    requests: s.requests,
    metrics: missed.map((j) => j.metric),
    missPValue: Math.min(...missed.map((j) => j.missPValue), 1),
    ttftAtSloMs: ttft?.atSloMs ?? NaN,
    // Over the largest of the pooled targets: the shortfall the repair loop steps by.
    ttftOverTargetAtSlo: ttft ? ttft.atSloMs / ttft.targetMs : NaN,
    ttftTargetMs: ttft?.targetMs ?? NaN,
    ttftPercentile: ttft?.percentile ?? NaN,
    ttftAttainment: ttft?.attainment ?? NaN,
    tbtAtSloMs: tbt?.atSloMs ?? NaN,
    tbtOverTargetAtSlo: tbt ? tbt.atSloMs / tbt.targetMs : NaN,
    tbtTargetMs: tbt?.targetMs ?? NaN,
    tbtPercentile: tbt?.percentile ?? NaN,
    tbtAttainment: tbt?.attainment ?? NaN,
    ...(of('itl') ? { itl: of('itl') } : {}),
    ...(of('e2e') ? { e2e: of('e2e') } : {}),
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
    for (const s of w.scopes ?? []) {
      cells++;
      if (!s.lowSample) judgedCells++;
      if (!s.meetsSlo) failures.push(scopeFailure(w, s, true));
      else if (s.pointMiss) (s.lowSample ? lowSampleMisses : pointMisses).push(scopeFailure(w, s, false));
    }
  }
  return { pass: failures.length === 0, coveredWindows: windows.length, failures, lowSampleMisses, pointMisses, cells, judgedCells, alpha: VERDICT_ALPHA };
}
