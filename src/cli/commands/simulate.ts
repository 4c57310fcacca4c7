/**
 * `llmcap simulate` (and `llmcap plan --validate`): read the scenario, the plan and a trace (a file or a
 * synthetic one from the scenario) → replay (pure core, src/sim/) → write requests.arrow, windows.csv
 * and replay.json atomically → print the verdict.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Table from 'cli-table3';
import { InputError } from '../../core/errors.js';
import { windowLabel, type Plan } from '../../plan/index.js';
import { fromPlanArrow } from '../../report/fromPlanArrow.js';
import { toReplayJson, replaySummary } from '../../report/toReplayJson.js';
import { toRequestsArrow, type RequestsArrowFile } from '../../report/toRequestsArrow.js';
import { toWindowsCsv } from '../../report/toWindowsCsv.js';
import { writeFilesAtomically } from '../../report/writeAtomic.js';
import { fromScenarioFile, type Scenario } from '../../scenario/index.js';
import { replay, type ReplayPlan, type ReplayReport, type RequestSampling } from '../../sim/index.js';
import { fromTraceFile, synthesizeTrace, type TraceSource } from '../../workload/index.js';
import { createProgress } from '../progress.js';
import { stepsFor } from '../loadSteps.js';
import { EXIT, type ExitCode } from '../exitCodes.js';

export type RequestsOption = 'all' | 'sample' | 'none';

/** requests.arrow keeps every request up to this many; beyond, a deterministic 1-in-N sample of about this size. */
export const REQUESTS_ALL_UP_TO = 1_000_000;
/** `--requests sample` keeps at most one request in this many. */
export const SAMPLE_AT_LEAST_ONE_IN = 10;

export interface ReplayCliOptions {
  /** Step times and power as the planner takes them: profile tables (built-in, plus imports), or the analytic model. */
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
  readonly trace?: string;
  readonly synthetic?: boolean;
  readonly seed?: number;
  readonly requests?: RequestsOption;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export interface SimulateCommandOptions extends ReplayCliOptions {
  readonly plan: string;
  readonly scenario: string;
  readonly out?: string;
}

export interface SimulateCommandResult {
  readonly report: ReplayReport;
  readonly outDir: string;
  readonly exitCode: ExitCode;
}

export async function runSimulate(options: SimulateCommandOptions): Promise<SimulateCommandResult> {
  if (options.trace !== undefined && options.synthetic) {
    throw new InputError({ field: '--trace', message: '--trace and --synthetic both given', fix: 'replay either a trace file (--trace FILE) or a synthetic trace of the scenario (--synthetic)' });
  }
  const scenario = await fromScenarioFile(options.scenario);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.plan);
  } catch (err) {
    throw new InputError({ file: options.plan, message: `cannot read the plan (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'pass the plan.arrow written by llmcap plan, e.g. out/week/plan.arrow' });
  }
  const plan = fromPlanArrow(bytes, options.plan);
  const outDir = options.out ?? dirname(options.plan);
  const report = await replayToFiles(scenario, plan, options.plan, outDir, options, 'simulate');
  return { report, outDir, exitCode: EXIT.ok };
}

/** `plan --validate`: replay the plan just written (synthetic trace of the scenario, or --trace). */
export async function validatePlan(scenario: Scenario, plan: Plan, outDir: string, options: ReplayCliOptions): Promise<ReplayReport> {
  // The plan's window summaries include the start-up energy its rows leave out.
  const windowEnergyKWh = new Array<number>(scenario.horizon.windows.length).fill(NaN);
  for (const w of plan.windows) windowEnergyKWh[w.window] = w.energyKWh;
  const replayPlan: ReplayPlan = { classIds: plan.classIds, rows: plan.rows, windowEnergyKWh: windowEnergyKWh.some(Number.isNaN) ? undefined : windowEnergyKWh };
  return replayToFiles(scenario, replayPlan, join(outDir, 'plan.arrow'), outDir, options, 'plan --validate');
}

/** Read a trace file through once, so a bad row is reported before anything else is done. */
export async function checkTraceFile(path: string): Promise<void> {
  const trace = await fromTraceFile(path);
  for await (const chunk of trace.chunks()) void chunk;
}

async function openTrace(scenario: Scenario, options: ReplayCliOptions): Promise<{ trace: TraceSource; expected: () => Promise<number> }> {
  if (options.trace !== undefined) {
    const trace = await fromTraceFile(options.trace);
    // A file's length is known only by reading it: one counting pass, needed only to size a sample.
    const expected = async () => {
      let n = 0;
      for await (const c of trace.chunks()) n += c.length;
      return n;
    };
    return { trace, expected };
  }
  const trace = synthesizeTrace(scenario, options.seed !== undefined ? { seed: options.seed } : {});
  const windowS = scenario.horizon.windowHours * 3600;
  const expected = async () => scenario.demandRps.reduce((s, rates) => s + rates.reduce((a, r) => a + r * windowS, 0), 0);
  return { trace, expected };
}

async function sampling(option: RequestsOption | undefined, expected: () => Promise<number>): Promise<RequestSampling> {
  if (option === 'none') return { mode: 'none' };
  if (option === 'all') return { mode: 'all' };
  const n = await expected();
  if (option === 'sample') return { mode: 'every', n: Math.max(SAMPLE_AT_LEAST_ONE_IN, Math.ceil(n / REQUESTS_ALL_UP_TO)) };
  return n <= REQUESTS_ALL_UP_TO ? { mode: 'all' } : { mode: 'every', n: Math.ceil(n / REQUESTS_ALL_UP_TO) };
}

async function replayToFiles(scenario: Scenario, plan: ReplayPlan, planPath: string, outDir: string, options: ReplayCliOptions, command: string): Promise<ReplayReport> {
  const { trace, expected } = await openTrace(scenario, options);
  const sample = await sampling(options.requests, expected);
  // The same step model the plan was made with, so the replay checks the plan and not a model difference.
  const steps = await stepsFor(options);
  const progress = createProgress(options.quiet === true);
  const requestsPath = join(outDir, 'requests.arrow');
  const sink: RequestsArrowFile | undefined = sample.mode === 'none' ? undefined : await toRequestsArrow(requestsPath);
  const started = performance.now();
  let report: ReplayReport;
  try {
    report = await replay(scenario, plan, trace, {
      steps,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(sink ? { sink, sampling: sample } : {}),
      planSource: planPath,
      onProgress: (fraction, message) => progress.update(message, fraction),
    });
  } catch (err) {
    await sink?.abort();
    throw err;
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const outputs = [...(sink ? ['requests.arrow'] : []), 'windows.csv', 'replay.json'];
  try {
    await writeFilesAtomically([
      { path: join(outDir, 'windows.csv'), data: toWindowsCsv(report) },
      { path: join(outDir, 'replay.json'), data: toReplayJson(report, { plan: planPath, scenarioFile: scenario.file, outputs }) },
    ]);
  } catch (err) {
    await sink?.abort();
    throw err;
  }
  await sink?.commit();
  if (options.json) {
    const summary = replaySummary(report, { plan: planPath, scenarioFile: scenario.file, outputs });
    process.stdout.write(`${JSON.stringify({ ok: true, command, outDir, wallSeconds: seconds, ...summary }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
  } else {
    process.stdout.write(`${formatReplay(report, { command, planPath, outDir, seconds, outputs })}\n`);
  }
  return report;
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

/** Windows one per line up to this many; longer horizons are shown per day. */
const WINDOW_LINES_MAX = 48;
const FAILURES_SHOWN = 12;

function formatReplay(report: ReplayReport, ctx: { command: string; planPath: string; outDir: string; seconds: number; outputs: readonly string[] }): string {
  const lines: string[] = [];
  const r = report.requests;
  lines.push(`llmcap ${ctx.command}: ${report.scenario}  (plan ${ctx.planPath}, trace ${report.trace}, seed ${report.seed}, router ${report.settings.router})`);
  lines.push(`Replayed ${fmt(r.simulated)} requests in ${ctx.seconds.toFixed(1)} s (${fmt(r.simulated / Math.max(ctx.seconds, 1e-9))} req/s); ${fmt(r.rejected)} rejected, ${fmt(r.unclassified)} outside every class, ${fmt(r.beyondHorizon)} after the horizon, ${fmt(r.mispredicted)} with a mispredicted output class`);
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
  const v = report.verdict;
  if (v.pass) {
    lines.push(`Verdict: PASS — every class meets its SLO percentiles in all ${v.coveredWindows} replayed windows${v.lowSampleMisses.length > 0 ? ` (${v.lowSampleMisses.length} misses in cells too small to judge a percentile)` : ''}`);
  } else {
    const windowsFailing = new Set(v.failures.map((f) => f.window)).size;
    lines.push(`Verdict: FAIL — ${v.failures.length} (window, class) cells miss their SLO, in ${windowsFailing} of ${v.coveredWindows} windows${v.failures.length > FAILURES_SHOWN ? `; the ${FAILURES_SHOWN} worst:` : ':'}`);
    const worst = [...v.failures].sort((a, b) => Math.max(b.ttftOverTargetAtSlo, b.tbtOverTargetAtSlo) - Math.max(a.ttftOverTargetAtSlo, a.tbtOverTargetAtSlo)).slice(0, FAILURES_SHOWN);
    lines.push(table(
      ['window', 'class', 'requests', 'missed', 'TTFT at p / target', 'TBT at p / target', 'attainment TTFT / TBT'],
      worst.map((f) => [windowLabel(f.windowStart, f.window), f.classId, fmt(f.requests), f.metrics.join('+'), `${fmt(f.ttftAtSloMs)} / ${fmt(f.ttftTargetMs)} ms (×${fmt(f.ttftOverTargetAtSlo, 2)})`, `${fmt(f.tbtAtSloMs)} / ${fmt(f.tbtTargetMs)} ms (×${fmt(f.tbtOverTargetAtSlo, 2)})`, `${attainment(f.ttftAttainment)} / ${attainment(f.tbtAttainment)}`]),
    ));
  }
  const e = report.energy;
  lines.push(`Energy: replayed ${fmt(e.replayedKWh)} kWh vs planned ${fmt(e.plannedKWh)} kWh (${pct(e.differencePct)}); static (hosts, idle GPUs) ${fmt(e.replayedStaticKWh)} vs ${fmt(e.plannedStaticKWh)} kWh; ${fmt(e.tailKWh, 1)} kWh after the last window while the last requests finished`);
  for (const note of e.notes) lines.push(`  - ${note}`);
  const p = report.power;
  lines.push(`Power: replayed peak ${fmt(p.peakKW, 1)} kW (1-s means)${Number.isFinite(p.provisionedKW) ? ` of ${fmt(p.provisionedKW, 1)} kW provisioned` : ''}; capping engaged ${fmt(p.cappedS)} s (${p.capLevelChanges} level changes)`);
  const rows = r.sampling.mode === 'all' ? `all ${fmt(r.written)} requests` : r.sampling.mode === 'every' ? `1 in ${r.sampling.n} requests: ${fmt(r.written)} rows` : '';
  lines.push(`Wrote ${join(ctx.outDir, ctx.outputs[0] ?? '')}${ctx.outputs.slice(1).map((o) => `, ${o}`).join('')}${rows ? ` (requests.arrow: ${rows})` : ''}`);
  return lines.join('\n');
}
