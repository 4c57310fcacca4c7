/**
 * Dominated-config pruning, a pure step before the model is built. Config c is dominated by c' when
 * both run the same model in the same role on the same GPU type, c' uses a TP degree that divides
 * c's (so tp/tp' instances of c' occupy exactly the GPUs of one c instance — the replacement keeps
 * integrality), serves every class c serves, and per GPU is at least as good everywhere: capacity per
 * GPU (cap'/tp' ≥ cap/tp), idle power per GPU, and energy per request (W per req/s). Replacing c by c'
 * then never costs more and never breaks a constraint, so dropping c keeps the optimum. Exact ties
 * keep the earlier config.
 */
import type { Config } from '../capacity/index.js';

/**
 * What dominance compares (planningData's ConfigData has it): the config, its no-load power, and per
 * class served its capacity and power. Declared here so this step does not depend on planningData,
 * which calls it.
 */
export interface PrunableConfig {
  readonly config: Pick<Config, 'model' | 'gpu' | 'role' | 'tp'>;
  readonly idleW: number;
  readonly serves: ReadonlyMap<number, { readonly maxRps: number; readonly wattsPerRps: number; readonly activeW: number }>;
}

const EPS = 1e-9;

function dominates(a: PrunableConfig, b: PrunableConfig): { weakly: boolean; strictly: boolean } {
  const ca = a.config;
  const cb = b.config;
  if (ca.model !== cb.model || ca.gpu !== cb.gpu || ca.role !== cb.role) return { weakly: false, strictly: false };
  if (ca.tp > cb.tp || cb.tp % ca.tp !== 0) return { weakly: false, strictly: false };
  let strictly = ca.tp < cb.tp;
  const idleA = a.idleW / ca.tp;
  const idleB = b.idleW / cb.tp;
  if (idleA > idleB + EPS) return { weakly: false, strictly: false };
  if (idleA < idleB - EPS) strictly = true;
  for (const [k, sb] of b.serves) {
    const sa = a.serves.get(k);
    if (!sa) return { weakly: false, strictly: false };
    const capA = sa.maxRps / ca.tp;
    const capB = sb.maxRps / cb.tp;
    if (capA < capB - EPS * Math.max(1, capB) || sa.wattsPerRps > sb.wattsPerRps + EPS * Math.max(1, sb.wattsPerRps)) return { weakly: false, strictly: false };
    // The activity floor per GPU counts like idle power.
    if (sa.activeW / ca.tp > sb.activeW / cb.tp + EPS) return { weakly: false, strictly: false };
    if (capA > capB + EPS * Math.max(1, capB) || sa.wattsPerRps < sb.wattsPerRps - EPS * Math.max(1, sb.wattsPerRps)) strictly = true;
  }
  return { weakly: true, strictly };
}

export function pruneDominated<C extends PrunableConfig>(configs: readonly C[]): C[] {
  return configs.filter((b, i) =>
    !configs.some((a, j) => {
      if (i === j) return false;
      const d = dominates(a, b);
      return d.weakly && (d.strictly || j < i);
    }),
  );
}
