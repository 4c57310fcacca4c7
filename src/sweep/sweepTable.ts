/**
 * sweep.arrow / sweep.csv / sweep.parquet: one row per variant, in variant order — its axis values,
 * status and reason, cost split, energy, carbon, GPUs by type, peak power, gap and replay verdict —
 * and timings.csv apart (timings differ from run to run; the results do not). Columns depend only on
 * the sweep's definition and the variants' results, never on which run or shard made them. Pure.
 */
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { InputProblem } from '../core/errors.js';
import { columnsToArrow, columnsToCsv, type DeclaredColumn } from '../report/columnTable.js';
import { formatFieldPath } from '../scenario/index.js';
import type { SweepDefinition, SweepVariantEntry } from './definition.js';
import type { VariantResult, VariantTiming } from './variantResult.js';
import type { Grid } from './grid.js';
import { show } from './showValue.js';

export interface SweepRow {
  readonly entry: SweepVariantEntry;
  readonly result: VariantResult;
}

const num = (v: number | null | undefined) => (typeof v === 'number' ? v : Number.NaN);

/** 'A100-80GB + H100-80GB' (types bought, sorted), 'none', or '' without a plan. */
export function gpuMixOf(result: VariantResult): string {
  if (!result.totals) return '';
  const types = Object.keys(result.gpusByType).filter((g) => (result.gpusByType[g] ?? 0) > 0).sort();
  return types.length > 0 ? types.join(' + ') : 'none';
}

/** A column per GPU type any variant buys, sorted. */
export function gpuTypesOf(rows: readonly SweepRow[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r.result.gpusByType)))].sort();
}

/** Axis columns: numbers stay numbers when every variant's value is one; anything else is text. */
function axisColumn(axis: string, rows: readonly SweepRow[]): DeclaredColumn<SweepRow> {
  const numeric = rows.every((r) => typeof r.entry.values[axis] === 'number');
  return numeric
    ? { name: axis, type: 'float', value: (r) => r.entry.values[axis] as number }
    : { name: axis, type: 'string', value: (r) => (r.entry.values[axis] === null || r.entry.values[axis] === undefined ? '' : show(r.entry.values[axis])) };
}

/** A sweep.arrow / sweep.csv column with its unit and meaning (docs/sweep.md's table is made from these). */
export interface SweepColumn extends DeclaredColumn<SweepRow> {
  readonly unit: string;
  readonly description: string;
}

export function sweepColumns(definition: Pick<SweepDefinition, 'axes'>, rows: readonly SweepRow[]): SweepColumn[] {
  const totals = (pick: (t: NonNullable<VariantResult['totals']>) => number | undefined) => (r: SweepRow) => (r.result.totals ? num(pick(r.result.totals)) : Number.NaN);
  const withReplay = '; with `--validate`, empty without';
  return [
    { name: 'variant', type: 'string', unit: '', description: 'variant id, e.g. `v0003`', value: (r) => r.entry.id },
    { name: 'index', type: 'int', unit: '', description: 'its position in the grid, 0-based', value: (r) => r.entry.index },
    ...definition.axes.map((a) => ({ ...axisColumn(a, rows), unit: '', description: 'one column per axis, named by its scenario path: the value the variant takes (the base scenario\'s where a listed variant does not set it). Numbers stay numbers when every value is one; other values (lists, mappings, names) are written as in the grid' })),
    { name: 'status', type: 'string', unit: '', description: '`ok`; `limit` (a solver limit ended the search, the best plan was kept, `gap` says how close); `infeasible`; `limit-no-plan`; `bad-input` (the planner rejected the variant, e.g. a class no candidate config can serve); `error` (a bug or a crashed worker: not kept, a rerun retries it)', value: (r) => r.result.status },
    { name: 'reason', type: 'string', unit: '', description: "why the status is not `ok`: the planner's message (e.g. which window needs how much more power)", value: (r) => r.result.reason },
    { name: 'planObjective', type: 'string', unit: '', description: 'what the plan minimized', value: (r) => r.result.objective },
    { name: 'meanDemandRps', type: 'float', unit: 'req/s', description: 'mean demand of the variant\'s scenario over its windows, all services: the x axis of "cost vs demand" whatever path edits it', value: (r) => num(r.result.meanDemandRps) },
    { name: 'peakDemandRps', type: 'float', unit: 'req/s', description: 'demand of its busiest window, all services', value: (r) => num(r.result.peakDemandRps) },
    { name: 'totalCostUsd', type: 'float', unit: 'USD', description: 'over the horizon: `fleetCostUsd` + `energyCostUsd` (+ any carbon price)', value: totals((t) => t.totalCostUsd) },
    { name: 'fleetCostUsd', type: 'float', unit: 'USD', description: 'GPU rental or amortized capex of the fleet over the horizon', value: totals((t) => t.fleetCostUsd) },
    { name: 'energyCostUsd', type: 'float', unit: 'USD', description: 'electricity (and start-up charges) over the horizon', value: totals((t) => t.energyCostUsd) },
    { name: 'upfrontUsd', type: 'float', unit: 'USD', description: 'upfront purchase outlay for the servers bought (`prices.capex`), as summary.json\'s `totals.upfrontUsd`: 0 when the fleet is rented or already owned; not part of `totalCostUsd`, which carries its amortized share', value: totals((t) => t.upfrontUsd) },
    { name: 'energyKWh', type: 'float', unit: 'kWh', description: 'facility energy (IT × PUE) over the horizon', value: totals((t) => t.energyKWh) },
    { name: 'carbonKg', type: 'float', unit: 'kg CO2e', description: '`operationalCarbonKg` + `embodiedCarbonKg`', value: totals((t) => num(t.operationalCarbonKg) + num(t.embodiedCarbonKg)) },
    { name: 'operationalCarbonKg', type: 'float', unit: 'kg CO2e', description: "carbon of that energy at the grid's intensity", value: totals((t) => t.operationalCarbonKg) },
    { name: 'embodiedCarbonKg', type: 'float', unit: 'kg CO2e', description: "the fleet's manufacturing carbon amortized over the horizon", value: totals((t) => t.embodiedCarbonKg) },
    { name: 'peakPowerKW', type: 'float', unit: 'kW', description: 'predicted peak IT power of the busiest window', value: totals((t) => t.peakPowerKW) },
    { name: 'provisionedKW', type: 'float', unit: 'kW', description: 'the power budget; empty without one', value: totals((t) => t.provisionedKW) },
    { name: 'servers', type: 'float', unit: '', description: 'servers in the fleet', value: totals((t) => t.servers) },
    { name: 'gpus', type: 'float', unit: '', description: 'GPUs in the fleet', value: totals((t) => t.gpus) },
    ...gpuTypesOf(rows).map((g): SweepColumn => ({ name: `gpus[${g}]`, type: 'float', unit: '', description: 'GPUs bought of this type: one column per type any variant buys', value: (r) => (r.result.totals ? (r.result.gpusByType[g] ?? 0) : Number.NaN) })),
    { name: 'gpuMix', type: 'string', unit: '', description: 'the types bought, e.g. `A100-80GB + H100-80GB`; `none`, or empty without a plan', value: (r) => gpuMixOf(r.result) },
    { name: 'gap', type: 'float', unit: 'share', description: "the solver's proven relative gap", value: (r) => num(r.result.gap) },
    { name: 'termination', type: 'string', unit: '', description: 'how the search ended (`optimal`, `gap_above_target`, `time_limit`, …)', value: (r) => r.result.termination ?? '' },
    { name: 'verdict', type: 'string', unit: '', description: `the replay's verdict, \`pass\` or \`fail\`${withReplay}`, value: (r) => r.result.replay?.verdict ?? '' },
    { name: 'failingSloCells', type: 'float', unit: '', description: `(window, class) cells missing their SLO significantly${withReplay}`, value: (r) => num(r.result.replay?.failingCells) },
    { name: 'minSloAttainment', type: 'float', unit: 'share', description: `the lowest per-window share of requests meeting both targets${withReplay}`, value: (r) => num(r.result.replay?.minSloAttainment) },
    { name: 'replayEnergyKWh', type: 'float', unit: 'kWh', description: `replayed facility energy${withReplay}`, value: (r) => num(r.result.replay?.energyKWh) },
    { name: 'replayPeakKW', type: 'float', unit: 'kW', description: `replayed peak power${withReplay}`, value: (r) => num(r.result.replay?.peakKW) },
  ];
}

/**
 * Axes named like a result column (e.g. `totalCostUsd`, `gpus[H100-80GB]`): not scenario paths, and
 * their column would clash. Each named with its line in the grid file.
 */
export function axisNameClashes(grid: Grid): InputProblem[] {
  const resultColumns = new Set(sweepColumns({ axes: [] } as unknown as SweepDefinition, []).map((c) => c.name));
  const clashes = (name: string) => resultColumns.has(name) || /^gpus\[/.test(name);
  const places = [...grid.crossed.map((c) => ({ axis: c.axis, where: c.where })), ...grid.listed.flat()];
  return places
    .filter((p) => clashes(p.axis.name))
    .map((p) => ({ file: grid.file, ...grid.source.locate(p.where), field: formatFieldPath(p.where), message: `axis '${p.axis.name}' has the name of a result column of sweep.arrow`, fix: 'it is not a scenario path: check it against `llmcap schema`' }));
}

export function toSweepArrow(definition: SweepDefinition, rows: readonly SweepRow[]): Uint8Array {
  return columnsToArrow(sweepColumns(definition, rows), rows);
}

export function toSweepCsv(definition: SweepDefinition, rows: readonly SweepRow[]): string {
  return columnsToCsv(sweepColumns(definition, rows), rows);
}

/** sweep.parquet: the same table as sweep.arrow (parquet-wasm, which reads Arrow IPC), ZSTD-compressed. */
export async function toSweepParquet(arrowFile: Uint8Array): Promise<Uint8Array> {
  const parquet = await import('parquet-wasm');
  const stream = tableToIPC(tableFromIPC(arrowFile), 'stream');
  const properties = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
  return parquet.writeParquet(parquet.Table.fromIPCStream(stream), properties);
}

export interface TimingRow {
  readonly id: string;
  readonly status: string;
  /** Undefined when the variant's directory has no timing (an older run). */
  readonly timing?: VariantTiming;
}

const timing = (pick: (x: VariantTiming) => number) => (r: TimingRow) => (r.timing ? pick(r.timing) : Number.NaN);

/** timings.csv's columns, declared once: the file is written from them and docs/sweep.md's table generated from them. */
export const TIMING_COLUMNS: readonly (DeclaredColumn<TimingRow> & { readonly unit: string; readonly description: string })[] = [
  { name: 'variant', type: 'string', unit: '', description: 'variant id, as in sweep.csv', value: (r) => r.id },
  { name: 'status', type: 'string', unit: '', description: "the variant's status, as in sweep.csv", value: (r) => r.status },
  { name: 'planSeconds', type: 'float', unit: 's', description: 'reading the scenario and planning it, the replay-and-repair loop included (a failed variant: until it failed)', value: timing((x) => x.planSeconds) },
  { name: 'replaySeconds', type: 'float', unit: 's', description: 'the `--validate` replay; 0 without', value: timing((x) => x.replaySeconds) },
  { name: 'outputSeconds', type: 'float', unit: 's', description: "writing the variant's plan directory", value: timing((x) => x.outputSeconds) },
  { name: 'totalSeconds', type: 'float', unit: 's', description: 'the whole variant, from its start to its files written', value: timing((x) => x.totalSeconds) },
  { name: 'finishedAt', type: 'string', unit: '', description: 'when the variant finished, ISO 8601 UTC. The timing columns are empty when the variant\'s directory holds no timing (an older run)', value: (r) => r.timing?.finishedAt ?? '' },
];

export function toTimingsCsv(rows: readonly TimingRow[]): string {
  return columnsToCsv(TIMING_COLUMNS, rows);
}
