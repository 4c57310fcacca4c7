/**
 * windows.csv: per window one 'all' row (requests, attainment, energy, power, capping) and one row per
 * class (requests, attainment, latency quantiles against the class's targets). Each column is declared
 * once here (name, unit, meaning, value); the CSV header and README derive from it.
 */
import type { ClassWindowResult, WindowResult } from '../types.js';
import type { LatencyMetric, QuantileSummary } from './latencyQuantiles.js';

export interface WindowRow {
  readonly window: WindowResult;
  /** Undefined for the window's 'all' row. */
  readonly cls?: ClassWindowResult;
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
const perWindow = (f: (w: WindowResult) => number) => (r: WindowRow) => (r.cls ? '' : r6(f(r.window)));
/** A latency quantile of the row: its class's, or on the 'all' row the window's over every class. */
const latency = (metric: LatencyMetric, q: keyof QuantileSummary) => (r: WindowRow) => r3((r.cls ?? r.window).latency[metric][q]);

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

export function windowRows(windows: readonly WindowResult[]): WindowRow[] {
  const rows: WindowRow[] = [];
  for (const w of windows) {
    rows.push({ window: w });
    for (const c of w.classes) rows.push({ window: w, cls: c });
  }
  return rows;
}
