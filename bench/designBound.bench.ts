/**
 * Issue 19's check that the optimizer is never beaten by a design it could have chosen: on every
 * shipped scenario and on scenarios fitted to the Azure code and conversation traces, `llmcap-free`
 * (the scenario's own options) must cost at most (1 + mipGap) × every built-in design that lies
 * inside those options (beyondScenario.ts names what a design uses outside them), the SinglePool
 * baseline included, all judged after compare's replay-and-repair loop. Each scenario is one
 * `llmcap compare --json` of the compiled CLI, with the scenario's own objective. Slow (the week
 * scenarios plan thirteen designs each): opt-in, `npm run bench design-bound`; the fitted traces need
 * ../shared/traces and are skipped with a note without it. DESIGN_BOUND_SCENARIOS=day,conv (parts of
 * the file names) checks only those.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beyondScenario, selectDesigns } from '../src/compare/index.js';
import { fromScenarioFile } from '../src/scenario/index.js';
import { timed, type Bench, type BenchRow } from './harness.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TRACES = join(ROOT, '..', 'shared', 'traces');
/** Scenario files that are not scenarios (design lists, sweep grids). */
const NOT_SCENARIOS = new Set(['designs.yaml', 'day-grid.yaml', 'polca-designs.yaml', 'dynamollm-week-variants.yaml']);

interface CompareRow {
  readonly design: string;
  readonly total_cost_usd: number | null;
  readonly energy_kwh: number | null;
  readonly carbon_kg: number | null;
  readonly slo_verdict: string;
}

const OBJECTIVE_COLUMN = { cost: 'total_cost_usd', energy: 'energy_kwh', carbon: 'carbon_kg' } as const;
const SINGLE_POOL_DESIGNS: readonly string[] = ['DynamoLLM-SinglePool', 'DynamoLLM-ScaleInst'];

export const bench: Bench = {
  name: 'design-bound',
  subset: () => process.env.DESIGN_BOUND_SCENARIOS?.split(',').filter((x) => x !== '').map((x) => x.replace(/[^A-Za-z0-9_.-]/g, '_')).join('+') || undefined,
  async run() {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    const dir = mkdtempSync(join(tmpdir(), 'llmcap-bench-designs-'));
    const rows: BenchRow[] = [];
    try {
      const scenarios = [
        ...readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml') && !NOT_SCENARIOS.has(f)).map((f) => join('scenarios', f)),
        ...readdirSync(join(ROOT, 'scenarios', 'papers')).filter((f) => f.endsWith('.yaml') && !NOT_SCENARIOS.has(f)).map((f) => join('scenarios', 'papers', f)),
      ].sort();
      for (const trace of ['code', 'conv']) {
        if (process.env.DESIGN_BOUND_SCENARIOS && !process.env.DESIGN_BOUND_SCENARIOS.split(',').some((part) => `fitted-${trace}`.includes(part))) continue;
        const csv = join(TRACES, `AzureLLMInferenceTrace_${trace}.csv`);
        if (!existsSync(csv)) {
          rows.push({ group: 'design-bound', name: `fitted ${trace} trace`, value: Number.NaN, unit: '×', note: `skipped: ${csv} not found` });
          continue;
        }
        const fitted = join(dir, `fitted-${trace}.yaml`);
        execFileSync('node', ['bin/llmcap.js', 'trace', 'fit', csv, '--repeat-to', '24h', '-o', fitted, '-q'], { cwd: ROOT, stdio: 'inherit' });
        scenarios.push(fitted);
      }
      const only = process.env.DESIGN_BOUND_SCENARIOS?.split(',').filter((x) => x !== '');
      for (const file of scenarios) if (!only || only.some((part) => file.includes(part))) rows.push(...(await checkScenario(file, dir)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

async function checkScenario(file: string, dir: string): Promise<BenchRow[]> {
  const scenario = await fromScenarioFile(file.startsWith('/') ? file : join(ROOT, file));
  const name = file.startsWith(dir) ? `${file.slice(dir.length + 1)} (trace fit --repeat-to 24h)` : file;
  const out = join(dir, name.replace(/[^a-z0-9.-]+/gi, '_'));
  const run = await timed(() => spawnSync('node', ['bin/llmcap.js', 'compare', '--scenario', file, '--json', '--out', out, '-q'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }));
  if (run.value.status !== 0) {
    return [{ group: 'design-bound', name: `${name} · llmcap-free / best design inside its options`, value: Number.NaN, unit: '×', note: `compare exited ${run.value.status ?? run.value.signal}: ${run.value.stderr.trim().split('\n').at(-1) ?? ''}`, target: '≤ 1 + mipGap', met: false }];
  }
  const result = JSON.parse(run.value.stdout) as { objective: keyof typeof OBJECTIVE_COLUMN; rows: CompareRow[] };
  const column = OBJECTIVE_COLUMN[result.objective];
  const designs = new Map((await selectDesigns(undefined)).map((d) => [d.name, d]));
  const free = result.rows.find((r) => r.design === 'llmcap-free');
  const inside = result.rows.filter((r) => {
    const design = designs.get(r.design);
    return r.design !== 'llmcap-free' && design !== undefined && beyondScenario(scenario, design).length === 0 && r[column] !== null;
  });
  const best = inside.reduce<CompareRow | undefined>((b, r) => (b === undefined || (r[column] as number) < (b[column] as number) ? r : b), undefined);
  const freeValue = free?.[column] ?? null;
  const limit = 1 + scenario.solver.mipGap;
  // The SinglePool baseline is judged whatever the scenario's options: DynamoLLM's static SinglePool
  // and its per-window ScaleInst (the `plan` baseline's shape: one shared pool of TP8 at the top clock).
  const singlePool = result.rows.filter((r) => SINGLE_POOL_DESIGNS.includes(r.design) && r[column] !== null);
  const cheapestSingle = singlePool.reduce<CompareRow | undefined>((b, r) => (b === undefined || (r[column] as number) < (b[column] as number) ? r : b), undefined);
  const singleRows: BenchRow[] = cheapestSingle === undefined || freeValue === null ? [] : [{
    group: 'design-bound',
    name: `${name} · llmcap-free / SinglePool baseline (${result.objective})`,
    value: freeValue / (cheapestSingle[column] as number),
    unit: '×',
    target: `≤ ${limit} (1 + mipGap)`,
    met: freeValue / (cheapestSingle[column] as number) <= limit,
    note: `${cheapestSingle.design} ${fmt(cheapestSingle[column] as number)} (verdict ${cheapestSingle.slo_verdict || '—'})`,
  }];
  if (freeValue === null || best === undefined) {
    return [...singleRows, { group: 'design-bound', name: `${name} · llmcap-free / best design inside its options`, value: Number.NaN, unit: '×', note: freeValue === null ? 'llmcap-free has no plan' : 'no built-in design inside the scenario\'s options has a plan', target: `≤ ${limit}` }];
  }
  const ratio = freeValue / (best[column] as number);
  return [...singleRows, {
    group: 'design-bound',
    name: `${name} · llmcap-free / best design inside its options (${result.objective})`,
    value: ratio,
    unit: '×',
    target: `≤ ${limit} (1 + mipGap)`,
    met: ratio <= limit,
    note: `best inside: ${best.design} ${fmt(best[column] as number)} vs llmcap-free ${fmt(freeValue)} (verdicts ${best.slo_verdict || '—'} / ${free?.slo_verdict || '—'}); ${inside.length} designs inside, ${result.rows.length - 1 - inside.length} outside or without a plan; compare ${run.seconds.toFixed(0)} s`,
  }];
}

function fmt(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
