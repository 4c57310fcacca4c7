/**
 * One running copy of a model on TP GPUs: what it holds (wait queue, prefill batch, decode batch, KV
 * blocks), where its decode run stands (iteration counter, run start, iteration time), its clock and
 * its power. Plain mutable state; the engine's instance process (engine/instanceProcess.ts) drives it.
 */
import { CellCounts } from './cellCounts.js';
import { hostLoadFactor, type GpuSpec, type ModelSpec, type Precision } from '../../catalog/index.js';
import type { ConfigPoint, StackId } from '../../profiles/index.js';
import type { StepTable } from '../timing/stepTable.js';
import { FinishHeap } from './finishHeap.js';
import { GapHistory } from './gapHistory.js';
import { IntQueue } from './intQueue.js';

export const ROLE = { mixed: 0, prefill: 1, decode: 2 } as const;
export type RoleCode = (typeof ROLE)[keyof typeof ROLE];

export const STATE = {
  /** Not running: no power of its own, its GPUs are idle GPUs of the fleet. */
  off: 0,
  /** Loading before it may serve (pre-staged for the next window, or re-sharding). */
  starting: 1,
  idle: 2,
  prefill: 3,
  decode: 4,
  /** Decode iterations carrying chunks of a prefill (chunked prefill). */
  hybrid: 5,
  /** Clock change in progress. */
  stall: 6,
} as const;
export type StateCode = (typeof STATE)[keyof typeof STATE];

/** What an instance runs beside its model and GPUs: the engine preset, the precision, and the engine's limits. */
export interface InstanceEngine {
  readonly stack: StackId;
  readonly precision: Precision;
  /** Most sequences decoding together. */
  readonly maxBatch: number;
  /** Prompt tokens a step carries beside its decodes (chunked prefill); 0 = prefill runs first, stalling the batch. */
  readonly chunkTokens: number;
}

export class Instance {
  state: StateCode = STATE.off;
  /** Bumped to cancel this instance's scheduled step end. */
  version = 0;
  /** Index of the pool (in its window's layout) the instance serves, -1 once drained. */
  poolIndex = -1;
  /** Pool label id of its current pool (for records). */
  poolLabel = -1;
  draining = false;
  live = false;

  // Clock: the instance runs min(target, cap); target is the planned clock or the governor's choice.
  plannedClockMHz: number;
  governorClockMHz = NaN;
  capClockMHz = Infinity;
  steps: StepTable;

  // KV cache, in 16-token blocks.
  readonly kvTotalBlocks: number;
  kvFreeBlocks: number;

  readonly waiting = new IntQueue();
  /** Slots of the prefill batch in progress. */
  prefillSlots: Int32Array;
  prefillCount = 0;
  prefillTokens = 0;
  /** Chunked prefill: tokens of the batch not yet processed. */
  prefillRemaining = 0;

  // Decode batch: finish heap over an iteration counter; Σ(input + 1 − joinIter) gives mean context.
  readonly finish = new FinishHeap();
  batch = 0;
  ctxBase = 0;
  iter = 0;
  /** Slots that got their first token and await their first decode gap. */
  readonly justJoined = new IntQueue();
  readonly gaps = new GapHistory();
  /**
   * Decode-batch members past their first gap, counted per window-ledger cell (window × classes +
   * class): every run gives each of them the same gaps, so the ITL of all tokens costs one histogram
   * update per cell and run, not one per token.
   */
  readonly decodeCells = new CellCounts();
  lastIterEndS = 0;

  // Current run (decode or hybrid): iterations of constant time from runStartS.
  runStartS = 0;
  runIterS = 0;
  runIters = 0;
  runInterrupted = false;
  /** Hybrid runs: prefill tokens processed per iteration. */
  runChunkTokens = 0;

  /** Requests routed here and not finished: wait queue + prefill batch + decode batch. */
  outstanding = 0;
  /** Prompt tokens routed here and not yet prefilled (token-JSQ routing, overflow). */
  pendingPromptTokens = 0;
  /** Σ estimated prefill ms of waiting prompts (workload-aware routing). */
  queuedPrefillMs = 0;

  /** Wall power now (GPUs plus the host power their load adds), W. */
  powerW = 0;
  /** Power of its GPUs at bare idle, W, and wall watts per GPU watt above that (host load). */
  readonly bareIdleW: number;
  readonly wallPerGpuW: number;
  /** Seconds spent prefilling or stalled (clock changes), for the governor's stall share. */
  stalledS = 0;
  stalledAtTickS = 0;

  constructor(
    readonly id: number,
    readonly role: RoleCode,
    readonly model: ModelSpec,
    readonly gpu: GpuSpec,
    readonly gpuIndex: number,
    readonly tp: number,
    kvTotalBlocks: number,
    plannedClockMHz: number,
    steps: StepTable,
    readonly engine: InstanceEngine,
  ) {
    this.kvTotalBlocks = kvTotalBlocks;
    this.kvFreeBlocks = kvTotalBlocks;
    this.plannedClockMHz = plannedClockMHz;
    this.steps = steps;
    this.prefillSlots = new Int32Array(Math.max(1, engine.maxBatch));
    this.bareIdleW = tp * gpu.idleW.value;
    this.wallPerGpuW = 1 + hostLoadFactor(gpu);
  }

  /** The step model's config point for this instance at a clock. */
  pointAt(clockMHz: number): ConfigPoint {
    return { model: this.model, gpu: this.gpu, tp: this.tp, clockMHz, stack: this.engine.stack, precision: this.engine.precision };
  }

  /** Clock the instance should run at now. */
  targetClockMHz(): number {
    const wanted = Number.isNaN(this.governorClockMHz) ? this.plannedClockMHz : this.governorClockMHz;
    return Math.min(wanted, this.capClockMHz);
  }

  /** Mean context of the decode batch at the current iteration, tokens. */
  meanContextTokens(): number {
    return this.batch > 0 ? this.ctxBase / this.batch + this.iter : 0;
  }

  /** Nothing queued, prefilling or decoding. */
  empty(): boolean {
    return this.outstanding === 0;
  }
}
