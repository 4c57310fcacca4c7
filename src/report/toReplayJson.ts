/**
 * replay.json: the replay's verdict on the plan (pass, or the failing windows and classes with their
 * figures), predicted vs replayed energy per window and in total, power and capping, request counts and
 * the settings used. Per-class figures per window are in windows.csv.
 */
import type { LatencyQuantiles, ReplayReport } from '../sim/index.js';
import { LLMCAP_VERSION } from './version.js';

export interface ReplayJsonContext {
  readonly plan: string;
  readonly scenarioFile: string;
  readonly outputs: readonly string[];
}

function roundLatency(l: LatencyQuantiles): Record<string, Record<string, number>> {
  return Object.fromEntries(Object.entries(l).map(([metric, q]) => [metric, Object.fromEntries(Object.entries(q).map(([k, v]) => [k, round(v, 3)]))]));
}

const round = (v: number, digits = 6) => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);

export function replaySummary(report: ReplayReport, context: ReplayJsonContext) {
  return {
    llmcap: LLMCAP_VERSION,
    scenario: { name: report.scenario, file: context.scenarioFile },
    plan: context.plan,
    trace: report.trace,
    ...(report.tracePlacement ? { tracePlacement: report.tracePlacement } : {}),
    seed: report.seed,
    settings: report.settings,
    verdict: report.verdict,
    requests: report.requests,
    energy: {
      plannedKWh: round(report.energy.plannedKWh),
      replayedKWh: round(report.energy.replayedKWh),
      differencePct: round(report.energy.differencePct, 3),
      plannedStaticKWh: round(report.energy.plannedStaticKWh),
      replayedStaticKWh: round(report.energy.replayedStaticKWh),
      tailKWh: round(report.energy.tailKWh),
      notes: report.energy.notes,
      perWindow: report.windows.map((w) => ({
        window: w.window,
        windowStart: w.windowStart,
        plannedKWh: round(w.plannedEnergyKWh),
        replayedKWh: round(w.energyKWh),
        differencePct: round(w.plannedEnergyKWh > 0 ? ((w.energyKWh - w.plannedEnergyKWh) / w.plannedEnergyKWh) * 100 : NaN, 3),
      })),
    },
    power: report.power,
    // Over the whole replay, from the merged log histograms (quantiles within ±0.8 %, means exact); ITL counts tokens.
    latency: {
      all: roundLatency(report.latency.all),
      classes: report.latency.classes.map((c) => ({ classId: c.classId, ...roundLatency(c.latency) })),
      // Classes of every service merged by prompt length (an unbounded top is written as null).
      inputBins: report.latency.inputBins.map((b) => ({ bin: b.bin, inputRange: b.inputRange, ...roundLatency(b.latency) })),
    },
    windows: report.windows.map((w) => ({
      window: w.window,
      windowStart: w.windowStart,
      requests: w.requests,
      completed: w.completed,
      rejected: w.rejected,
      sloAttainment: round(w.sloAttainment),
      failingClasses: w.classes.filter((c) => !c.meetsSlo && !c.lowSample).map((c) => c.classId),
      meanKW: round(w.meanKW),
      peakKW: round(w.peakKW),
      peak100msKW: round(w.peakFineKW),
      p99100msKW: round(w.p99FineKW),
      cappedS: round(w.cappedS, 3),
      // Pooled cells of scope service or all (only for scenarios that have one), with each metric's counts.
      ...(w.scopes
        ? {
            scopes: w.scopes.map((s) => ({
              scope: s.scope,
              requests: s.requests,
              meetsSlo: s.meetsSlo,
              pointMiss: s.pointMiss,
              lowSample: s.lowSample,
              metrics: s.judgements.map((j) => ({ metric: j.metric, percentile: j.percentile, targetMs: round(j.targetMs, 3), samples: j.samples, met: j.met, attainment: round(j.attainment), missPValue: Number(j.missPValue.toPrecision(6)), atSloMs: round(j.atSloMs, 3) })),
            })),
          }
        : {}),
      // ITL and E2E judged per class (only where a class has such a target).
      ...(w.classes.some((c) => c.itl || c.e2e)
        ? { classMetrics: w.classes.flatMap((c) => [c.itl, c.e2e].flatMap((j) => (j ? [{ classId: c.classId, metric: j.metric, percentile: j.percentile, targetMs: round(j.targetMs, 3), samples: j.samples, met: j.met, attainment: round(j.attainment), missPValue: Number(j.missPValue.toPrecision(6)), atSloMs: round(j.atSloMs, 3) }] : []))) }
        : {}),
    })),
    events: report.events,
    outputs: context.outputs,
  };
}

export function toReplayJson(report: ReplayReport, context: ReplayJsonContext): string {
  return `${JSON.stringify(replaySummary(report, context), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
