/** The plan: what to buy and how to run it in every window. Plain read-only values. */
import type { GpuId } from '../catalog/index.js';
import type { Role } from '../scenario/index.js';
import type { BackendName, Termination } from '../solver/index.js';

export type PoolRole = Role | 'idle';

/** One (window, pool) row. Role 'idle' rows carry the fleet's unused GPUs and the servers' host power. */
export interface PlanRow {
  readonly window: number;
  readonly windowStart: string;
  readonly model: string;
  readonly gpu: string;
  readonly tp: number;
  readonly clockMHz: number;
  readonly role: PoolRole;
  /**
   * The classes the pool is kept to, under the scenario's pool partition (planning.pools): the
   * partition's name, e.g. 'conversation:in0-1024' for a pool of one service and input bin; 'shared'
   * for a pool any class its config serves may join; '' for idle rows. Pools alike in every other
   * column are told apart by it.
   */
  readonly pool: string;
  /** Engine preset and precision of the pool's instances ('' for idle rows). */
  readonly stack: string;
  readonly precision: string;
  readonly instances: number;
  readonly gpus: number;
  /** Request rate per class id; classes the pool does not serve are 0. */
  readonly ratesRps: Readonly<Record<string, number>>;
  /** Share of the pool's SLO capacity in use (Σ_k x_k / cap_k / instances). */
  readonly utilization: number;
  readonly meanPowerKW: number;
  /** Facility energy in the window (IT energy × PUE). */
  readonly energyKWh: number;
  /** GPU rental/amortization for the pool's GPUs in the window, plus its energy cost. */
  readonly costUsd: number;
  readonly carbonKg: number;
  /**
   * With on-demand billing (docs/billing.md): servers of the row's GPU type rented on demand for the
   * window and their rent, carried on the type's idle row (0 on pool rows), so a column sums to the total.
   */
  readonly onDemandServers?: number;
  readonly onDemandUsd?: number;
}

export interface ProcurementRow {
  readonly gpu: string;
  readonly server: string;
  readonly gpusPerServer: number;
  readonly inventoryServers: number;
  readonly servers: number;
  readonly newServers: number;
  readonly gpus: number;
  readonly costBasis: 'rental' | 'capex';
  readonly gpuHourUsd: number;
  /** Cost of these GPUs over the whole horizon. */
  readonly horizonCostUsd: number;
  /** Purchase price of the new servers (capex basis); 0 when rented or none are new. */
  readonly upfrontUsd: number;
  /**
   * With stated acquisition modes (prices.acquisition): the new servers bought and reserved, the
   * modes offered, and the servers rented on demand: most in one window, server-hours and rent.
   */
  readonly billing?: ProcurementBilling;
  /** Power these servers would draw at nameplate, kW. */
  readonly nameplateKW: number;
}

export interface ProcurementBilling {
  readonly modes: readonly string[];
  readonly boughtServers: number;
  readonly reservedServers: number;
  readonly onDemandPeakServers: number;
  readonly onDemandServerHours: number;
  readonly onDemandCostUsd: number;
  /** USD per GPU-hour of each mode offered (buy: the amortized purchase price). */
  readonly buyGpuHourUsd?: number;
  readonly reserveGpuHourUsd?: number;
  readonly onDemandGpuHourUsd?: number;
}

export interface WindowSummary {
  readonly window: number;
  readonly windowStart: string;
  readonly demandRps: number;
  readonly servedRps: number;
  readonly activeGpus: number;
  readonly meanPowerKW: number;
  readonly predictedPeakKW: number;
  readonly energyKWh: number;
  /** Part of energyKWh spent booting GPUs brought into service at the window start. */
  readonly startEnergyKWh: number;
  readonly gpuStarts: number;
  /** Energy cost plus any per-GPU start charge. */
  readonly energyCostUsd: number;
  readonly carbonKg: number;
  /**
   * The window's operating cost in the objective's units (energy of pools, idle GPUs and hosts,
   * start-ups, carbon price; not the fleet), its proven lower bound given the fleet and the window
   * before, and their relative gap. Undefined where no window solve ran (throughput mode).
   */
  readonly operatingObjective?: number;
  readonly operatingBound?: number | undefined;
  readonly operatingGap?: number | undefined;
  /** GPUs of instances no pool needs, kept active so that a later ramp-limited window stays feasible. */
  readonly heldForRampGpus?: number;
  /**
   * With stated acquisition modes (prices.acquisition; docs/billing.md): the fleet's servers (owned,
   * bought, reserved) in service in the window, the servers rented on demand for it, and their rent.
   */
  readonly committedServers?: number;
  readonly onDemandServers?: number;
  readonly onDemandCostUsd?: number;
  /** Servers rented on demand per GPU type (types offered on demand). */
  readonly onDemandByGpu?: Readonly<Record<string, number>>;
}

/** A window's operating cost against its bound (the report lists the worst). */
export interface WindowGap {
  readonly window: number;
  readonly windowStart: string;
  readonly operatingObjective: number;
  readonly operatingBound: number | undefined;
  readonly gap: number | undefined;
}

/**
 * How a plan's solve ended: 'optimal' only when both gaps are proven within their targets;
 * 'gap_above_target' when the solve finished but a gap is above its target or unknown.
 */
export type PlanTermination = Termination | 'gap_above_target';

/** Seconds per solve stage: `capacity` (the SLO-feasible load table), then the MILP stages. */
export type StageSeconds = Readonly<Record<string, number>>;

export interface SolveSummary {
  readonly backend: BackendName;
  readonly method: 'monolithic' | 'fleet-decomposition';
  readonly termination: PlanTermination;
  readonly objective: number;
  readonly bound: number | undefined;
  readonly gap: number | undefined;
  readonly seconds: number;
  /** Where `seconds` went, by stage in the order they ran (capacity, fleet, operation, bounds), s. */
  readonly stageSeconds?: StageSeconds;
  readonly subproblems: number;
  readonly limitReached: boolean;
  /** Where a time limit stopped the solve: the stage or window and its share of the limit. */
  readonly limitStage?: string;
  /** The targets: overall (solver.mipGap) and per window (solver.windowGap). */
  readonly mipGapTarget?: number;
  readonly windowGapTarget?: number;
  /** The largest window operating gap (undefined if a window has no bound). */
  readonly worstWindowGap?: number | undefined;
  /** The windows with the largest operating gaps, worst first (at most 5). */
  readonly worstWindows?: readonly WindowGap[];
  readonly notes: readonly string[];
}

export interface PlanTotals {
  readonly fleetCostUsd: number;
  readonly energyCostUsd: number;
  readonly totalCostUsd: number;
  readonly energyKWh: number;
  readonly operationalCarbonKg: number;
  readonly embodiedCarbonKg: number;
  readonly peakPowerKW: number;
  readonly provisionedKW: number;
  readonly nameplateKW: number;
  /** Σ nameplate / provisioned power (POLCA's oversubscription); undefined without a budget. */
  readonly oversubscription: number | undefined;
  readonly servers: number;
  readonly gpus: number;
  /** Σ procurement upfrontUsd: the purchase outlay for new servers bought (capex basis), 0 when none. */
  readonly upfrontUsd: number;
  /** New servers bought (capex basis), the ones upfrontUsd pays for. */
  readonly boughtServers: number;
  /** With stated acquisition modes: new servers reserved for the horizon, and the on-demand rent (part of totalCostUsd) and server-hours. */
  readonly reservedServers?: number;
  readonly onDemandCostUsd?: number;
  readonly onDemandServerHours?: number;
}

export interface Plan {
  readonly scenario: string;
  readonly classIds: readonly string[];
  readonly rows: readonly PlanRow[];
  readonly procurement: readonly ProcurementRow[];
  readonly windows: readonly WindowSummary[];
  readonly totals: PlanTotals;
  readonly solve: SolveSummary;
  /** Where the latency and power numbers came from (the distinct sources of the pools used). */
  readonly profileSource: string;
  /** Per (model/GPU/tpN/clock) used by a pool: where its step times and power came from. */
  readonly poolSources: Readonly<Record<string, string>>;
  /** Profile lookups at the plan's operating points that left a table's range (clamped to its edge). */
  readonly profileClamps?: readonly ProfileClamp[];
  /** The same scenario planned as DynamoLLM's SinglePool, when asked for. */
  readonly baseline?: BaselineComparison;
  /** The replay-and-repair loop after the MILP (src/repair), when it ran. */
  readonly repair?: RepairSummary;
}

/** What the repair loop did: rounds, the cells its slice replays found missing, and what fixing them cost. */
export interface RepairSummary {
  /** Re-solves made (0: the first plan passed its slice replay). */
  readonly rounds: number;
  readonly maxRounds: number;
  /** Distinct windows replayed (same demand and pools replayed once), in the first round. */
  readonly replayedWindows: number;
  /** (window, class) cells missing significantly in the first and in the last slice replay. */
  readonly cellsMissedBefore: number;
  readonly cellsMissedAfter: number;
  /** (window, config, class) capacities corrected. */
  readonly corrections: number;
  /** What the repair added to the plan: total cost, USD, and GPUs. */
  readonly costUsd: number;
  readonly gpus: number;
  readonly seconds: number;
  /** Why the loop stopped before the replay passed or the rounds ran out, if it did. */
  readonly stopped?: string;
  /** Each pool at its config's peak in the kept plan's slice replay, most latency headroom first (src/repair/poolHeadroom.ts). */
  readonly headroom?: readonly PoolHeadroom[];
}

/** A pool at its config's peak window, and the latency room its classes had there in the repair loop's replay. */
export interface PoolHeadroom {
  /** The config, as the replay names it ('Llama-2-70B/H100-80GB/tp8/1980/mixed'). */
  readonly pool: string;
  /** The config's peak: the window with most of its instances. */
  readonly window: number;
  readonly windowStart: string;
  readonly instances: number;
  /** Planned share of the pool's SLO capacity in use there. */
  readonly utilization: number;
  readonly classes: readonly string[];
  /** Of those, the classes whose cell was large enough to judge a percentile. */
  readonly judgedClasses: number;
  /** 1 − the worst latency-at-percentile / target over the judged classes and metrics; null when none was judged. */
  readonly latencyHeadroom: number | null;
}

/** A profile lookup at a plan's operating point that left a table's range (profileClamps.ts). */
export interface ProfileClamp {
  readonly pool: string;
  readonly classId: string;
  readonly phase: 'prefill' | 'decode';
  readonly axes: readonly string[];
}

/** DynamoLLM's SinglePool design the plan is compared with (singlePoolBaseline.ts). */
export interface BaselineDesign {
  readonly name: string;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly clockMHz: number;
}

export interface BaselineComparison {
  readonly design: BaselineDesign;
  /** Totals of the baseline plan, or why it has none (e.g. SLOs it cannot meet). */
  readonly totals?: Plan['totals'];
  readonly error?: string;
  /** Relative change of the optimized plan vs the baseline (negative = the plan saves). */
  readonly delta?: { readonly costUsd: number; readonly energyKWh: number; readonly carbonKg: number; readonly gpus: number };
  /** The baseline's own replay-and-repair loop, when it ran: the comparison is between plans that pass. */
  readonly repair?: RepairSummary;
  /**
   * The baseline passes its replay for less than the plan on the objective, with options the scenario
   * does not give its plan (so the plan could not be it): what those options are, and how to open them.
   */
  readonly cheaperOutsideOptions?: string;
}
