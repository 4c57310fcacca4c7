import type { GpuId, ModelId, Precision } from '../catalog/index.js';
import type { StackId } from '../profiles/index.js';
import type { FixedPartition, Role } from '../scenario/index.js';

/** One way to run a model: (model, GPU type, TP degree, SM clock, role), on an engine preset at a precision. */
export interface Config {
  /** e.g. 'Llama-2-70B/H100-80GB/tp8/1980/mixed'. */
  readonly id: string;
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly clockMHz: number;
  readonly role: Role;
  /** Per-GPU power cap, W (Splitwise-HHcap); absent = the GPU's TDP. */
  readonly powerCapW?: number;
  /** Serving engine preset; absent = vllm-2023. */
  readonly stack?: StackId;
  /** Number format of weights, activations and KV; absent = bf16. */
  readonly precision?: Precision;
}

export type BindingConstraint =
  | 'ttft' // the TTFT percentile reaches its target first
  | 'tbt' // the TBT percentile reaches its target first
  | 'itl' // the ITL percentile (every gap between tokens) reaches its target first
  | 'kv-memory' // the KV cache fills HBM first
  | 'max-batch' // the serving engine's batch limit (simulation.maxBatch) is reached first
  | 'saturation' // the instance is busy all the time
  | 'weights-do-not-fit' // capacity 0: the weights leave no room for a KV cache
  | 'ttft-unloaded' // capacity 0: even alone, the request misses its TTFT target
  | 'ttft-sharers' // capacity 0: its TTFT would cut the capacity of a class that may share its pools by more than half (capacityTable.ts)
  | 'tbt-unloaded'; // capacity 0: even alone, the request misses its TBT target

/** SLO-feasible load of one instance of a config for one request class. */
export interface ClassCapacity {
  readonly configId: string;
  readonly classId: string;
  readonly maxRps: number;
  readonly binding: BindingConstraint;
  /** Requests decoding together at that load. */
  readonly batchAtCapacity: number;
  readonly ttftMsAtCapacity: number;
  readonly tbtMsAtCapacity: number;
  /**
   * A class whose SLO is judged over a pooled scope (service or all) on a mixed config: its capacity
   * with the pooled metrics' allowed miss share multiplied by each `missMultiple` (0.5: half the
   * misses, a tighter percentile; 5: five times as many). The planner's miss budget spreads the pooled
   * percentile over the classes (missBudget.ts). Absent for every other row.
   */
  readonly missLevels?: readonly { readonly missMultiple: number; readonly maxRps: number }[];
  /** The model's ITL at the class's ITL percentile at that load, ms; only for a class with an ITL target. */
  readonly itlMsAtCapacity?: number;
  /** Mean instance power at that load (all TP GPUs), W. */
  readonly powerAtCapacityW: number;
  /**
   * Mean instance power at LOW_LOAD_SHARE of that load, W. Power is concave in load (a decode batch
   * that is rarely empty draws nearly full decode power at a fraction of the capacity), so the planner
   * fits a chord through both points instead of a line from idle.
   */
  readonly powerAtLowLoadW: number;
}

export interface ConfigPower {
  /** Instance power with the model loaded and nothing running, W. */
  readonly idleW: number;
  /** Instance power while prefilling, W (the spikes POLCA describes). */
  readonly prefillW: number;
}

/** The TTFT target of a request with a prompt of `tokens`, ms. */
export interface PromptTarget {
  readonly tokens: number;
  readonly ms: number;
}

export interface SloTargetsMs {
  /** TTFT target of a request with the class's mean prompt, ms. */
  readonly ttftMs: number;
  /**
   * Prompt length at which the TTFT target is checked: the class mean for slowdown targets (the
   * slowdown is relative to each request's own length), the tail length at the percentile for
   * absolute targets (long prompts set the tail).
   */
  readonly ttftCheckTokens: number;
  readonly ttftPercentile: number;
  /**
   * The TTFT target at the class's prompt quantiles (equal weights): a share 1 − percentile of the
   * requests may miss their own target. Differs by prompt for slowdown targets.
   */
  readonly ttftByPrompt: readonly PromptTarget[];
  readonly tbtMs: number;
  readonly tbtPercentile: number;
  /** Every target of the class (the fields above are the highest-percentile ones), ascending percentile. */
  readonly ttftTargets: readonly { readonly percentile: number; readonly ms: number; readonly checkTokens: number; readonly byPrompt: readonly PromptTarget[] }[];
  readonly tbtTargets: readonly { readonly percentile: number; readonly ms: number }[];
  /**
   * ITL target (every gap between two tokens, pooled) of the highest percentile, when the class has
   * one: the role models check the per-gap tail beside the TPOT one. Absent: no ITL check.
   */
  readonly itlMs?: number;
  readonly itlPercentile?: number;
  readonly itlTargets?: readonly { readonly percentile: number; readonly ms: number }[];
  /** E2E targets, each as the TTFT and TPOT target pairs that imply it (sloTargets.ts). */
  readonly e2eTargets?: readonly E2eTargetMs[];
}

/** The TTFT target of one check: its percentile, its value at the class mean, where it is checked, and per prompt. */
export interface TtftTargetMs {
  readonly percentile: number;
  readonly ms: number;
  readonly checkTokens: number;
  readonly byPrompt: readonly PromptTarget[];
}

export interface E2eTargetMs {
  readonly percentile: number;
  /** At the class's mean lengths (for a slowdown, slowdown × the isolated latency), ms. */
  readonly ms: number;
  /** TTFT and TPOT target pairs, each sufficient for the E2E target (a union bound): the capacity is the best of them. */
  readonly splits: readonly { readonly ttft: TtftTargetMs; readonly tbt: { readonly percentile: number; readonly ms: number } }[];
}

export interface CapacityTable {
  readonly configs: readonly Config[];
  readonly power: ReadonlyMap<string, ConfigPower>;
  /** Only the rows with maxRps > 0. */
  readonly rows: readonly ClassCapacity[];
  /** Every evaluated (config, class), including zero-capacity ones with their reason. */
  readonly all: readonly ClassCapacity[];
  readonly sloTargets: ReadonlyMap<string, SloTargetsMs>;
  /**
   * planning.pools `optimize`: `rows` and `all` are by-input-bin's, and this holds, per other
   * partition ('shared', 'per-class'), the rows with maxRps > 0 of each config whose capacities
   * that partition's sharing changes (by config id; a config not listed has by-input-bin's rows
   * under it too). Absent under a fixed partition.
   */
  readonly partitionRows?: ReadonlyMap<FixedPartition, ReadonlyMap<string, readonly ClassCapacity[]>>;
}
