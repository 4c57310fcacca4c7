/** The compare table's columns, declared once: CSV header, Arrow schema and README derive from it. */
import type { DesignResult } from './compareDesigns.js';

/** A column of a compare table over rows of type R: designs, or routing policies on one deployment. */
export interface FigureColumn<R> {
  /** CSV header and Arrow field. */
  readonly name: string;
  /** What the report calls it: words, not snake_case. */
  readonly label: string;
  /** Decimals the report shows (shares as percentages); CSV and Arrow keep 6. */
  readonly digits?: number;
  readonly type: 'float' | 'int' | 'string';
  readonly unit: string;
  /** A total over the planned horizon: the report's label names the period ('USD per week', 'kWh over 1 h'). */
  readonly overHorizon?: boolean;
  readonly description: string;
  readonly value: (r: R) => number | string;
}

export type CompareColumn = FigureColumn<DesignResult>;

const r6 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : Number.NaN);
const num = (get: (r: DesignResult) => number | undefined) => (r: DesignResult) => r6(r.plan ? (get(r) ?? Number.NaN) : Number.NaN);

export const COMPARE_COLUMNS: readonly CompareColumn[] = [
  { name: 'design', label: 'design', type: 'string', unit: '', description: 'design name', value: (r) => r.design.name },
  { name: 'mode', label: 'mode', type: 'string', unit: '', description: 'iso-throughput, iso-power or iso-cost', value: (r) => r.mode },
  { name: 'gpus_by_type', label: 'GPUs by type', type: 'string', unit: '', description: "GPUs procured per type, e.g. 'H100-80GB:208 H200:32'", value: (r) => (r.plan?.procurement ?? []).filter((p) => p.gpus > 0).map((p) => `${p.gpu}:${p.gpus}`).join(' ') },
  { name: 'servers', label: 'servers', type: 'int', unit: '', description: 'servers procured', value: (r) => r.plan?.totals.servers ?? 0 },
  { name: 'gpus', label: 'GPUs', type: 'int', unit: '', description: 'GPUs procured', value: (r) => r.plan?.totals.gpus ?? 0 },
  { name: 'demand_scale', label: 'demand served', digits: 2, type: 'float', unit: '×', description: "served demand as a multiple of the scenario's (1 in iso-throughput; the maximum in iso-power / iso-cost)", value: (r) => r6(r.scale) },
  { name: 'peak_throughput_rps', label: 'peak throughput', digits: 1, type: 'float', unit: 'req/s', description: 'requests per second served at the peak window', value: (r) => r6(r.peakThroughputRps) },
  { name: 'fleet_cost_usd', label: 'fleet cost', digits: 0, type: 'float', unit: 'USD', overHorizon: true, description: 'GPU rental or amortized capex over the planned horizon (capex/opex split in procurement)', value: num((r) => r.plan?.totals.fleetCostUsd) },
  { name: 'energy_cost_usd', label: 'energy cost', digits: 0, type: 'float', unit: 'USD', overHorizon: true, description: 'electricity (and start-up charges) over the planned horizon', value: num((r) => r.plan?.totals.energyCostUsd) },
  { name: 'total_cost_usd', label: 'total cost', digits: 0, type: 'float', unit: 'USD', overHorizon: true, description: 'fleet + energy + carbon price over the planned horizon', value: num((r) => r.plan?.totals.totalCostUsd) },
  { name: 'cost_per_mtok_usd', label: 'cost', digits: 2, type: 'float', unit: 'USD / 1M tokens', description: 'total cost per million tokens served (prompt + output)', value: (r) => r6(r.costPerMillionTokensUsd) },
  { name: 'energy_kwh', label: 'energy', digits: 0, type: 'float', unit: 'kWh', overHorizon: true, description: 'facility energy over the planned horizon', value: num((r) => r.plan?.totals.energyKWh) },
  { name: 'peak_power_kw', label: 'peak power', digits: 1, type: 'float', unit: 'kW', description: 'predicted peak power', value: num((r) => r.plan?.totals.peakPowerKW) },
  { name: 'nameplate_kw', label: 'nameplate power', digits: 1, type: 'float', unit: 'kW', description: 'nameplate power of the procured servers', value: num((r) => r.plan?.totals.nameplateKW) },
  { name: 'carbon_kg', label: 'carbon', digits: 0, type: 'float', unit: 'kg CO2e', overHorizon: true, description: 'operational + embodied carbon over the planned horizon', value: num((r) => (r.plan ? r.plan.totals.operationalCarbonKg + r.plan.totals.embodiedCarbonKg : undefined)) },
  { name: 'slo_attainment', label: 'SLO attainment at the peak', digits: 2, type: 'float', unit: 'share', description: 'replay at the peak window: share of requests meeting every target of their class (empty without --replay)', value: (r) => r6(r.replay?.sloAttainment ?? Number.NaN) },
  { name: 'slo_verdict', label: 'SLO verdict', type: 'string', unit: '', description: "replay verdict: 'pass', or 'fail: N' (window, class) cells missing a target at its percentile", value: (r) => (r.replay ? (r.replay.pass ? 'pass' : `fail: ${r.replay.failingCells}`) : '') },
  { name: 'point_miss_cells', label: 'cells below percentile', type: 'string', unit: '', description: "replay: judged (window, class) cells whose attainment is below their percentile as a point estimate, significant or not, of the cells judged, e.g. '3 of 18' (empty without --replay)", value: (r) => (r.replay ? `${r.replay.pointMissCells} of ${r.replay.judgedCells}` : '') },
  { name: 'repair', label: 'replay and repair', type: 'string', unit: '', description: "the design's replay-and-repair loop: rounds, and (window, class) cells its slice replays missed before → after (empty when the loop is off)", value: (r) => (r.plan?.repair ? `${r.plan.repair.rounds} of ${r.plan.repair.maxRounds} rounds, ${r.plan.repair.cellsMissedBefore} → ${r.plan.repair.cellsMissedAfter} cells` : '') },
  { name: 'power_budget', label: 'power budget counts', type: 'string', unit: '', description: 'what had to fit the provisioned power: predicted-peak, nameplate or gpu-tdp', value: (r) => r.design.powerBudget ?? '' },
  { name: 'solve_gap', label: 'solver gap', digits: 2, type: 'float', unit: 'share', description: 'relative MIP gap of the design\'s plan (empty when unknown)', value: num((r) => r.plan?.solve.gap) },
  { name: 'note', label: 'note', type: 'string', unit: '', description: "why a design has no plan ('left out: …' when it needs GPU types the scenario does not list), or why it shows another design's plan ('keeps …': a design inside its options, or llmcap-free's the scenario's, passes its replay for less)", value: (r) => r.error ?? r.leftOut ?? r.kept ?? '' },
];
