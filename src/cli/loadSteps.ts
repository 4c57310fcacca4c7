/**
 * The step model a command plans and replays with: the profile tables (built-in, plus --profiles
 * imports), or --analytic; the scenario's fitted presets (hardware.calibration) in front of either.
 */
import { InputError } from '../core/errors.js';
import { loadStepSource, readFittedPreset, stepSourceFrom, type StepModel, type StepSource } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';

export interface StepOptions {
  readonly profiles?: readonly string[];
  readonly analytic?: boolean;
}

type WithCalibration = { readonly hardware: Pick<Scenario['hardware'], 'calibration'> };

export function stepSourceOf(options: StepOptions, scenario?: WithCalibration): StepSource {
  return stepSourceFrom(options, scenario?.hardware.calibration.map((ref) => ref.path));
}

export async function stepsFor(options: StepOptions, scenario?: WithCalibration): Promise<StepModel> {
  return loadStepSource(stepSourceOf(options, scenario));
}

/**
 * The scenario's fitted presets apply: each names a preset the scenario lists and a GPU type it
 * lists, and no two replace the same (preset, GPU type). Read here, at the edge, before any work.
 */
export async function checkFittedPresets(scenario: Pick<Scenario, 'file' | 'hardware'>): Promise<void> {
  const seen = new Map<string, string>();
  for (const ref of scenario.hardware.calibration) {
    const preset = await readFittedPreset(ref.path);
    const at = { file: scenario.file, field: ref.field, ...(ref.line !== undefined ? { line: ref.line } : {}) };
    if (!scenario.hardware.stacks.includes(preset.base)) {
      throw new InputError({ ...at, message: `${ref.given} replaces ${preset.base}'s parameters, and hardware.stack does not list ${preset.base}`, fix: `add ${preset.base} to hardware.stack, or drop the file from hardware.calibration` });
    }
    if (!scenario.hardware.gpus.includes(preset.gpu)) {
      throw new InputError({ ...at, message: `${ref.given} was fitted on ${preset.gpu}, which hardware.gpus does not list`, fix: `add ${preset.gpu} to hardware.gpus, or drop the file from hardware.calibration` });
    }
    const key = `${preset.base} on ${preset.gpu}`;
    const before = seen.get(key);
    if (before !== undefined) throw new InputError({ ...at, message: `${ref.given} and ${before} both replace ${key}`, fix: 'keep one fitted preset per preset and GPU type' });
    seen.set(key, ref.given);
  }
}
