/**
 * Solver bench: the same planning problem with each backend (time, objective, gap, ratios to HiGHS),
 * the effect of each structural speed-up switched off, and how solve time grows with windows,
 * candidate configs and classes (fitted exponents).
 */
import { readFileSync } from 'node:fs';
import { planScenario, type PlanOptions } from '../src/plan/index.js';
import { scenarioFromText, type Scenario } from '../src/scenario/index.js';
import { backendNames } from '../src/solver/index.js';
import { fitExponent } from './fitExponent.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const scenarioText = (name: string) => readFileSync(new URL(`../scenarios/${name}.yaml`, import.meta.url), 'utf8');
const scenario = (name: string, edit: (text: string) => string = (t) => t): Scenario => scenarioFromText(edit(scenarioText(name)), `${name}.yaml`);

async function run(s: Scenario, options: PlanOptions): Promise<{ seconds: number; objective?: number; gap?: number; error?: string }> {
  const attempt = await timed(() => planScenario(s, { timeLimitSec: 120, ...options }).catch((e: unknown) => e as Error));
  if (attempt.value instanceof Error) return { seconds: attempt.seconds, error: attempt.value.name };
  return { seconds: attempt.seconds, objective: attempt.value.plan.solve.objective, ...(attempt.value.plan.solve.gap !== undefined ? { gap: attempt.value.plan.solve.gap } : {}) };
}

export const bench: Bench = {
  name: 'solver',
  async run() {
    const rows: BenchRow[] = [];
    const push = (name: string, r: Awaited<ReturnType<typeof run>>, extra: Partial<BenchRow> = {}) => {
      rows.push({ group: 'solver', name: `${name} · time`, value: r.seconds, unit: 's', ...(r.error ? { note: `no plan: ${r.error}` } : {}), ...extra });
      if (r.objective !== undefined) rows.push({ group: 'solver', name: `${name} · objective`, value: r.objective, unit: 'USD' });
      if (r.gap !== undefined) rows.push({ group: 'solver', name: `${name} · gap`, value: r.gap * 100, unit: '%' });
    };

    // 1. Backends on the same model (fleet decomposition: per-window MILPs every backend can handle).
    for (const name of ['day', 'week']) {
      const s = scenario(name);
      const results = new Map<string, Awaited<ReturnType<typeof run>>>();
      for (const backend of backendNames) {
        const r = await run(s, { backend, method: 'fleet-decomposition', timeLimitSec: backend === 'highs' ? 120 : 60 });
        results.set(backend, r);
        push(`${name} · ${backend}`, r, name === 'week' && backend === 'highs' ? { target: '≤ 60 s at ≤ 1 % gap', met: r.seconds <= 60 && (r.gap ?? 1) <= 0.01 } : {});
      }
      const ref = results.get('highs');
      for (const [backend, r] of results) {
        if (backend === 'highs' || !ref?.objective || r.objective === undefined) continue;
        rows.push({ group: 'solver', name: `${name} · ${backend}/highs time ratio`, value: r.seconds / ref.seconds, unit: '×' });
        rows.push({ group: 'solver', name: `${name} · ${backend}/highs objective ratio`, value: r.objective / ref.objective, unit: '×' });
      }
    }
    const dayMono = await run(scenario('day'), { method: 'monolithic' });
    push('day · highs monolithic', dayMono);

    // 2. Structural speed-ups on the week, each switched off alone (time ratio to all on).
    const week = scenario('week');
    const allOn = await run(week, {});
    push('week · all speed-ups (reference)', allOn);
    for (const [label, options] of [
      ['no dominated-config pruning', { prune: false }],
      ['no reuse of identical windows', { reuseWindows: false }],
      ['no LP-guided window short lists', { restrictWindows: false }],
    ] as const) {
      const r = await run(week, options);
      push(`week · ${label}`, r);
      rows.push({ group: 'solver', name: `week · ${label} / all speed-ups time ratio`, value: r.seconds / allOn.seconds, unit: '×' });
    }

    // 3. Scaling with HiGHS (the week with every speed-up on is the shared middle point of each curve).
    const byWindows = [{ size: 168, seconds: allOn.seconds }];
    for (const windows of [24, 672]) {
      const s = scenario('week', (t) => t.replace(/^ {2}windows: \d+$/m, `  windows: ${windows}`));
      const r = await run(s, { method: 'fleet-decomposition', baseline: false });
      push(`scaling · ${windows} windows`, r);
      byWindows.push({ size: windows, seconds: r.seconds });
    }
    rows.push({ group: 'solver', name: 'scaling · exponent of time vs windows', value: fitExponent(byWindows), unit: '' });
    const byConfigs = [{ size: 5, seconds: allOn.seconds }];
    for (const clocks of [1, 3]) {
      const s = scenario('week', (t) => t.replace(/clocks: \{ count: 5, minFraction: 0.4 \}/, `clocks: { count: ${clocks}, minFraction: 0.4 }`));
      const r = await run(s, {});
      push(`scaling · week with ${clocks} clocks per GPU`, r);
      byConfigs.push({ size: clocks, seconds: r.seconds });
    }
    rows.push({ group: 'solver', name: 'scaling · exponent of time vs clocks (∝ candidate configs)', value: fitExponent(byConfigs), unit: '' });
    const byServices = [{ size: 18, seconds: allOn.seconds }];
    for (const services of [1]) {
      // One service = 9 classes, two = 18.
      const s = scenario('week', (t) => (services === 1 ? t.replace(/\n {2}- name: coding[\s\S]*?(?=\nhardware:)/, '') : t));
      const r = await run(s, {});
      push(`scaling · week with ${services * 9} classes`, r);
      byServices.push({ size: services * 9, seconds: r.seconds });
    }
    rows.push({ group: 'solver', name: 'scaling · exponent of time vs classes', value: fitExponent(byServices), unit: '' });
    return rows;
  },
};
