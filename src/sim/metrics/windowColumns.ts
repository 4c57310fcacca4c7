/**
 * windows.csv: per window one 'all' row (requests, attainment, energy, power, capping) and one row per
 * class (requests, attainment, latency quantiles against the class's targets). Each column is declared
 * once here (name, unit, meaning, value); the CSV header and README derive from it.
 */
import type { SloMetric } from '../../scenario/index.js';
import type { ClassWindowResult, MetricJudgement, ScopeWindowResult, WindowResult } from '../types.js';
import type { LatencyMetric, QuantileSummary } from './latencyQuantiles.js';

export interface WindowRow {
  readonly window: WindowResult;
  /** Undefined for the window's 'all' row. */
  readonly cls?: ClassWindowResult;
  /** A pooled cell: a 'service:NAME' row, or on the 'all' row the 'all' scope's. */
  readonly scope?: ScopeWindowResult;
}

export interface WindowColumn {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly value: (r: WindowRow) => number | string;
}

const r3 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e3) / 1e3 : NaN);
const r6 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : NaN);
/** Enough digits to tell a p-value below α from one above it. */
const pValue = (p: number) => (p >= 1e-3 ? r6(p) : Number(p.toPrecision(3)));

/** The cell's verdict in one word (windows.csv and the report). */
export function meetsSloLabel(c: ClassWindowResult): 'yes' | 'no' | 'point-miss' | 'low-sample' {
  if (!c.meetsSlo) return 'no';
  if (!c.pointMiss) return 'yes';
  return c.lowSample ? 'low-sample' : 'point-miss';
}

const perClass = (f: (c: ClassWindowResult) => number) => (r: WindowRow) => (r.cls ? r3(f(r.cls)) : '');
/** A service scope's row: a pooled cell of one service, not the window's totals. */
const serviceRow = (r: WindowRow) => r.scope !== undefined && r.scope.scope !== 'all';
const perWindow = (f: (w: WindowResult) => number) => (r: WindowRow) => (r.cls || serviceRow(r) ? '' : r6(f(r.window)));
/** A latency quantile of the row: its class's, or on the 'all' row the window's over every class. */
const latency = (metric: LatencyMetric, q: keyof QuantileSummary) => (r: WindowRow) => r3((r.cls ?? (serviceRow(r) ? r.scope : undefined) ?? r.window).latency[metric][q]);

/** p50, p90, p95 and p99 columns of one latency metric, for class rows and (over every class) the 'all' row. */
function quantileColumns(prefix: string, metric: LatencyMetric, what: string): WindowColumn[] {
  return ([['p50', 'median'], ['p90', '90th percentile of'], ['p95', '95th percentile of'], ['p99', '99th percentile of']] as const).map(([q, label]) => ({
    name: `${prefix}_${q}_ms`,
    unit: 'ms',
    description: `${label} ${what}`,
    value: latency(metric, `${q}Ms`),
  }));
}

export const WINDOW_COLUMNS: readonly WindowColumn[] = [
  { name: 'window', unit: '', description: 'window index, 0-based', value: (r) => r.window.window },
  { name: 'window_start', unit: 'ISO 8601 UTC', description: 'start of the window', value: (r) => r.window.windowStart },
  { name: 'class', unit: '', description: "request class, or 'all' for the window's totals", value: (r) => r.cls?.classId ?? 'all' },
  { name: 'requests', unit: '', description: 'requests that arrived in the window', value: (r) => r.cls?.requests ?? r.window.requests },
  { name: 'completed', unit: '', description: 'of which served to the last token', value: (r) => r.cls?.completed ?? r.window.completed },
  { name: 'rejected', unit: '', description: 'of which never served (no pool, or KV larger than an instance holds)', value: (r) => r.cls?.rejected ?? r.window.rejected },
  { name: 'slo_attainment', unit: 'share', description: 'share of requests meeting both the TTFT and the mean-TBT target', value: (r) => r6(r.cls?.sloAttainment ?? r.window.sloAttainment) },
  { name: 'meets_slo', unit: '', description: "yes when neither the TTFT nor the TBT misses are significantly more than the SLO percentile allows (one-sided binomial test, α = 0.001); no when they are; 'point-miss' when an attainment is below its percentile without significance; 'low-sample' when it is below it in a cell too small for the test to fail", value: (r) => (r.cls ? meetsSloLabel(r.cls) : '') },
  { name: 'miss_p_value', unit: 'probability', description: 'the smaller one-sided binomial p-value of the TTFT and TBT misses, under the hypothesis that the SLO percentile holds exactly (below 0.001 fails)', value: (r) => (r.cls ? pValue(Math.min(r.cls.ttftMissPValue, r.cls.tbtMissPValue)) : '') },
  { name: 'ttft_target_ms', unit: 'ms', description: "the class's TTFT target (sloTargetsMs; for a slowdown SLO, its value at the class's mean prompt)", value: perClass((c) => c.ttftTargetMs) },
  { name: 'ttft_percentile', unit: '%', description: 'percentile the TTFT target applies to', value: perClass((c) => c.ttftPercentile) },
  { name: 'ttft_p50_ms', unit: 'ms', description: "median TTFT, of the class or (on the 'all' row) of every request of the window (log-histogram: quantiles within ±0.8 %)", value: latency('ttft', 'p50Ms') },
  { name: 'ttft_p90_ms', unit: 'ms', description: '90th percentile TTFT', value: latency('ttft', 'p90Ms') },
  { name: 'ttft_p95_ms', unit: 'ms', description: '95th percentile TTFT', value: latency('ttft', 'p95Ms') },
  { name: 'ttft_p99_ms', unit: 'ms', description: '99th percentile TTFT', value: latency('ttft', 'p99Ms') },
  { name: 'ttft_at_slo_ms', unit: 'ms', description: 'TTFT at the SLO percentile', value: perClass((c) => c.ttftAtSloMs) },
  { name: 'ttft_over_target_at_slo', unit: 'ratio', description: "TTFT over each request's own target, at the SLO percentile (≤ 1 meets it; own targets differ for slowdown SLOs)", value: perClass((c) => c.ttftOverTargetAtSlo) },
  { name: 'tbt_target_ms', unit: 'ms', description: "the class's mean-TBT target", value: perClass((c) => c.tbtTargetMs) },
  { name: 'tbt_percentile', unit: '%', description: 'percentile the TBT target applies to', value: perClass((c) => c.tbtPercentile) },
  { name: 'tbt_p50_ms', unit: 'ms', description: "median of requests' mean TBT (TPOT: time per output token after the first, as MLPerf and vLLM report it)", value: latency('tpot', 'p50Ms') },
  { name: 'tbt_p90_ms', unit: 'ms', description: "90th percentile of requests' mean TBT (TPOT)", value: latency('tpot', 'p90Ms') },
  { name: 'tbt_p95_ms', unit: 'ms', description: "95th percentile of requests' mean TBT (TPOT)", value: latency('tpot', 'p95Ms') },
  { name: 'tbt_p99_ms', unit: 'ms', description: "99th percentile of requests' mean TBT (TPOT)", value: latency('tpot', 'p99Ms') },
  { name: 'tbt_at_slo_ms', unit: 'ms', description: 'mean TBT at the SLO percentile', value: perClass((c) => c.tbtAtSloMs) },
  { name: 'tbt_over_target_at_slo', unit: 'ratio', description: "mean TBT over each request's own target, at the SLO percentile (≤ 1 meets it)", value: perClass((c) => c.tbtOverTargetAtSlo) },
  { name: 'tbt_max_p99_ms', unit: 'ms', description: "99th percentile of requests' longest gap between tokens", value: perClass((c) => c.tbtMaxP99Ms) },
  ...quantileColumns('itl', 'itl', "inter-token latency: every gap between two consecutive tokens of the requests (vLLM's ITL), stalls included"),
  ...quantileColumns('queue', 'queue', 'time spent in wait queues'),
  ...quantileColumns('e2e', 'e2e', 'time from arrival to last token'),
  { name: 'energy_kwh', unit: 'kWh', description: 'replayed facility energy in the window (IT × PUE), all rows of the fleet', value: perWindow((w) => w.energyKWh) },
  { name: 'planned_energy_kwh', unit: 'kWh', description: "the plan's predicted energy for the window: its window summary (with start-up energy) under plan --validate, else the sum of its rows in plan.arrow", value: perWindow((w) => w.plannedEnergyKWh) },
  { name: 'static_energy_kwh', unit: 'kWh', description: 'of the replayed energy: host power and GPUs running no instance', value: perWindow((w) => w.staticEnergyKWh) },
  { name: 'mean_kw', unit: 'kW', description: 'mean IT power', value: perWindow((w) => w.meanKW) },
  { name: 'peak_kw', unit: 'kW', description: "peak IT power: highest of the power monitor's 1-s means", value: perWindow((w) => w.peakKW) },
  { name: 'peak_100ms_kw', unit: 'kW', description: "highest of the power monitor's 100-ms means (sub-second prefill spikes)", value: perWindow((w) => w.peakFineKW) },
  { name: 'p99_100ms_kw', unit: 'kW', description: "99th percentile of the power monitor's 100-ms means", value: perWindow((w) => w.p99FineKW) },
  { name: 'capped_s', unit: 's', description: 'time with a power-capping level engaged', value: perWindow((w) => w.cappedS) },
];

/** A pooled cell's verdict in one word, as meetsSloLabel. */
function scopeLabel(s: ScopeWindowResult): 'yes' | 'no' | 'point-miss' | 'low-sample' {
  if (!s.meetsSlo) return 'no';
  if (!s.pointMiss) return 'yes';
  return s.lowSample ? 'low-sample' : 'point-miss';
}

/** A metric's judgement on a row: a class's (ITL/E2E, or TTFT/TBT from its fields), or a pooled cell's. */
function judged(r: WindowRow, m: SloMetric): { attainment: number; targetMs: number; percentile: number; atSloMs: number } | undefined {
  if (r.scope) return r.scope.judgements.find((j) => j.metric === m);
  const c = r.cls;
  if (!c) return undefined;
  if (m === 'ttft') return { attainment: c.ttftAttainment, targetMs: c.ttftTargetMs, percentile: c.ttftPercentile, atSloMs: c.ttftAtSloMs };
  if (m === 'tbt') return { attainment: c.tbtAttainment, targetMs: c.tbtTargetMs, percentile: c.tbtPercentile, atSloMs: c.tbtAtSloMs };
  return (m === 'itl' ? c.itl : c.e2e) as MetricJudgement | undefined;
}

const judgedColumn = (m: SloMetric, field: 'attainment' | 'targetMs' | 'percentile' | 'atSloMs') => (r: WindowRow) => {
  const j = judged(r, m);
  return j === undefined ? '' : field === 'attainment' ? r6(j[field]) : r3(j[field]);
};

/**
 * Columns added after WINDOW_COLUMNS when a scenario has an ITL or E2E target or a pooled scope (the
 * files of other scenarios keep their columns): each metric's attainment, and ITL's and E2E's targets.
 */
export const SLO_METRIC_COLUMNS: readonly WindowColumn[] = [
  { name: 'ttft_attainment', unit: 'share', description: "share of the row's requests within their own TTFT target (rejected ones miss)", value: judgedColumn('ttft', 'attainment') },
  { name: 'tbt_attainment', unit: 'share', description: "share of the row's requests within their own TPOT (mean TBT) target", value: judgedColumn('tbt', 'attainment') },
  { name: 'itl_target_ms', unit: 'ms', description: "the ITL target (a pooled row: its classes' largest)", value: judgedColumn('itl', 'targetMs') },
  { name: 'itl_percentile', unit: '%', description: 'percentile the ITL target applies to', value: judgedColumn('itl', 'percentile') },
  { name: 'itl_attainment', unit: 'share', description: "share of the gaps between tokens within their class's ITL target", value: judgedColumn('itl', 'attainment') },
  { name: 'itl_at_slo_ms', unit: 'ms', description: 'ITL at its SLO percentile', value: judgedColumn('itl', 'atSloMs') },
  { name: 'e2e_target_ms', unit: 'ms', description: "the E2E target (a slowdown: at the class's mean lengths; a pooled row: its classes' largest)", value: judgedColumn('e2e', 'targetMs') },
  { name: 'e2e_percentile', unit: '%', description: 'percentile the E2E target applies to', value: judgedColumn('e2e', 'percentile') },
  { name: 'e2e_attainment', unit: 'share', description: "share of the row's requests within their own E2E target (rejected ones miss)", value: judgedColumn('e2e', 'attainment') },
  { name: 'e2e_at_slo_ms', unit: 'ms', description: 'E2E at its SLO percentile', value: judgedColumn('e2e', 'atSloMs') },
];

/** Whether the replay needs SLO_METRIC_COLUMNS: some ITL or E2E judgement, or a pooled cell. */
export function hasExtendedSlo(windows: readonly WindowResult[]): boolean {
  return windows.some((w) => (w.scopes?.length ?? 0) > 0 || w.classes.some((c) => c.itl !== undefined || c.e2e !== undefined));
}

/** The windows.csv columns of a replay: WINDOW_COLUMNS, then SLO_METRIC_COLUMNS where needed. */
export function windowColumns(windows: readonly WindowResult[]): readonly WindowColumn[] {
  if (!hasExtendedSlo(windows)) return WINDOW_COLUMNS;
  // A pooled row shows its own verdict and p-value in the shared columns.
  const shared = WINDOW_COLUMNS.map((c): WindowColumn => {
    if (c.name === 'meets_slo') return { ...c, value: (r) => (r.scope ? scopeLabel(r.scope) : c.value(r)) };
    if (c.name === 'miss_p_value') return { ...c, value: (r) => (r.scope ? pValue(Math.min(1, ...r.scope.judgements.map((j) => j.missPValue))) : r.cls ? pValue(Math.min(r.cls.ttftMissPValue, r.cls.tbtMissPValue, r.cls.itl?.missPValue ?? 1, r.cls.e2e?.missPValue ?? 1)) : '') };
    const scoped = (f: (s: ScopeWindowResult) => number | string) => ({ ...c, value: (r: WindowRow) => (r.scope && serviceRow(r) ? f(r.scope) : c.value(r)) });
    if (c.name === 'class') return scoped((s) => s.scope);
    if (c.name === 'requests') return scoped((s) => s.requests);
    if (c.name === 'completed') return scoped((s) => s.completed);
    if (c.name === 'rejected') return scoped((s) => s.rejected);
    if (c.name === 'slo_attainment') return scoped(() => '');
    return c;
  });
  return [...shared, ...SLO_METRIC_COLUMNS];
}

/**
 * Rows: per window the 'all' row (with the 'all' scope's verdict where one is judged), then one per
 * class, then one per service scope ('service:NAME').
 */
export function windowRows(windows: readonly WindowResult[]): WindowRow[] {
  const rows: WindowRow[] = [];
  for (const w of windows) {
    const all = w.scopes?.find((s) => s.scope === 'all');
    rows.push(all ? { window: w, scope: all } : { window: w });
    for (const c of w.classes) rows.push({ window: w, cls: c });
    for (const s of w.scopes ?? []) if (s.scope !== 'all') rows.push({ window: w, scope: s });
  }
  return rows;
}
