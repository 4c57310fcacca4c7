/**
 * What a variant came to, as stored in its directory (result.json) and turned into its row of
 * sweep.arrow: the status with its reason, the cost split, energy, carbon, GPUs by type, peak power,
 * the gap and, with --validate, the replay's verdict. No timings: those go to timing.json and
 * timings.csv, so results of different runs compare byte for byte. Pure.
 */
import type { Plan } from '../plan/index.js';
import type { Scenario } from '../scenario/index.js';
import type { ReplayReport } from '../sim/index.js';

/**
 * ok: planned; limit: a solver limit ended the search, the best plan found was kept (its gap says
 * how far from proven); infeasible: no plan meets the demand under the constraints; limit-no-plan: a
 * limit ended the search before any plan; bad-input: the planner rejected the scenario (e.g. a class
 * no candidate config can serve); error: a bug or a crashed worker (not kept: a rerun retries it).
 */
export type VariantStatus = 'ok' | 'limit' | 'infeasible' | 'limit-no-plan' | 'bad-input' | 'error';

/** Statuses that are results: kept in the variant's sealed directory, so a rerun skips them. */
export const KEPT_STATUSES: readonly VariantStatus[] = ['ok', 'limit', 'infeasible', 'limit-no-plan', 'bad-input'];

export interface VariantTotals {
  readonly totalCostUsd: number;
  readonly fleetCostUsd: number;
  readonly energyCostUsd: number;
  /** Purchase outlay for the servers bought (summary.json's totals.upfrontUsd); absent in results of older versions. */
  readonly upfrontUsd?: number;
  readonly energyKWh: number;
  readonly operationalCarbonKg: number;
  readonly embodiedCarbonKg: number;
  readonly peakPowerKW: number;
  readonly provisionedKW: number;
  readonly servers: number;
  readonly gpus: number;
}

export interface VariantReplay {
  readonly verdict: 'pass' | 'fail';
  /** (window, class) cells missing their SLO. */
  readonly failingCells: number;
  /** Lowest per-window share of requests meeting both targets. */
  readonly minSloAttainment: number;
  readonly energyKWh: number;
  readonly peakKW: number;
}

export interface VariantResult {
  readonly variant: string;
  readonly index: number;
  readonly status: VariantStatus;
  /** Why it is not ok ('' when it is). */
  readonly reason: string;
  readonly objective: string;
  /** Mean and peak total request rate of the variant's scenario (all services), req/s. */
  readonly meanDemandRps: number;
  readonly peakDemandRps: number;
  readonly totals?: VariantTotals;
  /** GPUs procured per type (types the plan buys none of are absent). */
  readonly gpusByType: Readonly<Record<string, number>>;
  readonly gap?: number;
  readonly termination?: string;
  readonly replay?: VariantReplay;
}

export interface VariantTiming {
  readonly planSeconds: number;
  readonly replaySeconds: number;
  readonly outputSeconds: number;
  readonly totalSeconds: number;
  readonly finishedAt: string;
}

export function demandOf(scenario: Scenario): { meanDemandRps: number; peakDemandRps: number } {
  const windows = scenario.horizon.windows.length;
  const totals = new Float64Array(windows);
  for (const rates of scenario.demandRps) for (let w = 0; w < windows; w++) totals[w] = (totals[w] as number) + (rates[w] ?? 0);
  let sum = 0;
  let peak = 0;
  for (const t of totals) {
    sum += t;
    peak = Math.max(peak, t);
  }
  return { meanDemandRps: windows > 0 ? sum / windows : 0, peakDemandRps: peak };
}

export function resultOfPlan(variant: { readonly id: string; readonly index: number }, scenario: Scenario, plan: Plan, report?: ReplayReport): VariantResult {
  const t = plan.totals;
  const gpusByType: Record<string, number> = {};
  for (const p of plan.procurement) if (p.gpus > 0) gpusByType[p.gpu] = (gpusByType[p.gpu] ?? 0) + p.gpus;
  const limit = plan.solve.limitReached;
  return {
    variant: variant.id,
    index: variant.index,
    status: limit ? 'limit' : 'ok',
    reason: limit ? `solver limit reached (${plan.solve.termination}); best plan kept${plan.solve.gap !== undefined ? ` at gap ${(plan.solve.gap * 100).toFixed(2)} %` : ''}` : '',
    objective: scenario.objective.name,
    ...demandOf(scenario),
    totals: {
      totalCostUsd: t.totalCostUsd,
      fleetCostUsd: t.fleetCostUsd,
      energyCostUsd: t.energyCostUsd,
      upfrontUsd: t.upfrontUsd,
      energyKWh: t.energyKWh,
      operationalCarbonKg: t.operationalCarbonKg,
      embodiedCarbonKg: t.embodiedCarbonKg,
      peakPowerKW: t.peakPowerKW,
      provisionedKW: t.provisionedKW,
      servers: t.servers,
      gpus: t.gpus,
    },
    gpusByType,
    ...(plan.solve.gap !== undefined ? { gap: plan.solve.gap } : {}),
    termination: plan.solve.termination,
    ...(report ? { replay: replayOf(report) } : {}),
  };
}

function replayOf(report: ReplayReport): VariantReplay {
  const attainments = report.windows.map((w) => w.sloAttainment).filter(Number.isFinite);
  return {
    verdict: report.verdict.pass ? 'pass' : 'fail',
    failingCells: report.verdict.failures.length,
    minSloAttainment: attainments.length > 0 ? Math.min(...attainments) : Number.NaN,
    energyKWh: report.energy.replayedKWh,
    peakKW: report.power.peakKW,
  };
}

export function failedResult(variant: { readonly id: string; readonly index: number }, scenario: Scenario | undefined, status: VariantStatus, reason: string): VariantResult {
  return {
    variant: variant.id,
    index: variant.index,
    status,
    reason,
    objective: scenario?.objective.name ?? '',
    ...(scenario ? demandOf(scenario) : { meanDemandRps: Number.NaN, peakDemandRps: Number.NaN }),
    gpusByType: {},
  };
}

/** JSON with NaN and ±Infinity as null (JSON has no other spelling for them). */
export function toResultJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
