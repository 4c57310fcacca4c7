/**
 * Miss levels for a pooled SLO scope. A metric judged over a service's or all requests (scope service
 * or all) holds when the pool's misses stay within 1 − percentile of its requests; each class need not
 * hold the percentile on its own. Planning each class at its own percentile (the safe rule) meets the
 * pooled one; the miss budget (formulation/buildPlanModel.ts, missBudget rows) lets a class run at
 * a looser level where another runs at a tighter one. A level is the class's SLO with the pooled
 * metrics' allowed miss share multiplied by a factor: 25 turns a p99 into a p75, 0.2 into a p99.8.
 *
 * A class gets levels when every metric it pools is TTFT, TPOT or E2E (counted per request, as the
 * budget counts them; ITL is counted per gap and keeps the safe rule) and all of them pool into the
 * same scope group (one budget row per window and group).
 */
import type { RequestClass, SloMetric, SloTarget } from '../scenario/index.js';

/** Multiples of the allowed miss share planned at: tighter levels pay for looser ones. */
export const MISS_MULTIPLES = [0.2, 0.5, 2, 5, 10, 25];

/** The scope group a class's pooled metrics share ('all' or 'service:NAME'), if it can have miss levels. */
export function missBudgetGroup(cls: RequestClass): string | undefined {
  const scope = cls.slo.scope;
  if (!scope) return undefined;
  const hasTarget = (m: SloMetric) => m === 'ttft' || m === 'tbt' || cls.slo[m] !== undefined;
  const pooled = (Object.keys(scope) as SloMetric[]).filter((m) => scope[m] !== 'class' && hasTarget(m));
  if (pooled.length === 0 || pooled.includes('itl')) return undefined;
  const scopes = new Set(pooled.map((m) => scope[m]));
  if (scopes.size !== 1) return undefined;
  return scopes.has('all') ? 'all' : `service:${cls.service}`;
}

/** The class with its pooled metrics' allowed miss share multiplied by `multiple`; undefined where a percentile would leave [1, 99.99]. */
export function relaxedClass(cls: RequestClass, multiple: number): RequestClass | undefined {
  const scope = cls.slo.scope;
  if (!scope) return undefined;
  let outOfRange = false;
  const relax = (metric: SloMetric, targets: readonly SloTarget[] | undefined): SloTarget[] | undefined => {
    if (targets === undefined) return undefined;
    if (scope[metric] === 'class') return [...targets];
    return targets.map((t) => {
      const percentile = Number((100 - multiple * (100 - t.percentile)).toPrecision(12));
      if (!(percentile >= 1 && percentile <= 99.99)) outOfRange = true;
      return { ...t, percentile };
    });
  };
  const ttftTargets = relax('ttft', cls.slo.ttftTargets) as SloTarget[];
  const tbtTargets = relax('tbt', cls.slo.tbtTargets) as SloTarget[];
  const e2eTargets = relax('e2e', cls.slo.e2eTargets);
  if (outOfRange) return undefined;
  return {
    ...cls,
    slo: {
      ...cls.slo,
      ttft: ttftTargets[ttftTargets.length - 1] as SloTarget,
      tbt: tbtTargets[tbtTargets.length - 1] as SloTarget,
      ttftTargets,
      tbtTargets,
      ...(e2eTargets && e2eTargets.length > 0 ? { e2eTargets, e2e: e2eTargets[e2eTargets.length - 1] as SloTarget } : {}),
    },
  };
}
