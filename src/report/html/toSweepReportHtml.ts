/**
 * The sweep's report.html: key figures, the cost–energy frontier, cost against demand, which GPU mix
 * wins where, the cost's sensitivity to each axis, and the variants' table (sweep.csv's main
 * columns), on the same page machinery as the plan and compare reports. Each variant's own plan
 * report is in variants/<id>/report.html.
 */
import type { TopLevelSpec } from 'vega-lite';
import { axisValueLabel, cheapestByDemand, costSensitivity, paretoFront, plannedPoints, widestAxis } from '../../sweep/analysis.js';
import type { SweepDefinition } from '../../sweep/definition.js';
import { gpuMixOf, type SweepRow } from '../../sweep/sweepTable.js';
import { sweepDemandChart, SWEEP_DEMAND_CHART } from '../charts/sweepDemandChart.js';
import { sweepFrontierChart, SWEEP_FRONTIER_CHART } from '../charts/sweepFrontierChart.js';
import { sweepGpuMixChart, SWEEP_GPU_MIX_CHART, type GpuMixCell } from '../charts/sweepGpuMixChart.js';
import { sweepSensitivityChart, SWEEP_SENSITIVITY_CHART } from '../charts/sweepSensitivityChart.js';
import { toReportHtml, type ReportBlock, type ReportSection } from './toReportHtml.js';

const usd = (v: number) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '—');
const num = (v: number | undefined, digits = 1) => (v !== undefined && Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits }) : '—');
const kilo = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(Math.abs(v) >= 100_000 ? 0 : 1)}k` : v.toFixed(0));

function chart(name: string, title: string, spec: TopLevelSpec | undefined, caption: string, absent: string): ReportBlock {
  return spec ? { kind: 'chart', name, title, spec, caption } : { kind: 'note', text: absent };
}

export async function toSweepReportHtml(definition: SweepDefinition, rows: readonly SweepRow[]): Promise<string> {
  const points = plannedPoints(definition, rows);
  const front = paretoFront(points);
  const cheapest = [...points].sort((a, b) => a.costUsd - b.costUsd || (a.id < b.id ? -1 : 1))[0];
  const failed = rows.filter((r) => r.result.status !== 'ok');
  const sections: ReportSection[] = [
    {
      id: 'summary',
      title: 'Summary',
      blocks: [
        {
          kind: 'figures',
          items: [
            { label: 'variants', value: String(rows.length), note: `${definition.axes.length} axes: ${definition.axes.join(', ') || '—'}` },
            { label: 'planned', value: String(points.length), note: failed.length > 0 ? `${failed.length} not ok (see the table)` : 'every variant ok' },
            ...(cheapest ? [{ label: 'cheapest', value: `${usd(cheapest.costUsd)} USD`, note: `${cheapest.id}: ${cheapest.label}` }] : []),
            { label: 'on the cost–energy frontier', value: String(front.length), note: front.map((p) => p.id).join(', ') },
          ],
        },
        ...failed.map((r) => ({ kind: 'note' as const, tone: 'warning' as const, text: `${r.entry.id} ${r.result.status}: ${r.result.reason.split('\n')[0] ?? ''}` })),
      ],
    },
    {
      id: 'frontier',
      title: 'Cost vs energy',
      blocks: [chart(SWEEP_FRONTIER_CHART, 'Cost against energy, with the frontier', sweepFrontierChart(points, front), 'Each point a variant with a plan; the dashed line joins the variants no other beats on both cost and energy (triangles: a solver limit ended the search, best plan kept).', 'No variant has a plan.')],
    },
    {
      id: 'demand',
      title: 'Cost vs demand',
      blocks: [chart(SWEEP_DEMAND_CHART, 'Cost against demand growth', sweepDemandChart(points, cheapest ? cheapestByDemand(points) : []), 'Demand is the variant scenario\'s mean request rate over the horizon, all services together; the line joins the cheapest variant at each demand level.', 'The planned variants do not vary the demand (the grid sets no demand path, or every such variant failed).')],
    },
    {
      id: 'gpu-mix',
      title: 'GPU mix',
      blocks: [gpuMixBlock(definition, rows)],
    },
    {
      id: 'sensitivity',
      title: 'Sensitivity',
      blocks: [chart(SWEEP_SENSITIVITY_CHART, 'How much each axis moves the total cost', sweepSensitivityChart(costSensitivity(definition, rows)), 'Per axis, the mean total cost of the planned variants at each of its values (ticks; averaged over the other axes, exact for a full cross) and the spread between the cheapest and dearest value (bar, as a share of the mean cost of every planned variant).', 'No axis has two values with a plan.')],
    },
    {
      id: 'variants',
      title: 'Variants',
      blocks: [variantsTable(definition, rows)],
    },
  ];
  return toReportHtml({
    title: `llmcap sweep — ${definition.scenario.file}`,
    subtitles: [`grid ${definition.grid.file}; ${rows.length} variants${definition.validate ? ', each replayed' : ''}. Every number is from sweep.arrow; each variant's plan and report are in variants/<id>/.`],
    sections,
  });
}

function gpuMixBlock(definition: SweepDefinition, rows: readonly SweepRow[]): ReportBlock {
  const across = widestAxis(definition, rows);
  const others = definition.axes.filter((a) => a !== across);
  const labelOf = (r: SweepRow) => others.map((a) => `${a} = ${axisValueLabel(r.entry.values[a])}`).join(', ');
  const cells: GpuMixCell[] = rows.map((r) => ({
    id: r.entry.id,
    column: across ? axisValueLabel(r.entry.values[across]) : 'all',
    row: labelOf(r),
    mix: r.result.totals ? gpuMixOf(r.result) : `no plan (${r.result.status})`,
    costText: r.result.totals ? kilo(r.result.totals.totalCostUsd) : '',
  }));
  const unique = (list: string[]) => [...new Set(list)];
  return {
    kind: 'chart',
    name: SWEEP_GPU_MIX_CHART,
    title: 'Which GPU mix wins where',
    spec: sweepGpuMixChart(across ?? 'variant', cells, unique(cells.map((c) => c.column)), unique(cells.map((c) => c.row))),
    caption: `Colour: the GPU types the variant's plan buys; text: its total cost (USD). Across: ${across ?? 'the only variant'}${others.length > 0 ? `; down: ${others.join(', ')}` : ''}.`,
  };
}

function variantsTable(definition: SweepDefinition, rows: readonly SweepRow[]): ReportBlock {
  const columns = [
    { label: 'variant' },
    ...definition.axes.map((a) => ({ label: a })),
    { label: 'status' },
    { label: 'total cost (USD)', numeric: true },
    { label: 'GPU cost (USD)', numeric: true },
    { label: 'energy cost (USD)', numeric: true },
    { label: 'energy (kWh)', numeric: true },
    { label: 'carbon (kg)', numeric: true },
    { label: 'peak power (kW)', numeric: true },
    { label: 'GPUs', numeric: true },
    { label: 'GPU mix' },
    { label: 'gap', numeric: true },
    ...(definition.validate ? [{ label: 'replay' }] : []),
  ];
  return {
    kind: 'table',
    title: 'Every variant (sweep.csv has every column)',
    collapsed: rows.length > 40,
    table: {
      columns,
      rows: rows.map((r) => {
        const t = r.result.totals;
        return [
          r.entry.id,
          ...definition.axes.map((a) => axisValueLabel(r.entry.values[a])),
          r.result.status,
          t ? usd(t.totalCostUsd) : '—',
          t ? usd(t.fleetCostUsd) : '—',
          t ? usd(t.energyCostUsd) : '—',
          t ? usd(t.energyKWh) : '—',
          t ? usd(t.operationalCarbonKg + t.embodiedCarbonKg) : '—',
          t ? num(t.peakPowerKW) : '—',
          t ? usd(t.gpus) : '—',
          gpuMixOf(r.result) || '—',
          r.result.gap !== undefined && r.result.gap !== null ? `${num(r.result.gap * 100, 2)} %` : '—',
          ...(definition.validate ? [r.result.replay ? `${r.result.replay.verdict}${r.result.replay.verdict === 'fail' ? ` (${r.result.replay.failingCells} cells)` : ''}` : '—'] : []),
        ];
      }),
    },
  };
}
