/**
 * The clock relaxation: every group of configs that differ only in their SM clock (same model, GPU
 * type, TP degree, role, pool and power cap) becomes one config that has, for each class, the best
 * capacity of any clock and the lowest power of any clock.
 *
 * Why it is a relaxation: any plan of the full model maps onto it by adding up each group's
 * instances and rates. The merged capacity row holds (Σ x/cap_max ≤ Σ x/cap_clock ≤ u·Σ n), GPUs,
 * KV-network rows and power caps are unchanged (they depend on GPU type, TP and cap only), and power
 * and energy can only fall. So its optimum — and the dual bound of a MILP stopped early — is a valid
 * lower bound on the full model's optimum.
 *
 * Why it is useful: the fleet is decided by capacity at the peak, where clock variants are near-
 * substitutes that the branch-and-bound must tell apart one by one; with them merged the MILP is
 * about a fifth of the size and closes its gap in seconds where the full one stalls.
 */
import type { ConfigData, ServedClass } from './planningData.js';

/** One merged config per clock group, re-indexed; the member with the highest clock names it. */
export function clockRelaxation(configs: readonly ConfigData[]): ConfigData[] {
  const groups = new Map<string, ConfigData[]>();
  for (const c of configs) {
    const key = groupKey(c);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()].map((group, index) => {
    const serves = new Map<number, ServedClass>();
    for (const c of group) {
      for (const [k, s] of c.serves) {
        const best = serves.get(k);
        serves.set(k, best ? { maxRps: Math.max(best.maxRps, s.maxRps), wattsPerRps: Math.min(best.wattsPerRps, s.wattsPerRps), activeW: Math.min(best.activeW, s.activeW) } : s);
      }
    }
    const fastest = group.reduce((a, b) => (b.config.clockMHz > a.config.clockMHz ? b : a));
    return { ...fastest, index, idleW: Math.min(...group.map((c) => c.idleW)), serves };
  });
}

/** Everything that identifies a pool except its config's clock: the pool's key stays in. */
function groupKey(c: ConfigData): string {
  const { model, gpu, tp, role, powerCapW, stack, precision } = c.config;
  return `${model}|${gpu}|${tp}|${role}|${powerCapW ?? ''}|${stack ?? ''}|${precision ?? ''}|${c.pool}`;
}
