import type { GpuId } from '../catalog/index.js';
import type { AcquisitionMode, HeldChoice, PoolPartition, PowerBudgetBasis, Role } from '../scenario/index.js';

/** A resolved design: restrictions checked against the catalog. */
export interface Design {
  readonly name: string;
  readonly description: string;
  readonly gpus?: readonly GpuId[];
  readonly roles?: readonly Role[];
  readonly tp?: readonly number[];
  /** 'max' or 'min': every GPU locked at its maximum clock, or at the lowest clock the scenario lists (a frequency cap). */
  readonly clocks: 'max' | 'min' | 'scenario';
  readonly roleGpus?: Readonly<Partial<Record<Role, readonly GpuId[]>>>;
  readonly powerCap?: Readonly<Partial<Record<Role, number>>>;
  readonly pools?: PoolPartition;
  readonly powerBudget?: PowerBudgetBasis;
  /** Acquisition modes the design may use (docs/billing.md); absent, the scenario's. */
  readonly acquisition?: readonly AcquisitionMode[];
  /** What every window keeps the same (a static design, docs/compare.md); absent, windows are re-planned freely. */
  readonly hold?: readonly HeldChoice[];
  /** With `hold`: the period it holds over, minutes (DynamoLLM's cluster manager re-sizes every 30); absent, the whole horizon. */
  readonly holdPeriodMinutes?: number;
}

export type CompareMode = 'iso-throughput' | 'iso-power' | 'iso-cost';
