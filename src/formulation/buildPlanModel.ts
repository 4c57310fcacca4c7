/**
 * The planning MILP over a set of windows (DESIGN.md "Formulation sketch"):
 *   N[g]      servers of GPU type g (integer; ≥ inventory; fixed when the fleet is given)
 *   n[w,c]    instances of config c in window w (integer)
 *   x[w,c,k]  request rate of class k served by config c in window w (req/s)
 *   demand[w,k]    Σ_c x[w,c,k] ≥ rate[k][w]
 *   capacity[w,c]  Σ_k x[w,c,k] / cap[c,k] ≤ u_max · n[w,c]
 *   fleet[w,g]     Σ_{c on g} tp_c · n[w,c] ≤ gpusPerServer_g · N[g]
 *   power[w]       peak-to-mean · meanPower[w] ≤ provisioned
 * Objective: the scenario's weights on cost (fleet for the horizon + energy + carbon price), energy
 * (kWh, with PUE) and carbon (operational + embodied share).
 */
import { LinExpr, Model, type ConstraintRef, type Var } from '../solver/index.js';
import { PEAK_TO_MEAN_POWER, type PlanningData } from './planningData.js';

export interface PlanModelOptions {
  /** Windows to include (indices into the horizon). */
  readonly windows: readonly number[];
  /** Fix the fleet (servers per GPU type) instead of choosing it. */
  readonly fixedFleet?: Readonly<Record<string, number>>;
  /** Weight on the fleet's cost in the objective (1 = the whole horizon). */
  readonly fleetCostWeight?: number;
  /** Drop integrality (the LP relaxation gives lower bounds cheaply). */
  readonly relax?: boolean;
}

export interface WindowTerms {
  readonly meanPowerW: LinExpr;
  readonly energyKWh: LinExpr;
  readonly energyUsd: LinExpr;
  readonly carbonKg: LinExpr;
}

export interface PlanModel {
  readonly model: Model;
  readonly servers: ReadonlyMap<string, Var>;
  /** key `${w}|${c}` */
  readonly instances: ReadonlyMap<string, Var>;
  /** key `${w}|${c}|${k}` */
  readonly rates: ReadonlyMap<string, Var>;
  readonly demandRows: ReadonlyMap<string, ConstraintRef>;
  readonly powerRows: ReadonlyMap<number, ConstraintRef>;
  readonly windowTerms: ReadonlyMap<number, WindowTerms>;
  readonly fleetCostUsd: LinExpr;
  readonly embodiedKg: LinExpr;
}

export function buildPlanModel(data: PlanningData, options: PlanModelOptions): PlanModel {
  const { scenario, configs, gpuTypes } = data;
  const model = new Model(`plan-${scenario.name}`);
  const servers = new Map<string, Var>();
  for (const g of gpuTypes) {
    const fixed = options.fixedFleet?.[g.gpu];
    servers.set(g.gpu, model.addVar('N', [g.gpu], {
      lb: fixed ?? g.inventoryServers,
      ub: fixed ?? g.maxServers,
      integer: !options.relax,
    }));
  }
  const instances = new Map<string, Var>();
  const rates = new Map<string, Var>();
  const demandRows = new Map<string, ConstraintRef>();
  const powerRows = new Map<number, ConstraintRef>();
  const windowTerms = new Map<number, WindowTerms>();
  const weights = scenario.objective.weights;
  const objectiveParts: LinExpr[] = [];

  for (const w of options.windows) {
    const servedBy: { v: Var; k: number }[][] = scenario.classes.map(() => []);
    const power: { coef: number; v: Var }[] = [];
    const gpusUsed = new Map<string, { coef: number; v: Var }[]>();
    for (const cd of configs) {
      const active = [...cd.serves].filter(([k]) => (scenario.demandRps[k]?.[w] ?? 0) > 0);
      if (active.length === 0) continue;
      const n = model.addVar('n', [w, cd.config.id], { integer: !options.relax });
      instances.set(`${w}|${cd.config.id}`, n);
      const load: { coef: number; v: Var }[] = [];
      for (const [k, { maxRps, wattsPerRps }] of active) {
        const x = model.addVar('x', [w, cd.config.id, k]);
        rates.set(`${w}|${cd.config.id}|${k}`, x);
        servedBy[k]?.push({ v: x, k });
        load.push({ coef: 1 / maxRps, v: x });
        power.push({ coef: wattsPerRps, v: x });
      }
      model.addConstraint('capacity', [w, cd.config.id], LinExpr.weighted(load).minus(LinExpr.of(n, data.maxUtilization)), '<=', 0);
      // An instance's own idle draw replaces the bare idle of the GPUs it occupies.
      const g = gpuTypes.find((t) => t.gpu === cd.config.gpu);
      power.push({ coef: cd.idleW - cd.config.tp * (g?.gpuIdleW ?? 0), v: n });
      const used = gpusUsed.get(cd.config.gpu) ?? [];
      used.push({ coef: cd.config.tp, v: n });
      gpusUsed.set(cd.config.gpu, used);
    }
    scenario.classes.forEach((cls, k) => {
      const demand = scenario.demandRps[k]?.[w] ?? 0;
      if (demand <= 0) return;
      demandRows.set(`${w}|${k}`, model.addConstraint('demand', [w, cls.id], LinExpr.sum(servedBy[k]?.map((s) => s.v) ?? []), '>=', demand));
    });
    for (const g of gpuTypes) {
      const N = servers.get(g.gpu) as Var;
      power.push({ coef: g.hostW + g.gpusPerServer * g.gpuIdleW, v: N });
      const used = gpusUsed.get(g.gpu);
      if (used) model.addConstraint('fleet', [w, g.gpu], LinExpr.weighted(used).minus(LinExpr.of(N, g.gpusPerServer)), '<=', 0);
    }
    const meanPowerW = LinExpr.weighted(power);
    if (Number.isFinite(scenario.power.provisionedKW)) {
      powerRows.set(w, model.addConstraint('power', [w], meanPowerW.times(PEAK_TO_MEAN_POWER), '<=', scenario.power.provisionedKW * 1000));
    }
    const energyKWh = meanPowerW.times((data.windowHours * scenario.power.pue) / 1000);
    const energyUsd = energyKWh.times(scenario.prices.electricityUsdPerKWh[w] ?? 0);
    const carbonKg = energyKWh.times((scenario.prices.carbonGPerKWh[w] ?? 0) / 1000);
    windowTerms.set(w, { meanPowerW, energyKWh, energyUsd, carbonKg });
    const costUsd = energyUsd.plus(carbonKg.times(scenario.prices.carbonUsdPerTon / 1000));
    objectiveParts.push(costUsd.times(weights.costUsd), energyKWh.times(weights.energyKWh), carbonKg.times(weights.carbonKg));
  }

  const fleetCostUsd = LinExpr.weighted(gpuTypes.map((g) => ({ coef: g.gpusPerServer * g.gpuHourUsd * data.horizonHours, v: servers.get(g.gpu) as Var })));
  const embodiedKg = LinExpr.weighted(gpuTypes.map((g) => ({ coef: g.gpusPerServer * g.embodiedKgPerGpuHour * data.horizonHours, v: servers.get(g.gpu) as Var })));
  const fleetWeight = options.fleetCostWeight ?? 1;
  objectiveParts.push(
    fleetCostUsd.times(weights.costUsd * fleetWeight),
    embodiedKg.times(fleetWeight * (weights.carbonKg + (weights.costUsd * scenario.prices.carbonUsdPerTon) / 1000)),
  );
  model.minimize(LinExpr.sum(objectiveParts));
  return { model, servers, instances, rates, demandRows, powerRows, windowTerms, fleetCostUsd, embodiedKg };
}
