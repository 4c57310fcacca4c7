/** Capacity of one instance of a config for one class, by the config's role (registry keyed by Role). */
import type { Role } from '../scenario/index.js';
import { decodeCapacity } from './decodeCapacity.js';
import { mixedCapacity, type MixedOptions } from './mixedCapacity.js';
import { prefillCapacity } from './prefillCapacity.js';
import type { ProfileConfig } from './profileConfig.js';
import { tokenDistribution } from './sloTargets.js';
import type { ClassCapacity, SloTargetsMs } from './types.js';

const BY_ROLE: Record<Role, (args: ProfileConfig, options: MixedOptions) => ClassCapacity> = {
  mixed: (args, options) => mixedCapacity(args, options),
  prefill: (args, options) => prefillCapacity(args, options),
  decode: (args, options) => {
    const sensitive = options.sensitiveClass;
    const judgesSharer = sensitive !== undefined && sensitive.id !== args.cls.id;
    return decodeCapacity(args, options.maxBatch, judgesSharer ? tokenDistribution(sensitive.output, sensitive.outputRange) : undefined);
  },
};

/**
 * With one target per metric, one evaluation. With several (p50/p90/p99), each target is a separate
 * upper limit on the rate (every constraint tightens as the rate grows), so the capacity is the
 * smallest of the rates each target allows alone, the other metric left unconstrained.
 */
export function classCapacity(args: ProfileConfig, options: MixedOptions = {}): ClassCapacity {
  const { slo } = args;
  const evaluate = BY_ROLE[args.config.role];
  if (slo.ttftTargets.length + slo.tbtTargets.length <= 2) return evaluate(args, options);
  const unconstrained = Number.POSITIVE_INFINITY;
  const variants: SloTargetsMs[] = [
    ...slo.ttftTargets.map((t) => ({ ...slo, ttftMs: t.ms, ttftPercentile: t.percentile, ttftCheckTokens: t.checkTokens, ttftByPrompt: t.byPrompt, tbtMs: unconstrained })),
    ...slo.tbtTargets.map((t) => ({ ...slo, tbtMs: t.ms, tbtPercentile: t.percentile, ttftMs: unconstrained })),
  ];
  let best: ClassCapacity | undefined;
  for (const v of variants) {
    const r = evaluate({ ...args, slo: v }, options);
    if (!best || r.maxRps < best.maxRps) best = r;
  }
  return best as ClassCapacity;
}
