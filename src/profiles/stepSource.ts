/**
 * A step model named by where it comes from, as plain data: the analytic model, or the profile tables
 * (the built-in ones plus imports). A replay run elsewhere (a worker thread) gets the name and builds
 * the same model; `StepModels` builds each named model once, for callers that use it many times.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { fittedPresetFromText, withFittedPresets, type FittedPreset } from './fittedPreset.js';
import { loadStepModel } from './loadStepModel.js';
import { analyticStepModel, type StepModel } from './stepModel.js';

/** Fitted-preset files (`llmcap profiles fit`) answer the configs of their preset and GPU type before anything else. */
interface WithFitted {
  readonly fittedPresets?: readonly string[];
}

export type StepSource =
  | ({ readonly kind: 'analytic' } & WithFitted)
  | ({
      readonly kind: 'tables';
      /** Imported profile tables (contract CSV or Arrow), lowest priority first. */
      readonly importPaths: readonly string[];
      /** Folder of built-in tables; default: the installed package's profiles/ folder. */
      readonly builtInDir?: string;
    } & WithFitted);

export const ANALYTIC_STEPS: StepSource = { kind: 'analytic' };

/** The step source a command's flags name (--analytic, or the tables with --profiles imports), with fitted presets in front. */
export function stepSourceFrom(options: { readonly profiles?: readonly string[]; readonly analytic?: boolean }, fittedPresets: readonly string[] = []): StepSource {
  const presets = fittedPresets.length > 0 ? { fittedPresets } : {};
  return options.analytic ? { kind: 'analytic', ...presets } : { kind: 'tables', importPaths: options.profiles ?? [], ...presets };
}

export async function loadStepSource(source: StepSource): Promise<StepModel> {
  const presets = await Promise.all((source.fittedPresets ?? []).map(readFittedPreset));
  const inner = source.kind === 'analytic'
    ? analyticStepModel
    : await loadStepModel({ importPaths: source.importPaths, ...(source.builtInDir !== undefined ? { builtInDir: source.builtInDir } : {}) });
  return withFittedPresets(inner, presets);
}

export async function readFittedPreset(path: string): Promise<FittedPreset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError({ file: path, message: `cannot read the fitted preset (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'check the path (relative to the scenario file); `llmcap profiles fit --out DIR` writes DIR/<name>.preset.json' });
  }
  return fittedPresetFromText(text, path);
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
