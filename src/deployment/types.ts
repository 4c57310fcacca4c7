/** A deployment read from its file: pools per window (or one set for all) and routing. */
import type { GpuId, ModelId, Precision } from '../catalog/index.js';
import type { StackId } from '../profiles/index.js';
import type { FieldPath, YamlSource } from '../scenario/index.js';
import type { ReplayRouting } from '../sim/index.js';

export type DeploymentRole = 'mixed' | 'prefill' | 'decode';

export interface PlannedFigures {
  readonly meanPowerKW?: number;
  readonly energyKWh?: number;
}

export interface DeploymentPool {
  /** Where the pool is in the file (for errors). */
  readonly path: FieldPath;
  /** Undefined: the scenario's only model. */
  readonly model: ModelId | undefined;
  readonly gpu: GpuId;
  readonly tp: number;
  /** Undefined: the GPU's maximum clock. */
  readonly clockMHz?: number;
  readonly role: DeploymentRole;
  /** Undefined: the scenario's first engine preset. */
  readonly stack?: StackId;
  /** Undefined: bf16. */
  readonly precision?: Precision;
  readonly instances: number;
  /** Planned req/s per class id (routing weights). */
  readonly rates?: Readonly<Record<string, number>>;
  readonly planned?: PlannedFigures;
}

export interface DeploymentIdle {
  readonly gpu: GpuId;
  readonly gpus: number;
  readonly planned?: PlannedFigures;
}

export interface DeploymentWindow {
  readonly window: number;
  readonly path: FieldPath;
  readonly pools: readonly DeploymentPool[];
  readonly idle: readonly DeploymentIdle[];
}

export interface Deployment {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** Takes precedence over the scenario's simulation settings. */
  readonly routing: ReplayRouting;
  /** The same pools in every window … */
  readonly everyWindow?: readonly DeploymentPool[];
  /** … or pools per listed window. */
  readonly windows?: readonly DeploymentWindow[];
  readonly source: YamlSource;
}
