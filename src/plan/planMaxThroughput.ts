/**
 * The highest demand scale α at which every class still meets its SLOs within the scenario's power
 * budget (and an optional cost budget): one MILP with α as a variable (compare's iso-power and
 * iso-cost modes). Meant for short horizons, typically the peak window alone.
 */
import { buildCapacityTable, type CapacityCache, type CapacityTable } from '../capacity/index.js';
import { InputError } from '../core/errors.js';
import { buildPlanModel, planningData, type CapacityDerate } from '../formulation/index.js';
import type { Scenario } from '../scenario/index.js';
import { analyticStepModel, type StepModel } from '../profiles/index.js';
import { solve, type BackendName } from '../solver/index.js';
import { assemblePlan } from './assemblePlan.js';
import { fleetFigures, windowRows } from './extractRows.js';
import { precheckServable } from './precheck.js';
import type { Plan, PlanRow, WindowSummary } from './types.js';

export interface ThroughputOptions {
  readonly backend?: BackendName;
  readonly timeLimitSec?: number;
  readonly mipGap?: number;
  /** Cap on fleet + energy + start-up cost over the horizon, USD. */
  readonly costBudgetUsd?: number;
  readonly steps?: StepModel;
  /** Capacity rows already computed, to reuse (compare passes one cache to every design). */
  readonly capacityCache?: CapacityCache;
  /** Capacity corrections measured by replay (the repair loop, src/repair), applied before the solve. */
  readonly capacityDerate?: CapacityDerate;
}

export async function planMaxThroughput(scenario: Scenario, options: ThroughputOptions = {}): Promise<{ plan: Plan; scale: number; capacity: CapacityTable }> {
  if (!Number.isFinite(scenario.power.provisionedKW) && options.costBudgetUsd === undefined) {
    throw new InputError({ file: scenario.file, field: 'power.provisionedKW', message: 'the highest throughput is unbounded without a power or cost budget', fix: 'set power.provisionedKW in the scenario, or give a cost budget' });
  }
  const started = performance.now();
  const backend = options.backend ?? scenario.solver.backend;
  const steps = options.steps ?? analyticStepModel;
  const capacity = buildCapacityTable(scenario, steps, options.capacityCache);
  precheckServable(scenario, capacity);
  const data = planningData(scenario, capacity, options.capacityDerate ? { capacityDerate: options.capacityDerate } : {});
  const windows = scenario.horizon.windows.map((w) => w.index);
  const pm = buildPlanModel(data, { windows, maximizeScale: options.costBudgetUsd !== undefined ? { costBudgetUsd: options.costBudgetUsd } : {} });
  const result = await solve(pm.model, { backend, timeLimitSec: options.timeLimitSec ?? scenario.solver.timeLimitSec, mipRelGap: options.mipGap ?? scenario.solver.mipGap });
  if (!result.hasSolution || !pm.scale) {
    throw new InputError({ file: scenario.file, message: `no throughput plan found (${result.termination})`, fix: 'raise the power or cost budget' });
  }
  const scale = result.value(pm.scale);
  const solution = result.roundedSolution();
  const rows: PlanRow[] = [];
  const summaries: WindowSummary[] = [];
  for (const w of windows) {
    const out = windowRows(data, pm, solution, w);
    rows.push(...out.rows);
    summaries.push({ ...out.summary, demandRps: out.summary.demandRps * scale });
  }
  const plan = assemblePlan(data, rows, summaries, fleetFigures(data, pm, solution), steps, {
    backend,
    method: 'monolithic',
    termination: result.termination,
    // The solver's bound is on −α (cost only breaks ties), not on the plan's cost objective: its
    // gap is the gap on α, which is what the plan reports.
    bound: undefined,
    solverGap: result.gap,
    seconds: (performance.now() - started) / 1000,
    subproblems: 1,
    limitReached: result.termination === 'time_limit',
    notes: [`maximized the demand scale: α = ${scale.toFixed(4)}${result.bound !== undefined ? `, proven α ≤ ${(-result.bound).toFixed(4)}` : ', no bound on α proven'}`],
  });
  return { plan, scale, capacity };
}
