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
 * With one target per metric, one evaluation (an ITL target checked beside TTFT and TPOT). With
 * several (p50/p90/p99), each target is a separate upper limit on the rate (every constraint tightens
 * as the rate grows), so the capacity is the smallest of the rates each target allows alone, the
 * other metrics left unconstrained. An E2E target is met by any of its TTFT-and-TPOT splits
 * (sloTargets.ts): its limit is the best split's rate, and the capacity the smallest of all limits.
 */
export function classCapacity(args: ProfileConfig, options: MixedOptions = {}): ClassCapacity {
  const { slo } = args;
  const evaluate = BY_ROLE[args.config.role];
  const itls = slo.itlTargets ?? [];
  const e2es = slo.e2eTargets ?? [];
  const { itlMs: _itlMs, itlPercentile: _itlPercentile, ...noItl } = slo;
  const unconstrained = Number.POSITIVE_INFINITY;
  let best: ClassCapacity | undefined;
  const keepSmaller = (r: ClassCapacity) => {
    if (!best || r.maxRps < best.maxRps) best = r;
  };
  if (slo.ttftTargets.length + slo.tbtTargets.length <= 2 && itls.length <= 1) keepSmaller(evaluate(args, options));
  else {
    const variants: SloTargetsMs[] = [
      ...slo.ttftTargets.map((t) => ({ ...noItl, ttftMs: t.ms, ttftPercentile: t.percentile, ttftCheckTokens: t.checkTokens, ttftByPrompt: t.byPrompt, tbtMs: unconstrained })),
      ...slo.tbtTargets.map((t) => ({ ...noItl, tbtMs: t.ms, tbtPercentile: t.percentile, ttftMs: unconstrained })),
      ...itls.map((t) => ({ ...noItl, itlMs: t.ms, itlPercentile: t.percentile, tbtMs: unconstrained, ttftMs: unconstrained })),
    ];
    for (const v of variants) keepSmaller(evaluate({ ...args, slo: v }, options));
  }
  for (const e2e of e2es) {
    let limit: ClassCapacity | undefined;
    for (const split of e2e.splits) {
      const v: SloTargetsMs = { ...noItl, ttftMs: split.ttft.ms, ttftPercentile: split.ttft.percentile, ttftCheckTokens: split.ttft.checkTokens, ttftByPrompt: split.ttft.byPrompt, tbtMs: split.tbt.ms, tbtPercentile: split.tbt.percentile };
      const r = evaluate({ ...args, slo: v }, options);
      if (!limit || r.maxRps > limit.maxRps) limit = r;
    }
    if (limit) keepSmaller(limit);
  }
  return best as ClassCapacity;
}
