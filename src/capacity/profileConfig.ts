import type { StepModel } from '../profiles/index.js';
import type { RequestClass } from '../scenario/index.js';
import type { Config, SloTargetsMs } from './types.js';

/** The arguments every role's capacity model takes. */
export type ProfileConfig = [config: Config, cls: RequestClass, slo: SloTargetsMs, steps: StepModel];
