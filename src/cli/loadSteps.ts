/** The step model a command plans with: the profile tables (built-in, plus --profiles imports), or --analytic. */
import { analyticStepModel, loadStepModel, type StepModel } from '../profiles/index.js';

export interface StepOptions {
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

export async function stepsFor(options: StepOptions): Promise<StepModel> {
  if (options.analytic) return analyticStepModel;
  return loadStepModel({ importPaths: options.profiles ?? [] });
}
