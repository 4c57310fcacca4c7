/** What every role's capacity model needs about one (config, class): resolved once. */
import type { ConfigPoint, StepModel } from '../profiles/index.js';
import type { RequestClass } from '../scenario/index.js';
import { configPoint } from './configPoint.js';
import { kvCapacityTokens } from './kvMemory.js';
import type { BindingConstraint, ClassCapacity, Config, SloTargetsMs } from './types.js';

export interface LoadContext {
  readonly config: Config;
  readonly cls: RequestClass;
  readonly slo: SloTargetsMs;
  readonly steps: StepModel;
  readonly point: ConfigPoint;
  readonly kvTokens: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Mean context of a decoding request: its prompt plus half its output. */
  readonly contextTokens: number;
  readonly idleW: number;
}

export function loadContext(config: Config, cls: RequestClass, slo: SloTargetsMs, steps: StepModel): LoadContext {
  const point: ConfigPoint = configPoint(config);
  const outputTokens = Math.max(1, cls.output.mean);
  return {
    config,
    cls,
    slo,
    steps,
    point,
    kvTokens: kvCapacityTokens(config),
    inputTokens: cls.input.mean,
    outputTokens,
    contextTokens: cls.input.mean + outputTokens / 2,
    idleW: steps.idlePowerW(point),
  };
}

export function zeroCapacity(ctx: LoadContext, binding: BindingConstraint, ttftMs = 0, tbtMs = 0): ClassCapacity {
  return {
    configId: ctx.config.id,
    classId: ctx.cls.id,
    maxRps: 0,
    binding,
    batchAtCapacity: 0,
    ttftMsAtCapacity: ttftMs,
    tbtMsAtCapacity: tbtMs,
    powerAtCapacityW: 0,
  };
}
