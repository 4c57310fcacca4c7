/** The resolved scenario: defaults applied, units explicit, catalog references checked. Read-only. */
import type { GpuId, ModelId, Precision } from '../catalog/index.js';
import type { EngineSettings, StackId } from '../profiles/index.js';

/**
 * What must fit the provisioned power: the plan's predicted peak (oversubscription, POLCA), every
 * server's nameplate (no oversubscription), or its GPUs' TDP alone (no host power: how SplitwiseSim
 * provisions Splitwise's clusters). Power-capped GPUs count at their cap under the last two.
 */
export type PowerBudgetBasis = 'predicted-peak' | 'nameplate' | 'gpu-tdp';

export type Role = 'mixed' | 'prefill' | 'decode';
export type ObjectiveWeights = { readonly costUsd: number; readonly energyKWh: number; readonly carbonKg: number };
export type SolverBackendName = 'highs' | 'glpk' | 'jsl';

export interface Window {
  readonly index: number;
  readonly startIso: string;
  /** UTC hour of day of the window start, 0..23. */
  readonly hourOfDay: number;
  /** Day of week of the window start, Monday = 0. */
  readonly dayOfWeek: number;
}

export interface TokenStats {
  readonly mean: number;
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
}

/** Over which requests an SLO percentile is judged: each class, each service, or every request pooled. */
export type SloScope = 'class' | 'service' | 'all';
/** The four SLO metrics: tbt is TPOT (the per-request mean time per output token). */
export type SloMetric = 'ttft' | 'tbt' | 'itl' | 'e2e';

export interface SloTarget {
  readonly percentile: number;
  /** Absolute target; for slowdown targets the capacity model fills it from the reference config. */
  readonly ms?: number;
  readonly slowdown?: number;
}

export interface ReferenceConfig {
  readonly gpu: GpuId;
  readonly tp: number;
  readonly clockMHz: number;
  /** The scenario's first engine preset and precision: a slowdown is relative to the same stack. */
  readonly stack: StackId;
  readonly precision: Precision;
}

export interface RequestClass {
  /** `${service}/${name}`, unique across the scenario. */
  readonly id: string;
  readonly service: string;
  readonly name: string;
  readonly model: ModelId;
  /** Token range of the bin, [lo, hi). */
  readonly inputRange: readonly [number, number];
  readonly outputRange: readonly [number, number];
  readonly share: number;
  readonly input: TokenStats;
  readonly output: TokenStats;
  /**
   * ttft / tbt: the highest-percentile target of each metric (the one most reports quote); `tbt` is
   * the TPOT target (the per-request mean time per output token; `tpot` or `tbt` in the scenario);
   * ttftTargets / tbtTargets: every target, ascending percentile (Splitwise sets p50, p90 and p99);
   * itl / e2e (and their lists, empty when not set): inter-token latency over every gap, and request
   * latency; scope: over which requests each metric's percentile is judged (default 'class').
   */
  readonly slo: {
    readonly ttft: SloTarget;
    readonly tbt: SloTarget;
    readonly ttftTargets: readonly SloTarget[];
    readonly tbtTargets: readonly SloTarget[];
    readonly itl?: SloTarget;
    readonly e2e?: SloTarget;
    readonly itlTargets?: readonly SloTarget[];
    readonly e2eTargets?: readonly SloTarget[];
    readonly scope?: Readonly<Record<SloMetric, SloScope>>;
  };
  readonly reference: ReferenceConfig;
}

export interface Service {
  readonly name: string;
  readonly model: ModelId;
  readonly classIds: readonly string[];
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly file: string;
  readonly horizon: {
    readonly startIso: string;
    readonly windowHours: number;
    readonly windows: readonly Window[];
  };
  readonly services: readonly Service[];
  readonly classes: readonly RequestClass[];
  /** demandRps[k][w]: request rate of class k in window w. */
  readonly demandRps: readonly Float64Array[];
  readonly hardware: {
    readonly gpus: readonly GpuId[];
    readonly tp: readonly number[];
    readonly clocksMHz: Readonly<Record<string, readonly number[]>>;
    readonly roles: readonly Role[];
    /** GPU types allowed per role (Splitwise-HA: H100 prefill, A100 decode); a role not listed may use any. */
    readonly roleGpus: Readonly<Partial<Record<Role, readonly GpuId[]>>>;
    /** Power cap per role as a share of TDP (Splitwise-HHcap: decode at 0.7); absent = uncapped. */
    readonly powerCapFraction: Readonly<Partial<Record<Role, number>>>;
    readonly inventoryServers: Readonly<Record<string, number>>;
    readonly maxServers: Readonly<Record<string, number>>;
    /** Engine presets the planner may use, the scenario's first choice first. */
    readonly stacks: readonly StackId[];
    /** Number formats the planner may use (an accuracy trade the scenario opts into), first choice first. */
    readonly precisions: readonly Precision[];
    /** Fitted preset files (hardware.calibration, `llmcap profiles fit`), read where the step model is built. */
    readonly calibration: readonly ScenarioFileRef[];
  };
  readonly prices: {
    /** Effective cost of one GPU for one hour: rental, or amortized capex. */
    readonly gpuHourUsd: Readonly<Record<string, number>>;
    readonly gpuCostBasis: Readonly<Record<string, 'rental' | 'capex'>>;
    /** Purchase price of one server, for the GPU types bought (basis 'capex'): the upfront outlay per new server. */
    readonly capexUsdPerServer: Readonly<Record<string, number>>;
    readonly electricityUsdPerKWh: Float64Array;
    readonly carbonGPerKWh: Float64Array;
    readonly carbonUsdPerTon: number;
    /** The acquisition modes and their prices, when the scenario offers them (prices.acquisition); absent, each type is bought (capex) or reserved, as gpuCostBasis says. */
    readonly billing?: Billing;
    /** Running cost per GPU-hour of owned (inventory) servers besides energy, for the types given (prices.ownedGpuHourUsd); absent = 0. */
    readonly ownedGpuHourUsd?: Readonly<Record<string, number>>;
    /** On-demand prices as given (prices.onDemandGpuHourUsd), for compare's designs when the scenario itself offers no on-demand mode; absent when not given. */
    readonly onDemandGpuHourUsd?: Readonly<Record<string, number>>;
  };
  readonly power: {
    /** Infinity when the scenario sets no budget. */
    readonly provisionedKW: number;
    readonly pue: number;
    readonly serverOverheadW: Readonly<Record<string, number>>;
    readonly capping: CappingPolicy;
    /** Servers a window does not need: powered and idle, or powered down. */
    readonly idleServers: 'on' | 'off';
    /** What must fit the provisioned power: the predicted peak (oversubscription), the nameplate, or the GPUs' TDP. */
    readonly budgetBasis: PowerBudgetBasis;
  };
  readonly reconfiguration: {
    readonly instanceStartS: number;
    readonly reshardS: number;
    readonly clockChangeMs: number;
    readonly gpuStartCostUsd: number;
    /** Infinity when unlimited. */
    readonly maxGpuStartsPerWindow: number;
  };
  readonly simulation: SimulationSettings;
  readonly planning: {
    readonly maxUtilization: number;
    /** Expected share of a class's judged cells allowed to miss as point estimates: the repair loop's second target (repair/pointRepair.ts); 1 = significant misses only. Absent: POINT_MISS_OFF (1). */
    readonly pointMissBudget?: number;
    /** Which classes may share a prefilling pool: one input-length bin, any, or one class only. */
    readonly pools: PoolPartition;
    /** Rounds of replay and repair after the MILP (src/repair). */
    readonly repairRounds: number;
    /** A deployment file whose pools `plan` holds (planning.fixPools); `plan --fix-pools` takes precedence. */
    readonly fixPools?: ScenarioFileRef;
    /** What stays the same in every window (a design's `hold`, docs/compare.md); absent, every window is re-planned freely. */
    readonly hold?: readonly HeldChoice[];
    /** With `hold`: it holds within periods of this many minutes from the horizon's start, re-chosen between them; absent, over the whole horizon. */
    readonly holdPeriodMinutes?: number;
  };
  readonly objective: { readonly name: string; readonly weights: ObjectiveWeights };
  readonly solver: {
    readonly backend: SolverBackendName;
    readonly timeLimitSec: number;
    /** Relative gap of the whole plan (fleet and operation) on the objective. */
    readonly mipGap: number;
    /** Relative gap of each window's operation on its own operating cost. */
    readonly windowGap: number;
  };
}

/** How a server is paid for (docs/billing.md). */
export type AcquisitionMode = 'buy' | 'reserve' | 'onDemand';

/** The acquisition modes a scenario offers, per GPU type, with the price of each. */
export interface Billing {
  /** Modes offered per GPU type (every type of hardware.gpus), in the order buy, reserve, onDemand. */
  readonly modes: Readonly<Record<string, readonly AcquisitionMode[]>>;
  /** Reserve: rent for the whole horizon, USD per GPU-hour (prices.gpuHourUsd, default catalog). */
  readonly reserveGpuHourUsd: Readonly<Record<string, number>>;
  /** Buy: the purchase price amortized straight-line, USD per GPU-hour (types with prices.capex). */
  readonly buyGpuHourUsd: Readonly<Record<string, number>>;
  /** On demand: USD per GPU-hour of each window a server is rented (prices.onDemandGpuHourUsd, default catalog). */
  readonly onDemandGpuHourUsd: Readonly<Record<string, number>>;
}

export interface CappingLevel {
  /** Row power as a share of provisioned power at which the level engages. */
  readonly atFraction: number;
  /** Clock cap as a share of each GPU's maximum clock. */
  readonly clockFraction: number;
}

export interface CappingPolicy {
  readonly levels: readonly CappingLevel[];
  readonly releaseHysteresis: number;
  readonly controlDelayS: number;
  readonly maxCappedShare: number;
}

/** How synthetic requests arrive (workload/synthesize.ts): Poisson, gamma renewals per class, or a service's measured gaps. */
export type ArrivalLaw = 'poisson' | 'gamma' | 'empirical';

/** Routing within a pool (sim/routing/registry.ts); 'jsq' is request-JSQ under its older name. */
export type RouterName = 'jsq' | 'request-jsq' | 'token-jsq' | 'round-robin' | 'random' | 'power-of-two' | 'workload-aware';

/** Every router name, in the order the docs list them. */
export const ROUTER_NAMES: readonly RouterName[] = ['jsq', 'request-jsq', 'token-jsq', 'round-robin', 'random', 'power-of-two', 'workload-aware'];

export interface SimulationSettings {
  readonly seed: number;
  readonly arrivals: ArrivalLaw;
  readonly burstiness: number;
  /** Empirical arrivals: [probability, gap as a multiple of the mean gap] from [0, …] to [1, …]. */
  readonly gapQuantiles?: readonly (readonly [number, number])[];
  readonly router: RouterName;
  readonly predictorAccuracy: number;
  readonly governor: 'fixed' | 'dynamic';
  readonly governorPeriodS: number;
  /** Engine settings of the first listed preset (with the scenario's overrides); per preset in `engines`. */
  readonly maxBatch: number;
  readonly chunkedPrefill: boolean;
  /** Most prompt tokens one prefill pass batches (a longer prompt runs alone). */
  readonly prefillTokenBudget: number;
  /**
   * Phase-split overflow: a prompt whose prefill pool is saturated runs on a mixed pool (or, without
   * one, whole on a decode instance); a request whose decode pool is saturated decodes where it was prefilled.
   */
  readonly overflow: boolean;
  /** Each listed preset's engine settings, with simulation.maxBatch / chunkedPrefill / chunkTokens overriding the preset's. */
  readonly engines: Readonly<Partial<Record<StackId, EngineSettings>>>;
}

/** One rule for which classes share a pool (capacity/poolPartition.ts). */
export type FixedPartition = 'by-input-bin' | 'by-service-and-input-bin' | 'shared' | 'per-class';
/**
 * The scenario's choice: one fixed rule, or several rules the MILP picks among per window and GPU type
 * (a list of two or more, in one fixed order, without repeats: poolRules.ts; `optimize` lists by-input-bin, shared and per-class).
 */
export type PoolPartition = FixedPartition | 'optimize' | readonly FixedPartition[];

/**
 * A choice held across the horizon's windows (a static deployment): the instance count or the GPUs
 * in service of each pool, and whether the TP degree and the clock may change between windows.
 */
export type HeldChoice = 'instances' | 'gpus' | 'tp' | 'clock';
export const HELD_CHOICES: readonly HeldChoice[] = ['instances', 'gpus', 'tp', 'clock'];

/** A file a scenario names: as written, resolved against the scenario file's directory, and where it is named. */
export interface ScenarioFileRef {
  /** As written in the scenario. */
  readonly given: string;
  /** Relative paths resolved against the scenario file's directory. */
  readonly path: string;
  /** The field and its line in the scenario file, for errors about the file. */
  readonly field: string;
  readonly line?: number;
}
