/** The step model a command plans and replays with: the profile tables (built-in, plus --profiles imports), or --analytic. */
import { loadStepSource, type StepModel, type StepSource } from '../profiles/index.js';

export interface StepOptions {
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

export function stepSourceOf(options: StepOptions): StepSource {
  return options.analytic ? { kind: 'analytic' } : { kind: 'tables', importPaths: options.profiles ?? [] };
}

export async function stepsFor(options: StepOptions): Promise<StepModel> {
  return loadStepSource(stepSourceOf(options));
}
