/**
 * What a planner reads off a sweep, computed from its rows: the cost–energy frontier, the cheapest
 * plan per demand level, which GPU mix each variant buys, and how much each axis moves the cost.
 * Pure; the report's charts draw these.
 */
import type { SweepDefinition } from './definition.js';
import { gpuMixOf, type SweepRow } from './sweepTable.js';
import { show } from './showValue.js';

/** A variant with a plan (ok, or a limit with the best plan kept). */
export interface PlannedPoint {
  readonly id: string;
  readonly costUsd: number;
  readonly energyKWh: number;
  readonly carbonKg: number;
  readonly meanDemandRps: number;
  readonly gpuMix: string;
  readonly status: string;
  /** 'axis = value, …' over every axis. */
  readonly label: string;
}

export function axisValueLabel(value: unknown): string {
  return value === null || value === undefined ? '(base)' : show(value);
}

export function variantLabel(definition: SweepDefinition, row: SweepRow): string {
  return definition.axes.map((a) => `${a} = ${axisValueLabel(row.entry.values[a])}`).join(', ');
}

export function plannedPoints(definition: SweepDefinition, rows: readonly SweepRow[]): PlannedPoint[] {
  return rows.flatMap((r) => {
    const t = r.result.totals;
    if (!t) return [];
    return [{
      id: r.entry.id,
      costUsd: t.totalCostUsd,
      energyKWh: t.energyKWh,
      carbonKg: t.operationalCarbonKg + t.embodiedCarbonKg,
      meanDemandRps: r.result.meanDemandRps,
      gpuMix: gpuMixOf(r.result),
      status: r.result.status,
      label: variantLabel(definition, r),
    }];
  });
}

/**
 * The points no other point beats on both cost and energy (ties broken by id), in order of energy:
 * the trade-offs worth discussing. A point equal to another on both counts is kept once.
 */
export function paretoFront<P extends { readonly costUsd: number; readonly energyKWh: number; readonly id: string }>(points: readonly P[]): P[] {
  const sorted = [...points].filter((p) => Number.isFinite(p.costUsd) && Number.isFinite(p.energyKWh)).sort((a, b) => a.energyKWh - b.energyKWh || a.costUsd - b.costUsd || (a.id < b.id ? -1 : 1));
  const front: P[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (p.costUsd < best) {
      front.push(p);
      best = p.costUsd;
    }
  }
  return front;
}

/** Per distinct demand level, the cheapest planned variant. */
export function cheapestByDemand<P extends PlannedPoint>(points: readonly P[]): P[] {
  const best = new Map<number, P>();
  for (const p of points) {
    const current = best.get(p.meanDemandRps);
    if (!current || p.costUsd < current.costUsd) best.set(p.meanDemandRps, p);
  }
  return [...best.values()].sort((a, b) => a.meanDemandRps - b.meanDemandRps);
}

export interface AxisSensitivity {
  readonly axis: string;
  /** Mean total cost of the planned variants at each value of the axis, in grid order. */
  readonly levels: readonly { readonly value: string; readonly meanCostUsd: number; readonly variants: number }[];
  readonly lowCostUsd: number;
  readonly highCostUsd: number;
  /** (high − low) / mean of all planned variants, as a share. */
  readonly swing: number;
}

/**
 * How much each axis moves the total cost: the mean cost of the planned variants at each of its
 * values (averaging over the other axes — a main effect, exact for a full cross), and the spread
 * between the cheapest and dearest value. Axes with one value are left out. Sorted by swing.
 */
export function costSensitivity(definition: SweepDefinition, rows: readonly SweepRow[]): AxisSensitivity[] {
  const planned = rows.filter((r) => r.result.totals && Number.isFinite(r.result.totals.totalCostUsd));
  if (planned.length === 0) return [];
  const overall = planned.reduce((s, r) => s + (r.result.totals?.totalCostUsd ?? 0), 0) / planned.length;
  const out: AxisSensitivity[] = [];
  for (const axis of definition.axes) {
    const byValue = new Map<string, number[]>();
    for (const r of planned) {
      const key = axisValueLabel(r.entry.values[axis]);
      const list = byValue.get(key) ?? [];
      list.push(r.result.totals?.totalCostUsd ?? 0);
      byValue.set(key, list);
    }
    if (byValue.size < 2) continue;
    const levels = [...byValue].map(([value, costs]) => ({ value, meanCostUsd: costs.reduce((s, c) => s + c, 0) / costs.length, variants: costs.length }));
    const means = levels.map((l) => l.meanCostUsd);
    const low = Math.min(...means);
    const high = Math.max(...means);
    out.push({ axis, levels, lowCostUsd: low, highCostUsd: high, swing: overall > 0 ? (high - low) / overall : 0 });
  }
  return out.sort((a, b) => b.swing - a.swing || (a.axis < b.axis ? -1 : 1));
}

/** The axis with the most distinct values (the first on ties): the x axis of the GPU-mix map. */
export function widestAxis(definition: SweepDefinition, rows: readonly SweepRow[]): string | undefined {
  let best: string | undefined;
  let most = 1;
  for (const axis of definition.axes) {
    const n = new Set(rows.map((r) => axisValueLabel(r.entry.values[axis]))).size;
    if (n > most) {
      most = n;
      best = axis;
    }
  }
  return best;
}
