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

export function sweepColumns(definition: SweepDefinition, rows: readonly SweepRow[]): DeclaredColumn<SweepRow>[] {
  const totals = (pick: (t: NonNullable<VariantResult['totals']>) => number) => (r: SweepRow) => (r.result.totals ? num(pick(r.result.totals)) : Number.NaN);
  return [
    { name: 'variant', type: 'string', value: (r) => r.entry.id },
    { name: 'index', type: 'int', value: (r) => r.entry.index },
    ...definition.axes.map((a) => axisColumn(a, rows)),
    { name: 'status', type: 'string', value: (r) => r.result.status },
    { name: 'reason', type: 'string', value: (r) => r.result.reason },
    { name: 'planObjective', type: 'string', value: (r) => r.result.objective },
    { name: 'meanDemandRps', type: 'float', value: (r) => num(r.result.meanDemandRps) },
    { name: 'peakDemandRps', type: 'float', value: (r) => num(r.result.peakDemandRps) },
    { name: 'totalCostUsd', type: 'float', value: totals((t) => t.totalCostUsd) },
    { name: 'fleetCostUsd', type: 'float', value: totals((t) => t.fleetCostUsd) },
    { name: 'energyCostUsd', type: 'float', value: totals((t) => t.energyCostUsd) },
    { name: 'energyKWh', type: 'float', value: totals((t) => t.energyKWh) },
    { name: 'carbonKg', type: 'float', value: totals((t) => num(t.operationalCarbonKg) + num(t.embodiedCarbonKg)) },
    { name: 'operationalCarbonKg', type: 'float', value: totals((t) => t.operationalCarbonKg) },
    { name: 'embodiedCarbonKg', type: 'float', value: totals((t) => t.embodiedCarbonKg) },
    { name: 'peakPowerKW', type: 'float', value: totals((t) => t.peakPowerKW) },
    { name: 'provisionedKW', type: 'float', value: totals((t) => t.provisionedKW) },
    { name: 'servers', type: 'float', value: totals((t) => t.servers) },
    { name: 'gpus', type: 'float', value: totals((t) => t.gpus) },
    ...gpuTypesOf(rows).map((g): DeclaredColumn<SweepRow> => ({ name: `gpus[${g}]`, type: 'float', value: (r) => (r.result.totals ? (r.result.gpusByType[g] ?? 0) : Number.NaN) })),
    { name: 'gpuMix', type: 'string', value: (r) => gpuMixOf(r.result) },
    { name: 'gap', type: 'float', value: (r) => num(r.result.gap) },
    { name: 'termination', type: 'string', value: (r) => r.result.termination ?? '' },
    { name: 'verdict', type: 'string', value: (r) => r.result.replay?.verdict ?? '' },
    { name: 'failingSloCells', type: 'float', value: (r) => num(r.result.replay?.failingCells) },
    { name: 'minSloAttainment', type: 'float', value: (r) => num(r.result.replay?.minSloAttainment) },
    { name: 'replayEnergyKWh', type: 'float', value: (r) => num(r.result.replay?.energyKWh) },
    { name: 'replayPeakKW', type: 'float', value: (r) => num(r.result.replay?.peakKW) },
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

export function toTimingsCsv(rows: readonly TimingRow[]): string {
  const t = (pick: (x: VariantTiming) => number) => (r: TimingRow) => (r.timing ? pick(r.timing) : Number.NaN);
  return columnsToCsv<TimingRow>([
    { name: 'variant', type: 'string', value: (r) => r.id },
    { name: 'status', type: 'string', value: (r) => r.status },
    { name: 'planSeconds', type: 'float', value: t((x) => x.planSeconds) },
    { name: 'replaySeconds', type: 'float', value: t((x) => x.replaySeconds) },
    { name: 'outputSeconds', type: 'float', value: t((x) => x.outputSeconds) },
    { name: 'totalSeconds', type: 'float', value: t((x) => x.totalSeconds) },
    { name: 'finishedAt', type: 'string', value: (r) => r.timing?.finishedAt ?? '' },
  ], rows);
}
