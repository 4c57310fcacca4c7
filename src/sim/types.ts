/** What a replay takes in and hands back. Plain read-only values. */
import type { RouterName, SloMetric, SloScope } from '../scenario/index.js';
import type { TracePlacement } from '../workload/index.js';
import type { LatencyQuantiles, ReplayLatency } from './metrics/latencyQuantiles.js';

export type ReplayRole = 'mixed' | 'prefill' | 'decode' | 'idle';

/**
 * Most instances one pool of a replayed plan or deployment may hold. The replay keeps state per
 * instance, so a count from a damaged or mistyped file (1e20) must be refused before it allocates;
 * 100,000 instances of even TP1 are 100,000 GPUs, more than any one cluster llmcap plans.
 */
export const MAX_POOL_INSTANCES = 100_000;

/**
 * One (window, pool) row of the plan being replayed: the planner's PlanRow fits, and so does a row read
 * back from plan.arrow (report/fromPlanArrow.ts). Role 'idle' rows carry the fleet's unused GPUs.
 */
export interface ReplayPlanRow {
  readonly window: number;
  readonly windowStart: string;
  readonly model: string;
  readonly gpu: string;
  readonly tp: number;
  readonly clockMHz: number;
  readonly role: ReplayRole;
  /** Engine preset and precision; absent (plans written before presets) = vllm-2023 at bf16. */
  readonly stack?: string;
  readonly precision?: string;
  readonly instances: number;
  readonly gpus: number;
  /** Planned request rate per class id. */
  readonly ratesRps: Readonly<Record<string, number>>;
  readonly meanPowerKW: number;
  /** Predicted facility energy of the row in its window, kWh. */
  readonly energyKWh: number;
}

/** Routing settings that take precedence over the scenario's simulation settings (a deployment's `routing`). */
export interface ReplayRouting {
  readonly router?: RouterName;
  readonly prefillTokenBudget?: number;
  readonly overflow?: boolean;
}

export interface ReplayPlan {
  readonly classIds: readonly string[];
  readonly rows: readonly ReplayPlanRow[];
  /**
   * The plan's predicted energy per window, when known beyond its rows (a Plan's window summaries add
   * the start-up energy of GPUs brought into service); default: the sum of each window's rows.
   */
  readonly windowEnergyKWh?: readonly number[];
  /** Routing that overrides the scenario's simulation.router, prefillTokenBudget and overflow. */
  readonly routing?: ReplayRouting;
}

/** Which completed requests go to requests.arrow. */
export type RequestSampling =
  | { readonly mode: 'all' }
  | { readonly mode: 'none' }
  /** Every n-th request of the trace (by arrival index): deterministic. */
  | { readonly mode: 'every'; readonly n: number };

/**
 * SLO targets of a class, ms, with their percentiles (from capacity's sloTargetsMs). A target given as
 * a slowdown (Splitwise's definition) is judged per request — slowdown × the request's own latency
 * alone on the reference config — and `ttftMs`/`tbtMs` are its value at the class's mean lengths.
 */
export interface ClassTargets {
  readonly classId: string;
  readonly ttftMs: number;
  readonly ttftPercentile: number;
  readonly tbtMs: number;
  readonly tbtPercentile: number;
  readonly ttftSlowdown: number | undefined;
  readonly tbtSlowdown: number | undefined;
  /** ITL target (every gap against the class's target; a slowdown taken at the class's mean context), when the class has one. */
  readonly itlMs?: number;
  readonly itlPercentile?: number;
  /** E2E target, when the class has one: ms, or a slowdown over the request's own isolated latency. */
  readonly e2eMs?: number;
  readonly e2ePercentile?: number;
  readonly e2eSlowdown?: number;
  /** The class's service, and the scope of each metric where one is not 'class' (pooled cells, WindowResult.scopes). */
  readonly service?: string;
  readonly scope?: Readonly<Partial<Record<SloMetric, SloScope>>>;
}

/** One metric judged in one cell: requests (gaps for ITL) counted against each one's own target. */
export interface MetricJudgement {
  readonly metric: SloMetric;
  readonly percentile: number;
  /** The target, ms (for a slowdown, its value at the class's mean lengths; a pooled cell: its members' largest). */
  readonly targetMs: number;
  /** Requests judged (rejected ones count as misses), or for ITL the gaps between tokens. */
  readonly samples: number;
  readonly met: number;
  readonly attainment: number;
  readonly missPValue: number;
  /** The metric at the percentile, ms (log-histogram). */
  readonly atSloMs: number;
}

/** A pooled cell: the requests of a service ('service:NAME') or of the scenario ('all') in one window, judged on the metrics of that scope. */
export interface ScopeWindowResult {
  readonly window: number;
  readonly scope: string;
  readonly classIds: readonly string[];
  readonly requests: number;
  readonly completed: number;
  readonly rejected: number;
  readonly judgements: readonly MetricJudgement[];
  readonly meetsSlo: boolean;
  readonly pointMiss: boolean;
  readonly lowSample: boolean;
  readonly latency: LatencyQuantiles;
}

/** One class in one window of the replay. Latency quantiles cover completed requests. */
export interface ClassWindowResult {
  readonly window: number;
  readonly classId: string;
  readonly requests: number;
  readonly completed: number;
  readonly rejected: number;
  /** Share of requests (rejected ones count as misses) meeting both TTFT and mean-TBT targets. */
  readonly sloAttainment: number;
  readonly ttftAttainment: number;
  readonly tbtAttainment: number;
  readonly ttftTargetMs: number;
  readonly ttftPercentile: number;
  readonly tbtTargetMs: number;
  readonly tbtPercentile: number;
  /** TTFT, TPOT, ITL, E2E and queue time: mean and p50/p90/p95/p99 (ITL over the cell's tokens). */
  readonly latency: LatencyQuantiles;
  readonly ttftP50Ms: number;
  readonly ttftP99Ms: number;
  /** TTFT at the class's SLO percentile. */
  readonly ttftAtSloMs: number;
  /** TTFT as a share of each request's own target, at the SLO percentile (≤ 1 meets it). */
  readonly ttftOverTargetAtSlo: number;
  readonly tbtP50Ms: number;
  readonly tbtP99Ms: number;
  readonly tbtAtSloMs: number;
  readonly tbtOverTargetAtSlo: number;
  readonly tbtMaxP99Ms: number;
  readonly queueP99Ms: number;
  readonly e2eP99Ms: number;
  /**
   * No significant miss: for TTFT and for TBT, the misses are not significantly more than the
   * percentile allows (one-sided binomial test at VERDICT_ALPHA, metrics/significance.ts).
   */
  readonly meetsSlo: boolean;
  /** The point estimate misses: an attainment below its SLO percentile (significant or not). */
  readonly pointMiss: boolean;
  /** One-sided p-values of the TTFT and TBT misses under "the SLO holds exactly". */
  readonly ttftMissPValue: number;
  readonly tbtMissPValue: number;
  /** Too few requests for the test to fail whatever the misses (fewer than 2 at p99, 4 at p90). */
  readonly lowSample: boolean;
  /** ITL and E2E, where the class has a target of its own scope (a pooled scope is judged in WindowResult.scopes). */
  readonly itl?: MetricJudgement;
  readonly e2e?: MetricJudgement;
}

export interface WindowResult {
  readonly window: number;
  readonly windowStart: string;
  readonly requests: number;
  readonly completed: number;
  readonly rejected: number;
  readonly sloAttainment: number;
  /** Replayed facility energy (IT × PUE), kWh. */
  readonly energyKWh: number;
  /** Of which static: host power of the servers and GPUs running no instance. */
  readonly staticEnergyKWh: number;
  readonly plannedEnergyKWh: number;
  readonly plannedStaticEnergyKWh: number;
  /** Mean and peak IT power (peak of the power monitor's 1-s means), kW. */
  readonly meanKW: number;
  readonly peakKW: number;
  /** The monitor's fine (100-ms) means: their highest and their 99th percentile, kW (sub-second prefill spikes). */
  readonly peakFineKW: number;
  readonly p99FineKW: number;
  /** Seconds with a power-capping level engaged. */
  readonly cappedS: number;
  /** Latency over all the window's requests (classes merged). */
  readonly latency: LatencyQuantiles;
  readonly classes: readonly ClassWindowResult[];
  /** Pooled cells, for metrics of scope service or all; absent when every metric is judged per class. */
  readonly scopes?: readonly ScopeWindowResult[];
}

export interface SloFailure {
  readonly window: number;
  readonly windowStart: string;
  readonly classId: string;
  readonly requests: number;
  /** The metrics that miss (significantly, in `failures`; as point estimates, elsewhere): ttft, tbt (TPOT), itl, e2e. */
  readonly metrics: readonly SloMetric[];
  /** The smaller one-sided p-value of the missed metrics. */
  readonly missPValue: number;
  readonly ttftAtSloMs: number;
  readonly ttftOverTargetAtSlo: number;
  readonly ttftTargetMs: number;
  readonly ttftPercentile: number;
  readonly ttftAttainment: number;
  readonly tbtAtSloMs: number;
  readonly tbtOverTargetAtSlo: number;
  readonly tbtTargetMs: number;
  readonly tbtPercentile: number;
  readonly tbtAttainment: number;
  /** ITL and E2E of the cell, where judged there. */
  readonly itl?: MetricJudgement;
  readonly e2e?: MetricJudgement;
  /** A pooled cell's classes (classId is then its scope's name, 'service:NAME' or 'all'). */
  readonly classIds?: readonly string[];
}

export interface ReplayVerdict {
  /** No (window, class) cell misses an SLO percentile significantly. */
  readonly pass: boolean;
  readonly coveredWindows: number;
  readonly failures: readonly SloFailure[];
  /** Misses in (window, class) cells with too few requests to judge a percentile; they do not fail the plan. */
  readonly lowSampleMisses: readonly SloFailure[];
  /** Cells whose point estimate misses a percentile without the miss being significant; they do not fail the plan. */
  readonly pointMisses: readonly SloFailure[];
  /** (window, class) cells with requests, and of them those large enough to judge. */
  readonly cells: number;
  readonly judgedCells: number;
  /** Significance level of the per-cell test. */
  readonly alpha: number;
}

export interface ReplayEnergy {
  readonly plannedKWh: number;
  readonly replayedKWh: number;
  /** (replayed − planned) / planned, %. */
  readonly differencePct: number;
  readonly plannedStaticKWh: number;
  readonly replayedStaticKWh: number;
  /** Energy after the last covered window while the last requests finished (not in any window). */
  readonly tailKWh: number;
  /** Why replayed and planned energy differ, when they do by more than 10 %. */
  readonly notes: readonly string[];
}

/** Requests counted by what became of them. */
export interface RequestTally {
  /** Rows read from the trace. */
  readonly read: number;
  readonly simulated: number;
  readonly completed: number;
  /** Never served: no pool for the model, or the sequence's KV exceeds an instance's room. */
  readonly rejected: number;
  /** Outside every class bin of its service (or of an unknown service): not simulated. */
  readonly unclassified: number;
  /** Arriving after the horizon: not simulated. */
  readonly beyondHorizon: number;
  readonly mispredicted: number;
  /** Routed to a pool the plan did not assign to the (predicted) class in that window. */
  readonly unplanned: number;
  /** Overflow on: prompts sent past a saturated prefill pool (to a mixed pool, or whole to a decode instance). */
  readonly promptOverflows: number;
  /** Overflow on: requests decoded on their prefill instance because the decode pool was saturated. */
  readonly decodeOverflows: number;
}

export interface ReplayReport {
  readonly scenario: string;
  readonly trace: string;
  readonly seed: number;
  readonly settings: {
    readonly router: string;
    readonly governor: string;
    readonly predictorAccuracy: number;
    readonly chunkedPrefill: boolean;
    readonly maxBatch: number;
    readonly prefillTokenBudget: number;
    readonly overflow: boolean;
    readonly stepSource: string;
  };
  readonly requests: RequestTally & {
    /** Rows written to the request sink. */
    readonly written: number;
    readonly sampling: RequestSampling;
  };
  readonly windows: readonly WindowResult[];
  readonly verdict: ReplayVerdict;
  readonly energy: ReplayEnergy;
  readonly power: {
    readonly peakKW: number;
    /** Highest 100-ms mean of IT power over the covered windows, kW. */
    readonly peak100msKW: number;
    readonly provisionedKW: number;
    readonly cappedS: number;
    readonly capLevelChanges: number;
    /** Lowest clock any instance ran at (planned, capped or governed), MHz. */
    readonly lowestClockMHz: number;
  };
  readonly events: { readonly dispatched: number; readonly dropped: number };
  /** Latency over the whole replay, over all requests and per class. */
  readonly latency: ReplayLatency;
  /** A trace file's placement on the horizon (absent for a synthetic trace, which is made on it). */
  readonly tracePlacement?: TracePlacement & {
    /** Requests placed before the horizon's start (by a negative --trace-offset): not simulated. */
    readonly skippedBeforeStart: number;
  };
}
