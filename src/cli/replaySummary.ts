/** What `simulate` and `plan --validate` print about a replay: the per-window table, the verdict, energy and power, or one JSON line. */
import { join } from 'node:path';
import Table from 'cli-table3';
import { windowLabel } from '../plan/index.js';
import { replaySummary } from '../report/toReplayJson.js';
import { compareHorizonPeak, comparePeaks, type LatencyQuantiles, type QuantileSummary, type ReplayReport, type SloFailure } from '../sim/index.js';
import { SIMULATE_JSON, type JsonObjectOf } from './jsonOutputs.js';

export interface ReplayPrintContext {
  /** As the summary names the command, e.g. 'simulate' or 'plan --validate'. */
  readonly command: string;
  readonly planPath: string;
  readonly scenarioFile: string;
  readonly outDir: string;
  /** The replay's wall time, s. */
  readonly seconds: number;
  /** Files written, as replay.json lists them. */
  readonly outputs: readonly string[];
}

export function printReplay(report: ReplayReport, ctx: ReplayPrintContext, json: boolean | undefined): void {
  if (json) {
    const summary = replaySummary(report, { plan: ctx.planPath, scenarioFile: ctx.scenarioFile, outputs: ctx.outputs });
    process.stdout.write(`${JSON.stringify({ ...({ ok: true, command: ctx.command, outDir: ctx.outDir, wallSeconds: ctx.seconds } satisfies JsonObjectOf<typeof SIMULATE_JSON>), ...summary }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${formatReplay(report, ctx)}\n`);
  }
}

const fmt = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const pct = (v: number, digits = 1) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${fmt(Math.abs(v), digits)} %` : '–');

function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true }, colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')) });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

function failing(w: ReplayReport['windows'][number]): string {
  const ids = w.classes.filter((c) => !c.meetsSlo && !c.lowSample).map((c) => c.classId);
  return ids.length === 0 ? '–' : ids.length <= 3 ? ids.join(' ') : `${ids.slice(0, 3).join(' ')} +${ids.length - 3}`;
}

/** Where the trace file landed on the horizon, so a replay of a real trace can be read against the scenario's windows. */
function placementLine(p: NonNullable<ReplayReport['tracePlacement']>): string {
  const how = p.align === 'calendar' ? 'on the scenario\'s calendar' : 'its first window boundary at the horizon\'s start';
  const extras = [
    p.offsetS !== 0 ? `shifted ${p.offsetS > 0 ? '+' : '−'}${fmt(Math.abs(p.offsetS))} s` : '',
    p.rateScale !== 1 ? `${fmt(p.rateScale, 2)}× as fast` : '',
    p.repeat !== 1 ? `tiled ${p.repeat}× every ${fmt(p.periodS)} s of trace time` : '',
    p.skippedBeforeStart > 0 ? `${fmt(p.skippedBeforeStart)} requests before the horizon's start skipped` : '',
  ].filter((x) => x !== '');
  const calendar = p.calendarFirstArrivalS !== undefined ? `\n  On the scenario's calendar the trace starts at ${fmt(p.calendarFirstArrivalS, 1)} s (window ${Math.floor(p.calendarFirstArrivalS / p.windowS)}): replay it there with --align calendar.` : '';
  return `Trace placed ${how} (--align ${p.align}): ${p.anchorIso} is horizon second 0; first request at ${fmt(p.firstArrivalS, 1)} s${extras.length > 0 ? `; ${extras.join('; ')}` : ''}${calendar}`;
}

/** The whole replay's latency quantiles, all requests and per class: the figures users compare with vLLM's and MLPerf's. */
function latencyTable(latency: ReplayReport['latency']): string[] {
  const q = (s: QuantileSummary) => (s.count > 0 ? [s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms].map((v) => fmt(v, v < 100 ? 1 : 0)).join(' / ') : '–');
  const row = (name: string, l: LatencyQuantiles) => [name, fmt(l.ttft.count), q(l.ttft), q(l.tpot), q(l.itl), q(l.e2e), q(l.queue)];
  return [
    'Latency over the whole replay, ms: p50 / p90 / p95 / p99 (TPOT: a request\'s mean time per output token; ITL: every gap between tokens)',
    table(['class', 'completed', 'TTFT', 'TPOT', 'ITL', 'E2E', 'queue'], [row('all', latency.all), ...latency.classes.map((c) => row(c.classId, c.latency))]),
    '',
    'Per input bin (prompt tokens; the classes of every service merged), ms: p50 / p90 / p95 / p99',
    table(['input tokens', 'completed', 'queue', 'TTFT', 'E2E'], latency.inputBins.map((b) => [b.bin, fmt(b.latency.ttft.count), q(b.latency.queue), q(b.latency.ttft), q(b.latency.e2e)])),
  ];
}

/** Windows one per line up to this many; longer horizons are shown per day. */
const WINDOW_LINES_MAX = 48;
const FAILURES_SHOWN = 12;

function formatReplay(report: ReplayReport, ctx: ReplayPrintContext): string {
  const lines: string[] = [];
  const r = report.requests;
  lines.push(`llmcap ${ctx.command}: ${report.scenario}  (plan ${ctx.planPath}, trace ${report.trace}, seed ${report.seed}, router ${report.settings.router})`);
  lines.push(`Replayed ${fmt(r.simulated)} requests in ${ctx.seconds.toFixed(1)} s (${fmt(r.simulated / Math.max(ctx.seconds, 1e-9))} req/s); ${fmt(r.rejected)} rejected, ${fmt(r.unclassified)} outside every class, ${fmt(r.beyondHorizon)} after the horizon, ${fmt(r.mispredicted)} with a mispredicted output class`);
  if (report.settings.overflow) lines.push(`Overflow on: ${fmt(r.promptOverflows)} prompts sent past a saturated prefill pool, ${fmt(r.decodeOverflows)} requests decoded where they were prefilled`);
  if (report.tracePlacement) lines.push(placementLine(report.tracePlacement));
  lines.push('');
  const attainment = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)} %` : '–');
  if (report.windows.length <= WINDOW_LINES_MAX) {
    lines.push('Per window (attainment: share of requests meeting both the TTFT and the TBT target)');
    lines.push(table(
      ['window', 'requests', 'attainment', 'failing classes', 'energy kWh', 'planned kWh', 'Δ', 'peak kW', 'capped s'],
      report.windows.map((w) => [windowLabel(w.windowStart, w.window), fmt(w.requests), attainment(w.sloAttainment), failing(w), fmt(w.energyKWh, 1), fmt(w.plannedEnergyKWh, 1), pct(((w.energyKWh - w.plannedEnergyKWh) / w.plannedEnergyKWh) * 100), fmt(w.peakKW, 1), fmt(w.cappedS)]),
    ));
  } else {
    const days = new Map<string, typeof report.windows[number][]>();
    for (const w of report.windows) days.set(w.windowStart.slice(0, 10), [...(days.get(w.windowStart.slice(0, 10)) ?? []), w]);
    lines.push('Per day (per-window attainment is in windows.csv; attainment: share of requests meeting both targets)');
    lines.push(table(
      ['day', 'requests', 'attainment min–max', 'windows failing', 'energy kWh', 'planned kWh', 'Δ', 'peak kW', 'capped s'],
      [...days].map(([day, ws]) => {
        const e = ws.reduce((s, w) => s + w.energyKWh, 0);
        const p = ws.reduce((s, w) => s + w.plannedEnergyKWh, 0);
        const att = ws.map((w) => w.sloAttainment).filter(Number.isFinite);
        return [day, fmt(ws.reduce((s, w) => s + w.requests, 0)), `${attainment(Math.min(...att))}–${attainment(Math.max(...att))}`, `${ws.filter((w) => w.classes.some((c) => !c.meetsSlo && !c.lowSample)).length}/${ws.length}`, fmt(e), fmt(p), pct(((e - p) / p) * 100), fmt(Math.max(...ws.map((w) => w.peakKW)), 1), fmt(ws.reduce((s, w) => s + w.cappedS, 0))];
      }),
    ));
    lines.push('');
    lines.push('Attainment per window, % (* = a class misses its SLO), one line per day:');
    for (const [day, ws] of days) {
      lines.push(`  ${day}  ${ws.map((w) => `${Number.isFinite(w.sloAttainment) ? (w.sloAttainment * 100).toFixed(1) : '–'}${w.classes.some((c) => !c.meetsSlo && !c.lowSample) ? '*' : ' '}`).join(' ')}`);
    }
  }
  lines.push('');
  lines.push(...latencyTable(report.latency));
  lines.push('');
  const v = report.verdict;
  if (v.pass) {
    lines.push(`Verdict: PASS — no class misses its SLO percentiles significantly in the ${v.coveredWindows} replayed windows (one-sided binomial test per cell, α = ${v.alpha})${v.lowSampleMisses.length > 0 ? `; ${v.lowSampleMisses.length} misses in cells too small to judge a percentile` : ''}`);
  } else {
    const windowsFailing = new Set(v.failures.map((f) => f.window)).size;
    lines.push(`Verdict: FAIL — ${v.failures.length} (window, class) cells miss their SLO significantly (one-sided binomial test per cell, α = ${v.alpha}), in ${windowsFailing} of ${v.coveredWindows} windows${v.failures.length > FAILURES_SHOWN ? `; the ${FAILURES_SHOWN} worst:` : ':'}`);
    const worst = [...v.failures].sort((a, b) => Math.max(b.ttftOverTargetAtSlo, b.tbtOverTargetAtSlo) - Math.max(a.ttftOverTargetAtSlo, a.tbtOverTargetAtSlo)).slice(0, FAILURES_SHOWN);
    // ITL and E2E columns only when a failure has them (a pooled cell, 'service:NAME' or 'all', is named by its scope).
    const extra = worst.some((f) => f.itl || f.e2e);
    const judged = (j: SloFailure['itl']) => (j ? `${fmt(j.atSloMs)} / ${fmt(j.targetMs)} ms, ${attainment(j.attainment)}` : '–');
    lines.push(table(
      ['window', 'class', 'requests', 'missed', 'p-value', 'TTFT at p / target', 'TBT at p / target', 'attainment TTFT / TBT', ...(extra ? ['ITL at p / target, attainment', 'E2E at p / target, attainment'] : [])],
      worst.map((f) => [windowLabel(f.windowStart, f.window), f.classId, fmt(f.requests), f.metrics.join('+'), f.missPValue.toExponential(1), `${fmt(f.ttftAtSloMs)} / ${fmt(f.ttftTargetMs)} ms (×${fmt(f.ttftOverTargetAtSlo, 2)})`, `${fmt(f.tbtAtSloMs)} / ${fmt(f.tbtTargetMs)} ms (×${fmt(f.tbtOverTargetAtSlo, 2)})`, `${attainment(f.ttftAttainment)} / ${attainment(f.tbtAttainment)}`, ...(extra ? [judged(f.itl), judged(f.e2e)] : [])]),
    ));
  }
  lines.push(`Point estimates: ${fmt(v.failures.length + v.pointMisses.length)} of ${fmt(v.judgedCells)} judged cells (${pct(v.judgedCells > 0 ? ((v.failures.length + v.pointMisses.length) / v.judgedCells) * 100 : 0, 2).replace('+', '')}) have an attainment below their percentile; ${fmt(v.pointMisses.length)} of them not significantly`);
  const e = report.energy;
  if (e.plannedKWh > 0) lines.push(`Energy: replayed ${fmt(e.replayedKWh)} kWh vs planned ${fmt(e.plannedKWh)} kWh (${pct(e.differencePct)}); static (hosts, idle GPUs) ${fmt(e.replayedStaticKWh)} vs ${fmt(e.plannedStaticKWh)} kWh; ${fmt(e.tailKWh, 1)} kWh after the last window while the last requests finished`);
  // A deployment written by hand carries no planned figures: nothing to compare with.
  else lines.push(`Energy: replayed ${fmt(e.replayedKWh)} kWh, of which static (hosts, idle GPUs) ${fmt(e.replayedStaticKWh)} kWh; ${fmt(e.tailKWh, 1)} kWh after the last window while the last requests finished (no planned energy to compare: price a deployment with \`llmcap plan --deployment\`)`);
  for (const note of e.notes) lines.push(`  - ${note}`);
  const p = report.power;
  lines.push(`Power: replayed peak ${fmt(p.peakKW, 1)} kW (1-s means), ${fmt(p.peak100msKW, 1)} kW (100-ms means)${Number.isFinite(p.provisionedKW) ? ` of ${fmt(p.provisionedKW, 1)} kW provisioned` : ''}; capping engaged ${fmt(p.cappedS)} s (${p.capLevelChanges} level changes)`);
  const rows = r.sampling.mode === 'all' ? `all ${fmt(r.written)} requests` : r.sampling.mode === 'every' ? `1 in ${r.sampling.n} requests: ${fmt(r.written)} rows` : '';
  lines.push(`Wrote ${join(ctx.outDir, ctx.outputs[0] ?? '')}${ctx.outputs.slice(1).map((o) => `, ${o}`).join('')}${rows ? ` (requests.arrow: ${rows})` : ''}`);
  return lines.join('\n');
}

/** `plan --validate`: the planner's predicted peak power per window against the replay's 99th percentile of 100-ms means. */
export function formatPeakCheck(planned: readonly { readonly window: number; readonly predictedPeakKW: number }[], report: ReplayReport): string | undefined {
  const peaks = comparePeaks(planned, report.windows);
  if (peaks.length === 0) return undefined;
  const errors = peaks.map((x) => x.error * 100);
  const horizon = compareHorizonPeak(planned, report.windows);
  const atPeak = horizon ? `; at the horizon's peak ${fmt(horizon.predictedPeakKW, 1)} vs ${fmt(horizon.replayP99FineKW, 1)} kW (${pct(horizon.error * 100)})` : '';
  return `Predicted peak power vs the replay's 99th percentile of 100-ms means: ${pct(Math.min(...errors))} to ${pct(Math.max(...errors))} per window${atPeak}`;
}
