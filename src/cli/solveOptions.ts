/** Options every command that plans shares: the scenario, where outputs go, the solver and its limits, output style, profiles. */
import type { BackendName } from '../solver/index.js';
import type { StepOptions } from './loadSteps.js';

export interface SolveCommandOptions extends StepOptions {
  readonly scenario: string;
  readonly out?: string;
  readonly solver?: BackendName;
  readonly timeLimit?: number;
  readonly gap?: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
}
