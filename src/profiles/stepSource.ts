/**
 * A step model named by where it comes from, as plain data: the analytic model, or the profile tables
 * (the built-in ones plus imports). A replay run elsewhere (a worker thread) gets the name and builds
 * the same model; `StepModels` builds each named model once, for callers that use it many times.
 */
import { loadStepModel } from './loadStepModel.js';
import { analyticStepModel, type StepModel } from './stepModel.js';

export type StepSource =
  | { readonly kind: 'analytic' }
  | {
      readonly kind: 'tables';
      /** Imported profile tables (contract CSV or Arrow), lowest priority first. */
      readonly importPaths: readonly string[];
      /** Folder of built-in tables; default: the installed package's profiles/ folder. */
      readonly builtInDir?: string;
    };

export const ANALYTIC_STEPS: StepSource = { kind: 'analytic' };

export async function loadStepSource(source: StepSource): Promise<StepModel> {
  if (source.kind === 'analytic') return analyticStepModel;
  return loadStepModel({ importPaths: source.importPaths, ...(source.builtInDir !== undefined ? { builtInDir: source.builtInDir } : {}) });
}

/** Step models by source, each loaded once (the tables take a few hundred ms to read). */
export class StepModels {
  readonly #loaded = new Map<string, Promise<StepModel>>();

  get(source: StepSource): Promise<StepModel> {
    const key = JSON.stringify(source);
    let model = this.#loaded.get(key);
    if (!model) {
      model = loadStepSource(source);
      this.#loaded.set(key, model);
    }
    return model;
  }
}
