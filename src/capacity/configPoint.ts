import { getGpu, getModel } from '../catalog/index.js';
import type { ConfigPoint } from '../profiles/index.js';
import type { Config } from './types.js';

/** The ConfigPoint the step model needs for a config. */
export function configPoint(config: Config): ConfigPoint {
  return {
    model: getModel(config.model),
    gpu: getGpu(config.gpu),
    tp: config.tp,
    clockMHz: config.clockMHz,
    ...(config.powerCapW !== undefined ? { powerCapW: config.powerCapW } : {}),
    ...(config.stack !== undefined ? { stack: config.stack } : {}),
    ...(config.precision !== undefined ? { precision: config.precision } : {}),
  };
}
