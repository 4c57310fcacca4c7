/**
 * The columns of compare.csv when a deployment is held fixed and the routing policy varies: one row
 * per policy. Queue time and TTFT per input bin follow the scenario's bins, so the columns are made
 * from them; a bin with no completed request shows an empty cell.
 */
import type { InputBin, QuantileSummary, ReplayReport } from '../sim/index.js';
import type { FigureColumn } from './compareColumns.js';
import type { RouterResult } from './compareRouters.js';

export type RouterColumn = FigureColumn<RouterResult>;

const r3 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e3) / 1e3 : Number.NaN);
const r6 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : Number.NaN);
const ms = (q: QuantileSummary | undefined, pick: (q: QuantileSummary) => number) => (q && q.count > 0 ? r3(pick(q)) : Number.NaN);

/** Share of the replayed requests meeting every target of their class (rejected ones count as misses). */
export function replayAttainment(report: ReplayReport): number {
  const windows = report.windows.filter((w) => w.requests > 0);
  const requests = windows.reduce((s, w) => s + w.requests, 0);
  return requests > 0 ? windows.reduce((s, w) => s + w.sloAttainment * w.requests, 0) / requests : Number.NaN;
}

/** A bin's column suffix: '< 1024' → lt1024, '1024–4095' → 1024_4095, '≥ 4096' → ge4096. */
export function binSuffix([lo, hi]: readonly [number, number]): string {
  if (!Number.isFinite(hi)) return lo <= 0 ? 'any' : `ge${lo}`;
  return lo <= 0 ? `lt${hi}` : `${lo}_${hi - 1}`;
}

const FIXED: readonly RouterColumn[] = [
  { name: 'deployment', label: 'deployment', type: 'string', unit: '', description: 'the deployment held fixed', value: (r) => r.deployment },
  { name: 'router', label: 'routing policy', type: 'string', unit: '', description: 'routing policy within a pool (docs/deployments.md#routing)', value: (r) => r.router },
  { name: 'overflow', label: 'overflow', type: 'string', unit: '', description: "phase-split overflow: 'on' or 'off'", value: (r) => (r.report.settings.overflow ? 'on' : 'off') },
  { name: 'prefill_token_budget', label: 'prefill token budget', type: 'int', unit: 'tokens', description: 'most prompt tokens one prefill pass batches', value: (r) => r.report.settings.prefillTokenBudget },
  { name: 'seed', label: 'seed', type: 'int', unit: '', description: "the replay's seed (the same for every policy)", value: (r) => r.report.seed },
  { name: 'requests', label: 'requests', type: 'int', unit: '', description: 'requests simulated (the same trace for every policy)', value: (r) => r.report.requests.simulated },
  { name: 'completed', label: 'completed', type: 'int', unit: '', description: 'requests completed', value: (r) => r.report.requests.completed },
  { name: 'rejected', label: 'rejected', type: 'int', unit: '', description: "requests never served (no pool, or the KV exceeds an instance's room)", value: (r) => r.report.requests.rejected },
  { name: 'slo_attainment', label: 'SLO attainment', digits: 2, type: 'float', unit: 'share', description: 'share of requests meeting every target of their class', value: (r) => r6(replayAttainment(r.report)) },
  { name: 'slo_verdict', label: 'SLO verdict', type: 'string', unit: '', description: "'pass', or 'fail: N' (window, class) cells missing a target at its percentile significantly", value: (r) => (r.report.verdict.pass ? 'pass' : `fail: ${r.report.verdict.failures.length}`) },
  { name: 'failing_cells', label: 'failing cells', type: 'int', unit: '', description: '(window, class) cells missing a target at its percentile significantly', value: (r) => r.report.verdict.failures.length },
  { name: 'ttft_p50_ms', label: 'TTFT p50', digits: 1, type: 'float', unit: 'ms', description: 'time to first token, median over every completed request', value: (r) => ms(r.report.latency.all.ttft, (q) => q.p50Ms) },
  { name: 'ttft_p99_ms', label: 'TTFT p99', digits: 1, type: 'float', unit: 'ms', description: 'time to first token, 99th percentile', value: (r) => ms(r.report.latency.all.ttft, (q) => q.p99Ms) },
  { name: 'tpot_p99_ms', label: 'TPOT p99', digits: 1, type: 'float', unit: 'ms', description: "a request's mean time per output token, 99th percentile", value: (r) => ms(r.report.latency.all.tpot, (q) => q.p99Ms) },
  { name: 'e2e_p99_ms', label: 'E2E p99', digits: 0, type: 'float', unit: 'ms', description: 'end-to-end latency, 99th percentile', value: (r) => ms(r.report.latency.all.e2e, (q) => q.p99Ms) },
  { name: 'queue_p50_ms', label: 'queue p50', digits: 1, type: 'float', unit: 'ms', description: 'time spent in wait queues (before the prefill, and before joining a decode batch), median', value: (r) => ms(r.report.latency.all.queue, (q) => q.p50Ms) },
  { name: 'queue_p99_ms', label: 'queue p99', digits: 1, type: 'float', unit: 'ms', description: 'time spent in wait queues (before the prefill, and before joining a decode batch), 99th percentile', value: (r) => ms(r.report.latency.all.queue, (q) => q.p99Ms) },
];

const TAIL: readonly RouterColumn[] = [
  { name: 'energy_kwh', label: 'energy', digits: 1, type: 'float', unit: 'kWh', description: 'replayed facility energy over the covered windows', value: (r) => r6(r.report.energy.replayedKWh) },
  { name: 'peak_kw', label: 'peak power', digits: 1, type: 'float', unit: 'kW', description: 'highest 1-s mean of IT power', value: (r) => r6(r.report.power.peakKW) },
  { name: 'prompt_overflows', label: 'prompts overflowed', type: 'int', unit: '', description: 'overflow on: prompts sent past a saturated prefill pool', value: (r) => r.report.requests.promptOverflows },
  { name: 'decode_overflows', label: 'decodes overflowed', type: 'int', unit: '', description: 'overflow on: requests decoded on their prefill instance', value: (r) => r.report.requests.decodeOverflows },
];

/** compare.csv's columns for these input bins (the scenario's, in ascending prompt length). */
export function routerColumns(bins: readonly Pick<InputBin, 'label' | 'inputRange'>[]): RouterColumn[] {
  const binLatency = (r: RouterResult, range: readonly [number, number]) => r.report.latency.inputBins.find((b) => b.inputRange[0] === range[0] && b.inputRange[1] === range[1])?.latency;
  const perBin = bins.flatMap((b): RouterColumn[] => [
    { name: `queue_p99_ms_${binSuffix(b.inputRange)}`, label: `queue p99, prompts ${b.label}`, digits: 1, type: 'float', unit: 'ms', description: `time in wait queues, 99th percentile, of prompts of ${b.label} tokens`, value: (r) => ms(binLatency(r, b.inputRange)?.queue, (q) => q.p99Ms) },
    { name: `ttft_p99_ms_${binSuffix(b.inputRange)}`, label: `TTFT p99, prompts ${b.label}`, digits: 1, type: 'float', unit: 'ms', description: `time to first token, 99th percentile, of prompts of ${b.label} tokens`, value: (r) => ms(binLatency(r, b.inputRange)?.ttft, (q) => q.p99Ms) },
  ]);
  return [...FIXED, ...perBin, ...TAIL];
}
