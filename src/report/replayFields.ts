/**
 * What every key of replay.json means, declared beside the code that writes it (toReplayJson.ts):
 * typed by the keys of the object it documents, so a key added without a meaning (or a meaning left
 * for a removed key) fails to compile; docs/outputs.md's replay.json table is generated from here.
 */
import type { replaySummary } from './toReplayJson.js';

export const REPLAY_FIELDS: Readonly<Record<keyof ReturnType<typeof replaySummary>, string>> = {
  llmcap: 'version that wrote it',
  scenario: '`name`, `file`',
  plan: 'the plan file replayed (or the deployment)',
  trace: 'the trace replayed: a file, or the scenario\'s synthetic one',
  tracePlacement: 'for a trace file only: where its first request falls on the horizon ([trace time](replay.md#trace-time))',
  seed: 'the replay\'s seed',
  settings: 'router, governor, predictor accuracy, chunked prefill, maximum batch, prefill token budget, overflow, step source',
  verdict: '`pass`, `coveredWindows`, `failures` (each failing window and class with its figures), `lowSampleMisses`, `pointMisses` (cells missing on the point estimate, not significantly), `cells` and `judgedCells` (cells with requests, and those large enough to judge), `alpha` (the per-cell test\'s significance level)',
  requests: 'read, simulated, completed, rejected, unclassified, beyond the horizon, mispredicted, unplanned, prompt and decode overflows, rows written, sampling',
  energy: 'planned vs replayed, in total and per window (`perWindow`), split into the pools\' part and the static part (`plannedStaticKWh`, `replayedStaticKWh`), `tailKWh`, with `notes` when they differ by more than 10 %',
  power: 'peak of the 1-s means, time capped, level changes, lowest clock',
  latency: 'over the whole replay: `all`, per class under `classes` and per input bin under `inputBins` (the classes of every service with that prompt-length range merged, an unbounded top written as null); for `ttft`, `tpot`, `itl`, `e2e` and `queue`, the `count`, exact `meanMs` and `p50Ms`/`p90Ms`/`p95Ms`/`p99Ms` read from merged log histograms, within ±0.8 %, for any trace size; `itl` counts tokens',
  windows: 'per window: requests, completed, rejected, SLO attainment, failing classes, mean and peak power (1 s and 100 ms), time capped; `scopes` (pooled cells of scope service or all) and `classMetrics` (ITL and E2E per class) where the scenario has them',
  events: 'dispatched, dropped',
  outputs: 'the files the replay wrote',
};
