/**
 * The step model a command plans and replays with: the profile tables (built-in, plus --profiles
 * imports), or --analytic; the scenario's fitted presets (hardware.calibration) in front of either.
 */
import { loadStepSource, type StepModel, type StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';

export interface StepOptions {
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

type WithCalibration = { readonly hardware: Pick<Scenario['hardware'], 'calibration'> };

export function stepSourceOf(options: StepOptions, scenario?: WithCalibration): StepSource {
  const fitted = scenario?.hardware.calibration.map((ref) => ref.path) ?? [];
  const presets = fitted.length > 0 ? { fittedPresets: fitted } : {};
  return options.analytic ? { kind: 'analytic', ...presets } : { kind: 'tables', importPaths: options.profiles ?? [], ...presets };
}

export async function stepsFor(options: StepOptions, scenario?: WithCalibration): Promise<StepModel> {
  return loadStepSource(stepSourceOf(options, scenario));
}
