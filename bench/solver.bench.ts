/** Solver bench: the same planning problem with each backend (time, objective, gap, ratios to HiGHS). */
import { readFileSync } from 'node:fs';
import { planScenario } from '../src/plan/index.js';
import { scenarioFromText } from '../src/scenario/index.js';
import { backendNames } from '../src/solver/index.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const scenario = (name: string) => {
  const path = new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname;
  return scenarioFromText(readFileSync(path, 'utf8'), path);
};

export const bench: Bench = {
  name: 'solver',
  async run() {
    const rows: BenchRow[] = [];
    for (const name of ['day', 'week']) {
      const s = scenario(name);
      const results = new Map<string, { seconds: number; objective: number }>();
      for (const backend of backendNames) {
        // Same model for every backend: the fleet decomposition (per-window MILPs).
        const attempt = await timed(() => planScenario(s, { backend, method: 'fleet-decomposition', timeLimitSec: 60 }).catch((e: unknown) => e as Error));
        const { seconds } = attempt;
        if (attempt.value instanceof Error) {
          rows.push({ group: 'solver', name: `${name} · ${backend} · time`, value: seconds, unit: 's', note: `no plan: ${attempt.value.name}` });
          continue;
        }
        const sol = attempt.value.plan.solve;
        results.set(backend, { seconds, objective: sol.objective });
        rows.push({ group: 'solver', name: `${name} · ${backend} · time`, value: seconds, unit: 's', ...(name === 'week' && backend === 'highs' ? { target: '≤ 60 s at ≤ 1 % gap', met: seconds <= 60 && (sol.gap ?? 1) <= 0.01 } : {}) });
        rows.push({ group: 'solver', name: `${name} · ${backend} · objective`, value: sol.objective, unit: 'USD' });
        if (sol.gap !== undefined) rows.push({ group: 'solver', name: `${name} · ${backend} · gap`, value: sol.gap * 100, unit: '%' });
      }
      const ref = results.get('highs');
      for (const [backend, r] of results) {
        if (backend === 'highs' || !ref) continue;
        rows.push({ group: 'solver', name: `${name} · ${backend}/highs time ratio`, value: r.seconds / ref.seconds, unit: '×' });
        rows.push({ group: 'solver', name: `${name} · ${backend}/highs objective ratio`, value: r.objective / ref.objective, unit: '×' });
      }
      if (name === 'day') {
        const { value, seconds } = await timed(() => planScenario(s, { backend: 'highs', method: 'monolithic' }));
        rows.push({ group: 'solver', name: 'day · highs monolithic · time', value: seconds, unit: 's' });
        rows.push({ group: 'solver', name: 'day · decomposition/monolithic objective ratio', value: (results.get('highs')?.objective ?? NaN) / value.plan.solve.objective, unit: '×' });
      }
    }
    return rows;
  },
};
