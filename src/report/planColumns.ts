/**
 * The plan table's columns, declared once (name, unit, meaning, value): the CSV header, the Arrow
 * schema and docs/outputs.md's column table all derive from this list.
 */
import type { Plan, PlanRow } from '../plan/index.js';

export type ColumnType = 'int' | 'float' | 'string';

export interface PlanColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly unit: string;
  readonly description: string;
  readonly value: (row: PlanRow) => number | string;
}

/** Six decimals: enough for req/s and kW, and the same digits in CSV and Arrow. */
export const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

const BASE_COLUMNS: readonly PlanColumn[] = [
  { name: 'window', type: 'int', unit: '', description: 'window index, 0-based', value: (r) => r.window },
  { name: 'window_start', type: 'string', unit: 'ISO 8601 UTC', description: 'start of the window', value: (r) => r.windowStart },
  { name: 'model', type: 'string', unit: '', description: 'model served by the pool (empty for idle rows)', value: (r) => r.model },
  { name: 'gpu', type: 'string', unit: '', description: 'GPU type', value: (r) => r.gpu },
  { name: 'tp', type: 'int', unit: 'GPUs', description: 'tensor-parallel degree of each instance (0 for idle rows)', value: (r) => r.tp },
  { name: 'clock_mhz', type: 'int', unit: 'MHz', description: 'locked SM clock of the pool (0 for idle rows)', value: (r) => r.clockMHz },
  { name: 'role', type: 'string', unit: '', description: "mixed = both phases on each instance; prefill, decode = Splitwise's phase split (a prefill pool's requests are decoded by decode pools); idle = the fleet's GPUs running nothing in this window, with the servers' host power", value: (r) => r.role },
  { name: 'pool', type: 'string', unit: '', description: "the classes the pool is kept to, under the scenario's pool partition (planning.pools): the partition's name (e.g. conversation:in0-1024, one service's prompts of 0 to 1,023 tokens), or shared = any class its config serves (empty for idle rows); pools alike in every other column are told apart by it", value: (r) => r.pool },
  { name: 'stack', type: 'string', unit: '', description: 'engine preset of the instances (profiles/README.md "Engine presets"; empty for idle rows)', value: (r) => r.stack },
  { name: 'precision', type: 'string', unit: '', description: 'number format of weights, activations and KV: bf16, fp8 or fp4 (empty for idle rows)', value: (r) => r.precision },
  { name: 'instances', type: 'int', unit: '', description: 'instances in the pool', value: (r) => r.instances },
  { name: 'gpus', type: 'int', unit: '', description: 'GPUs used (instances × tp), or idle GPUs', value: (r) => r.gpus },
  { name: 'utilization', type: 'float', unit: 'share', description: "predicted load as a share of the pool's SLO capacity", value: (r) => round6(r.utilization) },
  { name: 'mean_power_kw', type: 'float', unit: 'kW', description: 'predicted mean IT power', value: (r) => round6(r.meanPowerKW) },
  { name: 'energy_kwh', type: 'float', unit: 'kWh', description: 'facility energy in the window (IT energy × PUE)', value: (r) => round6(r.energyKWh) },
  { name: 'cost_usd', type: 'float', unit: 'USD', description: "GPU rental or amortized capex for the window plus energy cost; where owned servers or stated acquisition modes (docs/billing.md) make the rate per GPU differ, the window's share of its GPU type's fleet cost, split by GPUs (on-demand rent is in on_demand_usd)", value: (r) => round6(r.costUsd) },
  { name: 'carbon_kg', type: 'float', unit: 'kg CO2e', description: 'operational carbon of the energy', value: (r) => round6(r.carbonKg) },
];

/** Columns of plans that rent on demand (docs/billing.md), after the fixed ones. */
export const ON_DEMAND_COLUMNS: readonly PlanColumn[] = [
  { name: 'on_demand_servers', type: 'int', unit: 'servers', description: "plans that rent on demand only: servers of the row's GPU type rented on demand for the window, on the type's idle row (0 on pool rows, so the column sums to the server-windows rented)", value: (r) => r.onDemandServers ?? 0 },
  { name: 'on_demand_usd', type: 'float', unit: 'USD', description: 'plans that rent on demand only: their rent for the window, on the same row (not in cost_usd)', value: (r) => round6(r.onDemandUsd ?? 0) },
];

/** All columns of a plan: the fixed ones, then one request-rate column per class; then the on-demand ones when the plan rents on demand. */
export function planColumns(plan: Pick<Plan, 'classIds'> & { readonly rows?: Plan['rows'] }): PlanColumn[] {
  const rateColumns = plan.classIds.map((id): PlanColumn => ({
    name: `rate_rps:${id}`,
    type: 'float',
    unit: 'req/s',
    description: `request rate of class ${id} assigned to the pool`,
    value: (r) => round6(r.ratesRps[id] ?? 0),
  }));
  const at = BASE_COLUMNS.findIndex((c) => c.name === 'utilization');
  const onDemand = plan.rows?.some((r) => r.onDemandServers !== undefined) ? ON_DEMAND_COLUMNS : [];
  return [...BASE_COLUMNS.slice(0, at), ...rateColumns, ...BASE_COLUMNS.slice(at), ...onDemand];
}

export const PLAN_BASE_COLUMNS = BASE_COLUMNS;
