/**
 * Fitted presets: a built-in engine preset with some of its parameters (and the GPU's power terms)
 * replaced by values fitted to a team's own benchmark runs (`llmcap profiles fit`). A fitted preset
 * applies to one GPU type; the scenario names its file (`hardware.calibration`) beside the base preset
 * in `hardware.stack`. Pure: the file's text in, the step model out.
 */
import { resolveGpuId, type GpuId } from '../catalog/index.js';
import { InputError } from '../core/errors.js';
import { analyticModel, BUILT_IN_PARAMS, stackOf, type AnalyticParams } from './analyticModel.js';
import type { GpuModelParams } from './analyticParams.js';
import { isStackId, STACK_IDS, type StackId, type StackParams } from './presets.js';
import { ANALYTIC_SOURCE, type StepModel } from './stepModel.js';

/** The engine parameters a fit may move (the continuous ones; graphMaxBatch is a setting, not a speed). */
export const ENGINE_KEYS = [
  'etaComputePrefill', 'etaAttentionPrefill', 'etaComputeDecode', 'kvReadEfficiency',
  'overheadStepMs', 'overheadPerLog2TpMs', 'overheadPerSequenceMs', 'overheadPrefillMs', 'eagerLaunchMs',
] as const satisfies readonly (keyof StackParams)[];
/** The GPU's power terms a fit may move (the idle floors stay the measured catalog values). */
export const POWER_KEYS = ['powerDramW', 'powerOnChipMemW', 'powerComputeW'] as const satisfies readonly (keyof GpuModelParams)[];

export type EngineKey = (typeof ENGINE_KEYS)[number];
export type PowerKey = (typeof POWER_KEYS)[number];
export type FitKey = EngineKey | PowerKey;
export const FIT_KEYS: readonly FitKey[] = [...ENGINE_KEYS, ...POWER_KEYS];

export const FITTED_PRESET_FORMAT = 'llmcap-fitted-preset/1';

export interface FittedPreset {
  readonly format: typeof FITTED_PRESET_FORMAT;
  /** A label for reports, e.g. 'our-h100-vllm'. */
  readonly name: string;
  /** The built-in preset whose structure and engine settings the fit kept. */
  readonly base: StackId;
  readonly gpu: GpuId;
  /** Fitted values; a key not listed keeps the base preset's value. */
  readonly params: Readonly<Partial<Record<FitKey, number>>>;
  /** How the fit went (runs, residuals, standard errors): for the record, never read back by the model. */
  readonly fit?: unknown;
}

/** The model's parameters with the fitted preset's values in place on its (base preset, GPU type). */
export function paramsWithFitted(base: AnalyticParams, presets: readonly FittedPreset[]): AnalyticParams {
  const find = (stack: StackId, gpu: GpuId) => presets.find((p) => p.base === stack && p.gpu === gpu);
  return {
    hardware: (gpu) => {
      const hw = base.hardware(gpu);
      const preset = presets.find((p) => p.gpu === gpu && POWER_KEYS.some((k) => p.params[k] !== undefined));
      return preset ? { ...hw, ...pick(preset.params, POWER_KEYS) } : hw;
    },
    engine: (stack, gpu) => {
      const engine = base.engine(stack, gpu);
      const preset = find(stack, gpu);
      return preset ? { ...engine, ...pick(preset.params, ENGINE_KEYS) } : engine;
    },
  };
}

function pick<K extends FitKey>(params: Readonly<Partial<Record<FitKey, number>>>, keys: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) if (params[k] !== undefined) out[k] = params[k];
  return out;
}

/**
 * The step model with fitted presets in front: a config on a fitted (base preset, GPU type) is
 * answered by the analytic model with the fitted values; every other config by `inner` (the tables).
 */
export function withFittedPresets(inner: StepModel, presets: readonly FittedPreset[]): StepModel {
  if (presets.length === 0) return inner;
  const fitted = analyticModel(paramsWithFitted(BUILT_IN_PARAMS, presets));
  const covers = (cfg: Parameters<StepModel['decode']>[0]) => presets.some((p) => p.base === stackOf(cfg) && p.gpu === cfg.gpu.id);
  const nameOf = (cfg: Parameters<StepModel['decode']>[0]) => presets.find((p) => p.base === stackOf(cfg) && p.gpu === cfg.gpu.id)?.name ?? '';
  return {
    prefill: (cfg, tokens, perPrompt) => (covers(cfg) ? fitted.prefill(cfg, tokens, perPrompt) : inner.prefill(cfg, tokens, perPrompt)),
    decode: (cfg, batch, context) => (covers(cfg) ? fitted.decode(cfg, batch, context) : inner.decode(cfg, batch, context)),
    mixed: (cfg, batch, context, chunk, attended) => (covers(cfg) ? fitted.mixed(cfg, batch, context, chunk, attended) : inner.mixed(cfg, batch, context, chunk, attended)),
    idlePowerW: (cfg) => (covers(cfg) ? fitted.idlePowerW(cfg) : inner.idlePowerW(cfg)),
    sourceOf: (cfg) => (covers(cfg) ? `${ANALYTIC_SOURCE} with the fitted preset ${nameOf(cfg)} (${stackOf(cfg)} on ${cfg.gpu.id})` : inner.sourceOf(cfg)),
  };
}

/** Parse and check a fitted-preset file's text; every problem names the file, the field and the fix. */
export function fittedPresetFromText(text: string, file: string): FittedPreset {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError({ file, message: `not a JSON file (${(err as Error).message})`, fix: 'give the .preset.json file `llmcap profiles fit` wrote' });
  }
  const problem = (field: string, message: string, fix: string) => new InputError({ file, field, message, fix });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw problem('', 'the file is not a JSON object', 'give the .preset.json file `llmcap profiles fit` wrote');
  const d = data as Record<string, unknown>;
  if (d['format'] !== FITTED_PRESET_FORMAT) throw problem('format', `is ${JSON.stringify(d['format'])}, not '${FITTED_PRESET_FORMAT}'`, 'give a file written by `llmcap profiles fit`');
  const base = d['base'];
  if (typeof base !== 'string' || !isStackId(base)) throw problem('base', `${JSON.stringify(base)} is not a built-in preset`, `use one of ${STACK_IDS.join(', ')}`);
  const gpu = typeof d['gpu'] === 'string' ? resolveGpuId(d['gpu']) : undefined;
  if (!gpu) throw problem('gpu', `${JSON.stringify(d['gpu'])} is not a catalog GPU type`, 'use a GPU id such as H100-80GB');
  const name = typeof d['name'] === 'string' && d['name'] !== '' ? d['name'] : `${base}-${gpu}-fitted`;
  const raw = d['params'];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw problem('params', 'is missing or not an object', 'give the fitted values, e.g. {"overheadStepMs": 1.9}');
  const params: Partial<Record<FitKey, number>> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(FIT_KEYS as readonly string[]).includes(k)) throw problem(`params.${k}`, 'is not a parameter a fit moves', `use only ${FIT_KEYS.join(', ')}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw problem(`params.${k}`, `${JSON.stringify(v)} is not a non-negative number`, 'refit, or give a value ≥ 0');
    if (k.startsWith('eta') || k === 'kvReadEfficiency') {
      if (v <= 0 || v > 1) throw problem(`params.${k}`, `${v} is not an efficiency in (0, 1]`, 'refit, or give a share of the peak between 0 and 1');
    }
    params[k as FitKey] = v;
  }
  return { format: FITTED_PRESET_FORMAT, name, base, gpu, params, ...(d['fit'] !== undefined ? { fit: d['fit'] } : {}) };
}
