/**
 * How a pool's size and its arrivals move its replayed capacity away from the planner's linear model
 * (docs/reproductions.md, "DynamoLLM: the week"; issue 18). The capacity model prices one instance
 * serving one class and adds classes and instances linearly: a pool of n instances serving a class mix
 * at rates r_k is taken to hold while Σ r_k / (n · capacity_k) ≤ 1. The replay routes a pool's
 * requests over its instances (token-JSQ), so n instances are a multi-server queue, not n single ones,
 * and bursty arrivals spread over them. This bench replays a pool of n TP8 H100 instances at 1,980 MHz
 * serving a scenario's whole class mix in one shared pool, bisects the highest multiple of the linear
 * model's rates at which every class with ≥ 5 % of the requests meets its SLO percentiles (point
 * estimates, 40,000 requests, seed 1), and reports that multiple: 1 means the linear model is exact,
 * above 1 that it is conservative, below 1 optimistic, 0 that the pool missed even at the lowest
 * multiple tried (4/2^7 = 0.031). Opt-in: `npm run bench pool-knee` (under a minute on 2 cores).
 */
import { buildCapacityTable } from '../src/capacity/index.js';
import { simulatedMixKnee } from '../src/kneeProbe/index.js';
import { loadStepSource, stepSourceFrom, type StepModel } from '../src/profiles/index.js';
import { fromScenarioFile, type Scenario } from '../src/scenario/index.js';
import type { Bench, BenchRow } from './harness.js';

const ROOT = new URL('..', import.meta.url).pathname;
const REQUESTS = 40_000;
/** Classes below this share of the requests have a p99 too noisy at REQUESTS to bisect on. */
const JUDGED_SHARE = 0.05;

interface Case {
  readonly label: string;
  readonly scenario: string;
  /** Poisson, the scenario's own arrivals, or a gamma law of this burstiness. */
  readonly arrivals: 'poisson' | 'scenario' | { readonly gamma: number };
  readonly pools: readonly number[];
}

const CASES: readonly Case[] = [
  { label: 'conversation week mix, Poisson', scenario: 'scenarios/papers/dynamollm-conv-week.yaml', arrivals: 'poisson', pools: [1, 2, 4, 8, 16] },
  { label: 'coding week mix, Poisson', scenario: 'scenarios/papers/dynamollm-code-week.yaml', arrivals: 'poisson', pools: [1, 4, 16] },
  { label: 'coding week mix, the coding trace\'s gaps (empirical arrivals)', scenario: 'scenarios/papers/dynamollm-code-week.yaml', arrivals: 'scenario', pools: [1, 4, 16, 64] },
  // What `trace fit` writes for the coding trace by default: a gamma law fitted to the gaps' CV.
  { label: 'coding week mix, gamma arrivals (burstiness 7.36)', scenario: 'scenarios/papers/dynamollm-code-week.yaml', arrivals: { gamma: 7.36 }, pools: [1, 4, 16, 64] },
];

async function caseRows(c: Case, steps: StepModel): Promise<BenchRow[]> {
  const read = await fromScenarioFile(`${ROOT}${c.scenario}`);
  // One pool every class shares: each class's capacity holds its sharers' SLOs, as a SinglePool plan's.
  const gamma = typeof c.arrivals === 'object' ? { arrivals: 'gamma' as const, burstiness: c.arrivals.gamma } : {};
  const scenario: Scenario = { ...read, planning: { ...read.planning, pools: 'shared' }, simulation: { ...read.simulation, ...gamma } };
  const table = buildCapacityTable(scenario, steps, undefined, (cfg) => cfg.gpu === 'H100-80GB' && cfg.tp === 8 && cfg.clockMHz === 1980 && cfg.role === 'mixed');
  const config = table.configs.find((cfg) => cfg.gpu === 'H100-80GB' && cfg.tp === 8 && cfg.clockMHz === 1980 && cfg.role === 'mixed');
  if (!config) throw new Error(`${c.scenario}: no TP8 H100 mixed config at 1980 MHz`);
  const demand = scenario.classes.map((_, k) => scenario.demandRps[k]?.[0] ?? 0);
  const total = demand.reduce((a, b) => a + b, 0);
  const share = (k: number) => (demand[k] ?? 0) / total;
  const capacity = (id: string) => table.rows.find((r) => r.configId === config.id && r.classId === id)?.maxRps ?? 0;
  // The linear model's rate of the mix on one instance: Σ share_k / capacity_k = 1 / rate.
  const linearRps = 1 / scenario.classes.reduce((u, cls, k) => (share(k) > 0 && capacity(cls.id) > 0 ? u + share(k) / capacity(cls.id) : u), 0);
  const judge = scenario.classes.filter((_, k) => share(k) >= JUDGED_SHARE).map((cls) => cls.id);
  const rows: BenchRow[] = [];
  for (const n of c.pools) {
    const rates = Object.fromEntries(scenario.classes.map((cls, k) => [cls.id, share(k) * linearRps * n]).filter(([, r]) => (r as number) > 0));
    const multiple = await simulatedMixKnee(scenario, config, rates, { instances: n, arrivals: c.arrivals === 'poisson' ? 'poisson' : 'scenario', judge, steps, requests: REQUESTS, bisections: 7, upper: 4 });
    rows.push({
      group: 'pool knee',
      name: `${c.label}: ${n} instance${n > 1 ? 's' : ''}, replayed knee over the linear model`,
      value: multiple,
      unit: '×',
      note: `${(multiple * linearRps).toFixed(2)} req/s per instance against ${linearRps.toFixed(2)}`,
    });
  }
  return rows;
}

export const bench: Bench = {
  name: 'pool-knee',
  async run() {
    const steps = await loadStepSource(stepSourceFrom({}));
    const rows: BenchRow[] = [];
    for (const c of CASES) rows.push(...(await caseRows(c, steps)));
    return rows;
  },
};
