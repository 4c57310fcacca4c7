/** Gather rows, window summaries and the fleet into a Plan with procurement and totals. */
import { getGpu } from '../catalog/index.js';
import type { PlanningData } from '../formulation/index.js';
import type { BackendName, Termination } from '../solver/index.js';
import { configPoint } from '../capacity/index.js';
import { DEFAULT_STACK, type StepModel } from '../profiles/index.js';
import type { FleetFigures } from './extractRows.js';
import type { Plan, PlanRow, PlanTermination, ProcurementBilling, ProcurementRow, SolveSummary, StageSeconds, WindowGap, WindowSummary } from './types.js';

export interface SolveFacts {
  readonly backend: BackendName;
  readonly method: SolveSummary['method'];
  readonly termination: Termination;
  readonly bound: number | undefined;
  readonly seconds: number;
  readonly stageSeconds?: StageSeconds;
  readonly subproblems: number;
  readonly limitReached: boolean;
  readonly limitStage?: string | undefined;
  /** The gap targets the solve was asked for; without them the termination is the stages' own. */
  readonly mipGapTarget?: number;
  readonly windowGapTarget?: number;
  /**
   * The solve's own relative gap when what it minimized is not the plan's objective (the highest
   * demand scale α, whose bound says nothing about cost): the plan's gap then, since `bound` cannot be.
   */
  readonly solverGap?: number | undefined;
  readonly notes: readonly string[];
}

/** Where each pool's step times and power came from: one entry per distinct (model, GPU, TP, clock, preset, precision). */
function poolSources(data: PlanningData, rows: readonly PlanRow[], steps: StepModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cd of data.configs) {
    const c = cd.config;
    const stack = c.stack ?? DEFAULT_STACK;
    const precision = c.precision ?? 'bf16';
    const key = `${c.model}/${c.gpu}/tp${c.tp}/${c.clockMHz}${stack !== DEFAULT_STACK ? `/${stack}` : ''}${precision !== 'bf16' ? `/${precision}` : ''}`;
    if (out[key] !== undefined) continue;
    if (!rows.some((r) => r.role !== 'idle' && r.model === c.model && r.gpu === c.gpu && r.tp === c.tp && r.clockMHz === c.clockMHz && r.stack === stack && r.precision === precision)) continue;
    out[key] = steps.sourceOf(configPoint(c));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function assemblePlan(
  data: PlanningData,
  rows: readonly PlanRow[],
  windows: readonly WindowSummary[],
  fleet: readonly FleetFigures[],
  steps: StepModel,
  facts: SolveFacts,
): Plan {
  const { scenario } = data;
  const procurement: ProcurementRow[] = data.gpuTypes.map((g) => {
    const spec = getGpu(g.gpu);
    const bought = fleet.find((f) => f.gpu === g.gpu);
    const servers = bought?.servers ?? 0;
    const newServers = Math.max(0, servers - g.inventoryServers);
    const capexUsdPerServer = scenario.prices.capexUsdPerServer[g.gpu];
    return {
      gpu: g.gpu,
      server: spec.server.name,
      gpusPerServer: g.gpusPerServer,
      inventoryServers: g.inventoryServers,
      servers,
      newServers,
      gpus: servers * g.gpusPerServer,
      costBasis: scenario.prices.gpuCostBasis[g.gpu] ?? 'rental',
      gpuHourUsd: g.gpuHourUsd,
      horizonCostUsd: bought?.horizonCostUsd ?? 0,
      // Owned servers (inventory) are paid for already; rented ones cost nothing upfront.
      upfrontUsd: capexUsdPerServer !== undefined ? (g.acquisition.stated ? (bought?.boughtServers ?? 0) : newServers) * capexUsdPerServer : 0,
      nameplateKW: (servers * spec.server.nameplateW.value) / 1000,
      ...(g.acquisition.stated ? { billing: procurementBilling(data, g, bought, windows) } : {}),
    };
  });
  const sortedRows = attributeFleetCost(data, [...rows], fleet).sort(compareRows);
  const sortedWindows = [...windows].sort((a, b) => a.window - b.window);
  const fleetCostUsd = procurement.reduce((s, p) => s + p.horizonCostUsd, 0);
  const energyCostUsd = sortedWindows.reduce((s, w) => s + w.energyCostUsd, 0);
  const energyKWh = sortedWindows.reduce((s, w) => s + w.energyKWh, 0);
  const operationalCarbonKg = sortedWindows.reduce((s, w) => s + w.carbonKg, 0);
  const embodiedCarbonKg = fleet.reduce((s, f) => s + f.embodiedKg, 0);
  const carbonCostUsd = ((operationalCarbonKg + embodiedCarbonKg) * data.objective.carbonUsdPerTon) / 1000;
  const billed = procurement.some((p) => p.billing !== undefined);
  const onDemandCostUsd = sortedWindows.reduce((s, w) => s + (w.onDemandCostUsd ?? 0), 0);
  const totalCostUsd = fleetCostUsd + energyCostUsd + carbonCostUsd + (billed ? onDemandCostUsd : 0);
  const weights = data.objective.weights;
  const objective = weights.costUsd * totalCostUsd + weights.energyKWh * energyKWh + weights.carbonKg * (operationalCarbonKg + embodiedCarbonKg);
  const nameplateKW = procurement.reduce((s, p) => s + p.nameplateKW, 0);
  const provisionedKW = scenario.power.provisionedKW;
  // A proven bound can pass the plan's objective only by the solvers' tolerances; beyond that it is
  // no bound at all (an internal inconsistency), and is dropped rather than reported.
  const boundOk = facts.bound !== undefined && facts.bound <= objective + BOUND_TOLERANCE * Math.max(1, Math.abs(objective));
  const bound = boundOk && facts.bound !== undefined ? Math.min(facts.bound, objective) : undefined;
  const gap = bound !== undefined ? Math.abs(objective - bound) / Math.max(1e-9, Math.abs(objective)) : facts.solverGap;
  const notes = facts.bound !== undefined && !boundOk ? [...facts.notes, `bound ${facts.bound} discarded: above the plan's objective (please report this with the scenario)`] : facts.notes;
  return {
    scenario: scenario.name,
    classIds: scenario.classes.map((c) => c.id),
    rows: sortedRows,
    procurement,
    windows: sortedWindows,
    totals: {
      fleetCostUsd,
      energyCostUsd,
      totalCostUsd,
      energyKWh,
      operationalCarbonKg,
      embodiedCarbonKg,
      peakPowerKW: sortedWindows.reduce((m, w) => Math.max(m, w.predictedPeakKW), 0),
      provisionedKW,
      nameplateKW,
      oversubscription: Number.isFinite(provisionedKW) ? nameplateKW / provisionedKW : undefined,
      servers: procurement.reduce((s, p) => s + p.servers, 0),
      gpus: procurement.reduce((s, p) => s + p.gpus, 0),
      upfrontUsd: procurement.reduce((s, p) => s + p.upfrontUsd, 0),
      boughtServers: procurement.reduce((s, p) => s + (p.billing ? p.billing.boughtServers : p.costBasis === 'capex' ? p.newServers : 0), 0),
      ...(billed
        ? {
            reservedServers: procurement.reduce((s, p) => s + (p.billing?.reservedServers ?? 0), 0),
            onDemandCostUsd,
            onDemandServerHours: procurement.reduce((s, p) => s + (p.billing?.onDemandServerHours ?? 0), 0),
          }
        : {}),
    },
    solve: { ...solveSummary(facts, sortedWindows, gap), notes, objective, bound, gap },
    ...profileSummary(poolSources(data, sortedRows, steps)),
  };
}

/** Type g's servers by how they are paid for: new ones bought and reserved, and those rented on demand per window. */
function procurementBilling(data: PlanningData, g: PlanningData['gpuTypes'][number], fleet: FleetFigures | undefined, windows: readonly WindowSummary[]): ProcurementBilling {
  const billing = data.scenario.prices.billing;
  const rented = windows.map((w) => w.onDemandByGpu?.[g.gpu] ?? 0);
  const a = g.acquisition;
  return {
    modes: billing?.modes[g.gpu] ?? [],
    boughtServers: fleet?.boughtServers ?? 0,
    reservedServers: fleet?.reservedServers ?? 0,
    onDemandPeakServers: rented.reduce((m, n) => Math.max(m, n), 0),
    onDemandServerHours: rented.reduce((s, n) => s + n, 0) * data.windowHours,
    onDemandCostUsd: rented.reduce((s, n) => s + n, 0) * (a.onDemandUsdPerServerWindow ?? 0),
    ...(billing?.buyGpuHourUsd[g.gpu] !== undefined ? { buyGpuHourUsd: billing.buyGpuHourUsd[g.gpu] } : {}),
    ...(billing?.reserveGpuHourUsd[g.gpu] !== undefined ? { reserveGpuHourUsd: billing.reserveGpuHourUsd[g.gpu] } : {}),
    ...(billing?.onDemandGpuHourUsd[g.gpu] !== undefined ? { onDemandGpuHourUsd: billing.onDemandGpuHourUsd[g.gpu] } : {}),
  };
}

/**
 * The rows' rent, for the GPU types whose servers are not all paid at one rate per GPU-hour (stated
 * acquisition modes, or owned servers, which pay no rent): the model's row terms charge every GPU in
 * service at the type's gpuHourUsd, so here each window's rows of the type share the horizon cost of
 * its owned, bought and reserved servers (spread evenly over the windows) by their GPUs, and the
 * rows of every window again add up to the fleet's cost. On-demand rent stays in on_demand_usd.
 * Types paid at one rate throughout keep their rows as the model reports them.
 */
function attributeFleetCost(data: PlanningData, rows: PlanRow[], fleet: readonly FleetFigures[]): PlanRow[] {
  const windows = data.scenario.horizon.windows.length;
  const retyped = new Map<string, PlanningData['gpuTypes'][number]>(data.gpuTypes.filter((g) => g.acquisition.stated || g.inventoryServers > 0).map((g) => [g.gpu, g]));
  if (retyped.size === 0 || windows === 0) return rows;
  // GPUs of the fleet's own servers per (window, type): pool GPUs and idle GPUs, less those rented on demand.
  const ownGpus = (r: PlanRow) => Math.max(0, r.gpus - (r.onDemandServers ?? 0) * (retyped.get(r.gpu)?.gpusPerServer ?? 0));
  // Per window, per type.
  const totals = new Map<number, Map<string, number>>();
  for (const r of rows) {
    if (!retyped.has(r.gpu)) continue;
    const byType = totals.get(r.window) ?? new Map<string, number>();
    byType.set(r.gpu, (byType.get(r.gpu) ?? 0) + ownGpus(r));
    totals.set(r.window, byType);
  }
  return rows.map((r) => {
    const g = retyped.get(r.gpu);
    if (!g) return r;
    const total = totals.get(r.window)?.get(r.gpu) ?? 0;
    const perWindowUsd = (fleet.find((f) => f.gpu === r.gpu)?.horizonCostUsd ?? 0) / windows;
    const energyUsd = r.energyKWh * (data.windowPrices[r.window]?.electricityUsdPerKWh ?? 0);
    return { ...r, costUsd: energyUsd + (total > 0 ? (perWindowUsd * ownGpus(r)) / total : 0) };
  });
}

/** How many of the worst windows the summary lists. */
const WORST_WINDOWS = 5;

/** The facts with the window gaps and a termination that says 'optimal' only when both gaps are within their targets. */
function solveSummary(facts: SolveFacts, windows: readonly WindowSummary[], gap: number | undefined): Omit<SolveSummary, 'notes' | 'objective' | 'bound' | 'gap'> {
  const { limitStage, solverGap: _solverGap, ...rest } = facts;
  const operated = windows.filter((w) => w.operatingObjective !== undefined);
  const gaps: WindowGap[] = operated.map((w) => ({ window: w.window, windowStart: w.windowStart, operatingObjective: w.operatingObjective as number, operatingBound: w.operatingBound, gap: w.operatingGap }));
  const worstFirst = [...gaps].sort((a, b) => (b.gap ?? Infinity) - (a.gap ?? Infinity) || a.window - b.window);
  const worstWindowGap = operated.length === 0 ? undefined : worstFirst[0]?.gap;
  let termination: PlanTermination = facts.termination;
  if (termination === 'optimal' && facts.mipGapTarget !== undefined) {
    const overallOk = gap !== undefined && gap <= facts.mipGapTarget + GAP_TOLERANCE;
    const windowsOk = facts.windowGapTarget === undefined || operated.length === 0 || (worstWindowGap !== undefined && worstWindowGap <= facts.windowGapTarget + GAP_TOLERANCE);
    if (!overallOk || !windowsOk) termination = 'gap_above_target';
  }
  return {
    ...rest,
    termination,
    ...(limitStage ? { limitStage } : {}),
    ...(operated.length > 0 ? { worstWindowGap, worstWindows: worstFirst.slice(0, WORST_WINDOWS) } : {}),
  };
}

/** Gaps are compared with their targets up to the solvers' own rounding of the gap they stop at. */
const GAP_TOLERANCE = 1e-6;

/** Relative slack a bound may exceed the objective by: the subproblems' feasibility and gap tolerances. */
const BOUND_TOLERANCE = 1e-6;

/** Deterministic row order: window, then role (pools before idle), GPU, TP, clock. */
function compareRows(a: PlanRow, b: PlanRow): number {
  return (
    a.window - b.window ||
    (a.role === 'idle' ? 1 : 0) - (b.role === 'idle' ? 1 : 0) ||
    a.gpu.localeCompare(b.gpu) ||
    a.tp - b.tp ||
    a.clockMHz - b.clockMHz ||
    a.model.localeCompare(b.model) ||
    a.stack.localeCompare(b.stack) ||
    a.precision.localeCompare(b.precision)
  );
}

function profileSummary(sources: Record<string, string>): { profileSource: string; poolSources: Record<string, string> } {
  const distinct = [...new Set(Object.values(sources))];
  return { profileSource: distinct.length > 0 ? distinct.join('; ') : 'none (no pools)', poolSources: sources };
}
