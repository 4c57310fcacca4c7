/**
 * `compare --deployment D --routers …`: one deployment held fixed, replayed once per routing policy
 * against the same trace and seed, so the policies differ in nothing but the router. Each variant is
 * the deployment's replay plan with its routing's policy replaced (the deployment's prefill token
 * budget and overflow setting stay, unless the caller overrides them for every variant).
 */
import type { RouterName } from '../scenario/index.js';
import type { Scenario } from '../scenario/index.js';
import type { StepModels } from '../profiles/index.js';
import { replayPlan, type ReplayPlan, type ReplayPlanOptions, type ReplayReport } from '../sim/index.js';

export interface RouterResult {
  /** The deployment's name. */
  readonly deployment: string;
  readonly router: RouterName;
  readonly report: ReplayReport;
}

export interface CompareRoutersOptions {
  /** The deployment's name, for the table. */
  readonly deployment: string;
  /** Trace, seed and step source: the same for every policy. */
  readonly replay: ReplayPlanOptions;
  readonly stepModels?: StepModels;
  readonly onProgress?: (message: string, fraction: number) => void;
}

/** The deployment's plan with another routing policy. Pure. */
export function withRouter(plan: ReplayPlan, router: RouterName): ReplayPlan {
  return { ...plan, routing: { ...plan.routing, router } };
}

export async function compareRouters(plan: ReplayPlan, scenario: Scenario, routers: readonly RouterName[], options: CompareRoutersOptions): Promise<RouterResult[]> {
  const progress = options.onProgress ?? (() => {});
  const results: RouterResult[] = [];
  for (const [i, router] of routers.entries()) {
    const step = (f: number, m: string) => progress(`policy ${i + 1}/${routers.length} (${router}): ${m}`, (i + f) / routers.length);
    const report = await replayPlan(withRouter(plan, router), scenario, options.replay, { ...(options.stepModels ? { stepModels: options.stepModels } : {}), onProgress: step });
    results.push({ deployment: options.deployment, router, report });
  }
  progress('done', 1);
  return results;
}
