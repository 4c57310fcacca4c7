import { isEstimate, listCited } from './cited.js';
import { kvBytesPerToken, serverHostW, weightBytes } from './derived.js';
import { GPUS } from './gpus.js';
import { MODELS } from './models.js';
import type { Cited } from './types.js';

/**
 * Markdown tables of the catalog, one row per number with its source. profiles/README.md embeds this
 * text verbatim (a test keeps the two equal), and reports can reuse it to list their assumptions.
 */

interface Row {
  readonly label: string;
  readonly unit: string;
  readonly cited: Cited<number | null>;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function formatValue(v: number | null): string {
  return v === null ? '—' : String(v);
}

function table(rows: readonly Row[]): string {
  const lines = ['| quantity | value | unit | source |', '|---|---:|---|---|'];
  for (const r of rows) {
    const source = isEstimate(r.cited) ? `**${cell(r.cited.source)}**` : cell(r.cited.source);
    lines.push(`| ${cell(r.label)} | ${formatValue(r.cited.value)} | ${r.unit} | ${source} |`);
  }
  return lines.join('\n');
}

const GPU_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  denseTflops16: ['Dense BF16/FP16 tensor peak', 'TFLOP/s'],
  denseTflopsFp8: ['Dense FP8 tensor peak', 'TFLOP/s'],
  denseTflopsFp4: ['Dense FP4 tensor peak', 'TFLOP/s'],
  memoryGB: ['Device memory', 'GB (1e9 B)'],
  memoryTBps: ['Memory bandwidth', 'TB/s'],
  tdpW: ['Board power limit (TDP)', 'W'],
  minPowerLimitW: ['Lowest settable power cap', 'W'],
  idleW: ['Idle, bare (min clock)', 'W'],
  idleWithContextW: ['Idle with CUDA context (max clock)', 'W'],
  'clockMHz.min': ['SM clock, min', 'MHz'],
  'clockMHz.max': ['SM clock, max', 'MHz'],
  'clockMHz.step': ['SM clock, step', 'MHz'],
  'clockMHz.base': ['SM clock, base', 'MHz'],
  gpuLinkGBps: ['GPU–GPU link, one direction', 'GB/s'],
  networkGbpsPerServer: ['Inter-server network', 'Gbit/s per server'],
  'server.gpusPerServer': ['Server: GPUs', 'count'],
  'server.nameplateW': ['Server: nameplate power', 'W'],
  'server.idleW': ['Server: idle power (GPUs included)', 'W'],
  priceUsdPerGpuHour: ['Rental price (reserve)', 'USD per GPU-hour'],
  onDemandUsdPerGpuHour: ['On-demand price', 'USD per GPU-hour'],
  embodiedKgCo2ePerGpu: ['Embodied carbon', 'kgCO2e per GPU'],
};

const MODEL_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  paramsB: ['Parameters, total', 'billion'],
  activeParamsB: ['Parameters, active per token', 'billion'],
  layers: ['Layers', 'count'],
  hiddenSize: ['Hidden size', 'count'],
  attentionHeads: ['Attention heads', 'count'],
  kvHeads: ['KV heads', 'count'],
  headDim: ['Head dimension', 'count'],
  dtypeBytes: ['Bytes per weight / KV element', 'B'],
  maxContextTokens: ['Max context', 'tokens'],
};

function rowsOf(spec: object, labels: Readonly<Record<string, readonly [string, string]>>): Row[] {
  return listCited(spec).map(({ path, cited }) => {
    const [label, unit] = labels[path] ?? [path, ''];
    return { label, unit, cited: cited as Cited<number | null> };
  });
}

const DERIVED = 'derived in src/catalog/derived.ts';

/** One line per GPU for comparing at a glance; the per-GPU tables below carry the sources. */
function glanceTable(): string {
  const lines = [
    '| GPU | BF16 TFLOP/s | FP8 TFLOP/s | FP4 TFLOP/s | memory GB | TB/s | TDP W | SM clock MHz (min–max / step) | link GB/s | server | USD/GPU-h | on demand USD/GPU-h |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|',
  ];
  for (const g of Object.values(GPUS)) {
    const clocks = `${g.clockMHz.min.value}–${g.clockMHz.max.value} / ${g.clockMHz.step.value}`;
    const server = `${g.server.gpusPerServer.value} × ${g.id} (${g.server.name})`;
    const cells = [g.id, g.denseTflops16.value, formatValue(g.denseTflopsFp8.value), formatValue(g.denseTflopsFp4.value), g.memoryGB.value, g.memoryTBps.value,
      g.tdpW.value, clocks, g.gpuLinkGBps.value, server, g.priceUsdPerGpuHour.value, g.onDemandUsdPerGpuHour.value];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function gpuCatalogMarkdown(): string {
  const parts = [
    '## Catalog: GPU types',
    '',
    '<!-- generated from src/catalog (gpuCatalogMarkdown); edit the catalog, not this table -->',
    'Sources in **bold** mark our own estimates and say why. "via published-figures.md §x" points at the',
    "team's reference digest, which gives the primary source's full reference.",
    '',
    glanceTable(),
  ];
  for (const gpu of Object.values(GPUS)) {
    const rows = rowsOf(gpu, GPU_LABELS);
    rows.push({
      label: 'Server: non-GPU (host) power',
      unit: 'W',
      cited: { value: round1(serverHostW(gpu)), source: `${DERIVED}: server idle − GPUs × bare idle` },
    });
    parts.push('', `### ${gpu.id} (${gpu.server.name})`, '', aliasLine(gpu.aliases), '', table(rows));
  }
  return parts.join('\n');
}

export function modelCatalogMarkdown(): string {
  const parts = [
    '## Catalog: models',
    '',
    '<!-- generated from src/catalog (modelCatalogMarkdown); edit the catalog, not this table -->',
  ];
  for (const model of Object.values(MODELS)) {
    const rows = rowsOf(model, MODEL_LABELS);
    rows.push(
      { label: 'Weights', unit: 'GB (1e9 B)', cited: { value: round1(weightBytes(model) / 1e9), source: `${DERIVED}: params × bytes` } },
      {
        label: 'KV cache per token',
        unit: 'B',
        cited: { value: kvBytesPerToken(model), source: `${DERIVED}: 2 × layers × KV heads × head dim × bytes` },
      },
    );
    parts.push('', `### ${model.id}`, '', aliasLine(model.aliases), '', table(rows));
  }
  return parts.join('\n');
}

function aliasLine(aliases: readonly string[]): string {
  return `Aliases: ${aliases.map((a) => `\`${a}\``).join(', ')}`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export interface CatalogEstimate {
  /** GPU or model id. */
  readonly subject: string;
  /** Dotted field path, e.g. 'server.idleW'. */
  readonly field: string;
  readonly value: unknown;
  readonly source: string;
}

/** Every catalog number that is our estimate rather than a published figure, for a report's assumptions list. */
export function listEstimates(): CatalogEstimate[] {
  const out: CatalogEstimate[] = [];
  for (const spec of [...Object.values(GPUS), ...Object.values(MODELS)]) {
    for (const { path, cited } of listCited(spec)) {
      if (isEstimate(cited)) out.push({ subject: spec.id, field: path, value: cited.value, source: cited.source });
    }
  }
  return out;
}
