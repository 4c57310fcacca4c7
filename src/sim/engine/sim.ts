/**
 * The replay's state in one place: the kernel, requests, instances, the current window's pools and
 * routes, fleet power, capping state, the window ledger and the request buffer. The processes
 * (instanceProcess, requestStory, windowSwitch, control) act on it; nothing here decides anything.
 */
import type { CappingPolicy, Scenario } from '../../scenario/index.js';
import type { Classifier } from '../../workload/index.js';
import type { Rng } from '../../core/random.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Instance } from '../entities/instance.js';
import type { Pool } from '../entities/pool.js';
import type { PoolLayout } from '../entities/poolLayout.js';
import { RequestTable } from '../entities/requestTable.js';
import type { Transition } from '../entities/transition.js';
import type { AdmissionRule } from '../batching/admission.js';
import { FleetPower } from '../power/fleetPower.js';
import type { ClassRoutes } from '../routing/classRoutes.js';
import type { Predictor } from '../routing/predictor.js';
import type { StepCache, StepTable } from '../timing/stepTable.js';
import type { PoolGovernorFacts } from '../power/governor.js';
import type { RequestBuffer } from '../metrics/requestBuffer.js';
import { emptyRequestRecord } from '../metrics/requestColumns.js';
import type { WindowLedger } from '../metrics/windowLedger.js';
import type { ClassTargets, RequestSampling } from '../types.js';

/** Event kinds the replay schedules on the kernel. */
export const EV = {
  /** An instance's current step (prefill, decode run, hybrid run, clock stall, start-up) ends. */
  step: 0,
  /** A request's KV cache arrives at its decode instance. */
  transfer: 1,
  boundary: 2,
  /** New instances of the next window start loading. */
  prestage: 3,
  /** The power monitor's sample. */
  sample: 4,
  /** A decided capping level takes effect. */
  capApply: 5,
  governor: 6,
} as const;

/**
 * Same-instant order: power samples first (they close the interval ending now), then the window
 * boundary, then completions (step ends, transfers), then arrivals, then control (capping, governor).
 */
export const PRIORITY = { sample: 0, window: 1, completion: 2, arrival: 3, control: 4 } as const;

export interface SimSettings {
  readonly windowS: number;
  readonly windowsCount: number;
  readonly maxBatch: number;
  readonly chunkedPrefill: boolean;
  readonly prefillTokenBudget: number;
  readonly clockChangeS: number;
  readonly reshardS: number;
  readonly instanceStartS: number;
  readonly governor: 'fixed' | 'dynamic';
  readonly governorPeriodS: number;
  readonly capping: CappingPolicy;
  /** Infinity without a budget. */
  readonly provisionedW: number;
  readonly sampleS: number;
}

export interface SimCounts {
  read: number;
  simulated: number;
  completed: number;
  rejected: number;
  unclassified: number;
  beyondHorizon: number;
  mispredicted: number;
  unplanned: number;
}

export class Sim {
  kernel!: Kernel;
  readonly requests = new RequestTable();
  readonly instances: Instance[] = [];
  /** The current window's pools and class routes. */
  pools: Pool[] = [];
  routes: ClassRoutes[] = [];
  window = 0;
  /** Covered windows are over: boundaries, samples and control events are ignored. */
  ended = false;
  readonly fleet = new FleetPower();
  /** GPUs held by live instances, per GPU type of the layout. */
  liveGpus: Float64Array = new Float64Array(0);
  pendingTransition: { readonly window: number; readonly transition: Transition; readonly fresh: readonly (readonly Instance[])[] } | undefined;

  capLevel = 0;
  capPendingLevel = 0;
  capStamp = 0;
  capSinceS = 0;
  capLevelChanges = 0;
  lowestClockMHz = Infinity;
  lastSampleJ = 0;
  lastSampleS = 0;
  /** Energy at the start of the current window, J (total and static part). */
  windowStartJ = 0;
  windowStartStaticJ = 0;

  readonly counts: SimCounts = { read: 0, simulated: 0, completed: 0, rejected: 0, unclassified: 0, beyondHorizon: 0, mispredicted: 0, unplanned: 0 };
  /** Per-pool facts of the dynamic governor, computed on first use. */
  readonly governorFacts = new WeakMap<Pool, PoolGovernorFacts>();
  /** Scratch record handed to the request buffer. */
  readonly record = emptyRequestRecord();

  constructor(
    readonly scenario: Scenario,
    readonly layout: PoolLayout,
    readonly settings: SimSettings,
    readonly stepCache: StepCache,
    readonly targets: readonly ClassTargets[],
    /** Per class, its SLO reference config (for slowdown targets). */
    readonly referenceSteps: readonly StepTable[],
    readonly classify: Classifier,
    readonly serviceMap: Int32Array,
    readonly predict: Predictor,
    readonly routerRng: Rng,
    readonly admission: AdmissionRule,
    readonly ledger: WindowLedger,
    readonly buffer: RequestBuffer | undefined,
    readonly sampling: RequestSampling,
  ) {}
}
