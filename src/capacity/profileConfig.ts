import type { StepModel } from '../profiles/index.js';
import type { RequestClass } from '../scenario/index.js';
import type { Config, SloTargetsMs } from './types.js';

/** What every role's capacity model takes: one config, one class, its SLO targets, and where step times come from. */
export interface ProfileConfig {
  readonly config: Config;
  readonly cls: RequestClass;
  readonly slo: SloTargetsMs;
  readonly steps: StepModel;
}
