/**
 * A deployment applied to a scenario: every pool's model and clock filled in, per scenario window, and
 * checked against the scenario (windows, models, class ids); problems name the deployment file's lines.
 * Then, as the replay's input (deploymentPlan): rows like a plan's, with routing weights per class.
 */
import { getGpu, getModel, type GpuId, type ModelId, type Precision } from '../catalog/index.js';
import { DEFAULT_STACK, type StackId } from '../profiles/index.js';
import { listWithSuggestion, Problems, type Scenario } from '../scenario/index.js';
import type { ReplayPlan, ReplayPlanRow } from '../sim/index.js';
import type { Deployment, DeploymentIdle, DeploymentPool, DeploymentRole, PlannedFigures } from './types.js';

export interface ResolvedPool {
  readonly model: ModelId;
  readonly gpu: GpuId;
  readonly tp: number;
  readonly clockMHz: number;
  readonly role: DeploymentRole;
  readonly stack: StackId;
  readonly precision: Precision;
  readonly instances: number;
  readonly rates?: Readonly<Record<string, number>>;
  readonly planned?: PlannedFigures;
}

export interface ResolvedWindow {
  readonly pools: readonly ResolvedPool[];
  readonly idle: readonly DeploymentIdle[];
}

/** Per scenario window (index), its pools. */
export function resolveDeployment(deployment: Deployment, scenario: Scenario): ResolvedWindow[] {
  const problems = new Problems(deployment.source);
  const windowsCount = scenario.horizon.windows.length;
  const models = [...new Set(scenario.services.map((s) => s.model))];
  const classIds = scenario.classes.map((c) => c.id);
  const resolvePool = (p: DeploymentPool): ResolvedPool | undefined => {
    let model = p.model;
    if (model === undefined) {
      if (models.length === 1) model = models[0];
      else problems.add(p.path, `the pool names no model and the scenario serves ${models.length} (${models.join(', ')})`, 'give the pool a `model:`, or the deployment a top-level `model:`');
    } else if (!models.includes(model)) {
      problems.add([...p.path, 'model'], `the scenario serves no ${model} requests (its models: ${models.join(', ')})`, 'use a model of the scenario, or replay with a scenario that serves this one');
    }
    const g = getGpu(p.gpu);
    const clockMHz = p.clockMHz ?? g.clockMHz.max.value;
    if (clockMHz < g.clockMHz.min.value || clockMHz > g.clockMHz.max.value) {
      problems.add([...p.path, 'clockMHz'], `${clockMHz} MHz is outside ${g.id}'s SM clock range ${g.clockMHz.min.value}–${g.clockMHz.max.value} MHz`, 'give a clock in the range, or leave clockMHz out for the maximum');
    }
    for (const id of Object.keys(p.rates ?? {})) {
      if (classIds.includes(id)) continue;
      problems.add([...p.path, 'rates', id], `the scenario has no class '${id}'`, `use one of ${listWithSuggestion(id, classIds)}`);
    }
    if (model === undefined) return undefined;
    // A pool naming no preset runs the scenario's (its first choice); no precision means bf16, since
    // fp8 and fp4 trade accuracy, which the file has to opt into.
    const stack = p.stack ?? scenario.hardware.stacks[0] ?? DEFAULT_STACK;
    const precision = p.precision ?? 'bf16';
    return { model, gpu: p.gpu, tp: p.tp, clockMHz, role: p.role, stack, precision, instances: p.instances, ...(p.rates ? { rates: p.rates } : {}), ...(p.planned ? { planned: p.planned } : {}) };
  };
  const resolveList = (list: readonly DeploymentPool[]) => list.map(resolvePool).filter((p): p is ResolvedPool => p !== undefined);
  const windows: ResolvedWindow[] = Array.from({ length: windowsCount }, () => ({ pools: [], idle: [] }));
  if (deployment.everyWindow) {
    const pools = resolveList(deployment.everyWindow);
    for (let w = 0; w < windowsCount; w++) windows[w] = { pools, idle: [] };
  }
  for (const dw of deployment.windows ?? []) {
    if (dw.window >= windowsCount) {
      problems.add([...dw.path, 'window'], `window ${dw.window} is outside the scenario's ${windowsCount} window(s)`, `use windows 0–${windowsCount - 1}, or a scenario with a longer horizon`);
      continue;
    }
    windows[dw.window] = { pools: resolveList(dw.pools), idle: dw.idle };
  }
  windows.forEach((w, i) => {
    for (const m of new Set(w.pools.filter((p) => p.role === 'prefill' && p.instances > 0).map((p) => p.model))) {
      if (!w.pools.some((p) => p.model === m && p.role !== 'prefill' && p.instances > 0)) {
        problems.add(deployment.windows ? (deployment.windows.find((d) => d.window === i)?.path ?? []) : ['pools'], `window ${i}: ${m} has prefill pools and no decode or mixed pool to decode its requests`, 'add a decode pool (role: decode) of the same model');
      }
    }
  });
  if (windows.every((w) => w.pools.every((p) => p.instances === 0))) problems.add(deployment.everyWindow ? ['pools'] : ['windows'], 'the deployment has no instances in any window of the scenario', 'give at least one pool instances ≥ 1');
  problems.throwIfAny();
  return windows;
}

const startsRequests = (role: DeploymentRole) => role !== 'decode';

/**
 * Routing weight of a pool for class k in window w when the file gives no rates: the class's demand
 * split over the pools of its model that play the same part (taking requests in, or decoding them)
 * in proportion to their GPUs. A class without demand in the window gets a negligible weight in the
 * same proportions, so a trace request of it still routes to its model's pools as planned.
 */
const NO_DEMAND_WEIGHT_RPS = 1e-6;

function defaultRates(scenario: Scenario, pools: readonly ResolvedPool[], pool: ResolvedPool, w: number): Record<string, number> {
  const peers = pools.filter((p) => p.model === pool.model && startsRequests(p.role) === startsRequests(pool.role));
  const gpus = (p: ResolvedPool) => p.instances * p.tp;
  const total = peers.reduce((s, p) => s + gpus(p), 0);
  const share = total > 0 ? gpus(pool) / total : 0;
  const rates: Record<string, number> = {};
  scenario.classes.forEach((c, k) => {
    if (c.model !== pool.model || share <= 0) return;
    const demand = scenario.demandRps[k]?.[w] ?? 0;
    rates[c.id] = share * (demand > 0 ? demand : NO_DEMAND_WEIGHT_RPS);
  });
  return rates;
}

/** The deployment as the replay's plan: one row per pool and idle entry, in the file's order, window by window. */
export function deploymentPlan(deployment: Deployment, scenario: Scenario): ReplayPlan {
  const windows = resolveDeployment(deployment, scenario);
  const rows: ReplayPlanRow[] = [];
  windows.forEach((win, w) => {
    const windowStart = scenario.horizon.windows[w]?.startIso ?? '';
    for (const p of win.pools) {
      rows.push({
        window: w,
        windowStart,
        model: getModel(p.model).id,
        gpu: p.gpu,
        tp: p.tp,
        clockMHz: p.clockMHz,
        role: p.role,
        stack: p.stack,
        precision: p.precision,
        instances: p.instances,
        gpus: p.instances * p.tp,
        ratesRps: p.rates ?? defaultRates(scenario, win.pools, p, w),
        meanPowerKW: p.planned?.meanPowerKW ?? 0,
        energyKWh: p.planned?.energyKWh ?? 0,
      });
    }
    for (const d of win.idle) {
      rows.push({ window: w, windowStart, model: '', gpu: d.gpu, tp: 0, clockMHz: 0, role: 'idle', instances: 0, gpus: d.gpus, ratesRps: {}, meanPowerKW: d.planned?.meanPowerKW ?? 0, energyKWh: d.planned?.energyKWh ?? 0 });
    }
  });
  return { classIds: scenario.classes.map((c) => c.id), rows, routing: deployment.routing };
}
