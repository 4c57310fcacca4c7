/** What every role's capacity model needs about one (config, class): resolved once. */
import type { ConfigPoint, StepModel } from '../profiles/index.js';
import type { RequestClass } from '../scenario/index.js';
import { configPoint } from './configPoint.js';
import { kvCapacityTokens } from './kvMemory.js';
import type { ProfileConfig } from './profileConfig.js';
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
  /** Time of one prefill pass over `tokens` from `prompts` prompts, s (memoized: the queue models ask for the same passes often). */
  readonly passS: (tokens: number, prompts: number) => number;
}

export function loadContext({ config, cls, slo, steps }: ProfileConfig): LoadContext {
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
    passS: memoizedPassS(steps, point),
  };
}

function memoizedPassS(steps: StepModel, point: ConfigPoint): (tokens: number, prompts: number) => number {
  const memo = new Map<number, number>();
  return (tokens, prompts) => {
    const t = Math.max(1, Math.round(tokens));
    const key = t * 1e7 + Math.round(prompts * 1000);
    let s = memo.get(key);
    if (s === undefined) {
      s = steps.prefill(point, t, t / Math.max(1, prompts)).time.totalMs / 1e3;
      memo.set(key, s);
    }
    return s;
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
    powerAtLowLoadW: 0,
  };
}
