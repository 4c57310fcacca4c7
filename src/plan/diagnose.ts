/**
 * Explain an infeasible plan: re-solve without the power budget and the server limits, then report
 * which windows need more power or more servers than the scenario allows, and by how much.
 */
import { buildPlanModel, objectiveData, PEAK_TO_MEAN_POWER, serverBudgetW, type PlanModel, type PlanningData } from '../formulation/index.js';
import { solve, type BackendName, type SolveResult } from '../solver/index.js';
import { resolveObjective } from '../scenario/index.js';
import { windowLabel } from './windowLabel.js';

export async function diagnoseInfeasible(data: PlanningData, windows: readonly number[], backend: BackendName, timeLimitSec: number): Promise<string[]> {
  const { scenario } = data;
  const unlimited: PlanningData = {
    ...data,
    // Minimum energy = minimum mean power in every window: the least power that meets the SLOs.
    powerBudget: undefined,
    objective: objectiveData(resolveObjective('energy').weights, data.objective.carbonUsdPerTon),
    gpuTypes: data.gpuTypes.map((g) => ({ ...g, maxServers: Number.POSITIVE_INFINITY })),
  };
  if (data.pinned) {
    // The pins are the likely cause: without them, would the limits be met?
    const free = await solve(buildPlanModel({ ...unlimited, pinned: undefined }, { windows }).model, { backend, timeLimitSec, mipRelGap: 0.05 });
    if (free.hasSolution) {
      return [
        data.pinned.only
          ? `the deployment's pools cannot carry the scenario's demand within its SLOs (by the capacity model, at planning.maxUtilization ${data.maxUtilization}). Fix: add instances to the deployment, replay it with \`llmcap simulate --deployment\` to see the latency it gets, or let the planner add pools with --fix-pools`
          : `the pinned pools leave no feasible plan (a plan exists without them). Fix: check that the pinned pools fit the fleet limits (hardware.maxServers) and the power budget, or pin fewer instances`,
      ];
    }
  }
  const pm = buildPlanModel(unlimited, { windows });
  const result = await solve(pm.model, { backend, timeLimitSec, mipRelGap: 0.05 });
  if (!result.hasSolution) {
    return [`even without the power budget and server limits no plan was found (${result.termination}); check the demand and the SLOs in ${scenario.file}`];
  }
  const details: string[] = [];
  const provisioned = scenario.power.provisionedKW;
  for (const w of windows) {
    const window = scenario.horizon.windows[w];
    if (!window) continue;
    const meanW = result.evaluate(pm.window(w).meanPowerW);
    const peakKW = (meanW * PEAK_TO_MEAN_POWER) / 1000;
    if (peakKW > provisioned * (1 + 1e-6)) {
      const drivers = powerByClass(pm, result, w)
        .slice(0, 3)
        .map(({ k, kW }) => {
          const cls = scenario.classes[k];
          const slo = data.capacity.sloTargets.get(cls?.id ?? '');
          return `${cls?.id} ${(kW * PEAK_TO_MEAN_POWER).toFixed(1)} kW at ${(scenario.demandRps[k]?.[w] ?? 0).toFixed(2)} req/s (p${slo?.ttftPercentile} TTFT ≤ ${slo?.ttftMs.toFixed(0)} ms, p${slo?.tbtPercentile} TBT ≤ ${slo?.tbtMs.toFixed(0)} ms)`;
        });
      details.push(
        `${windowLabel(window.startIso, w)}: meeting every class's SLO needs ≥ ${peakKW.toFixed(1)} kW predicted peak power; provisioned ${provisioned.toFixed(1)} kW (short by ${(peakKW - provisioned).toFixed(1)} kW); largest needs: ${drivers.join('; ')}. Fix: raise power.provisionedKW in ${scenario.file}, loosen those SLOs, or lower the demand in that window.`,
      );
    }
  }
  const basis = scenario.power.budgetBasis;
  if (basis !== 'predicted-peak' && Number.isFinite(provisioned)) {
    // The servers at their full basis power: an upper bound on what the budget row counted (caps lower it).
    const what = basis === 'gpu-tdp' ? 'GPU TDP' : 'nameplate power';
    const fleetKW = data.gpuTypes.reduce((sum, g) => sum + Math.round(result.value(pm.servers(g.gpu))) * serverBudgetW(g, basis), 0) / 1000;
    if (fleetKW > provisioned * (1 + 1e-6)) {
      details.push(`the fleet that meets every class's SLO has ${fleetKW.toFixed(1)} kW of ${what}; provisioned ${provisioned.toFixed(1)} kW by ${basis} (short by ${(fleetKW - provisioned).toFixed(1)} kW). Fix: raise power.provisionedKW, or budget by predicted peak (power.budgetBasis: predicted-peak — oversubscription).`);
    }
  }
  for (const g of data.gpuTypes) {
    if (!Number.isFinite(g.maxServers)) continue;
    const need = Math.round(result.value(pm.servers(g.gpu)));
    if (need > g.maxServers) {
      details.push(`${g.gpu}: the plan without limits uses ${need} servers; hardware.maxServers allows ${g.maxServers}. Fix: raise hardware.maxServers.${g.gpu} in ${scenario.file}.`);
    }
  }
  if (details.length === 0) details.push('no single window exceeds the power budget or the server limits on its own; the combination of limits is infeasible');
  return details;
}

/**
 * Split a window's pool power among classes: each class carries its own load power plus the
 * instances' idle draw in proportion to the share of pool capacity it uses. Largest first.
 */
function powerByClass(pm: PlanModel, result: SolveResult, w: number): { k: number; kW: number }[] {
  const byClass = new Map<number, number>();
  for (const pool of pm.pools(w)) {
    const n = result.value(pool.n);
    const loads: { k: number; load: number; watts: number }[] = [];
    for (const [k, x] of pool.x) {
      const s = pool.config.serves.get(k);
      const rate = result.value(x);
      if (s && rate > 0) loads.push({ k, load: rate / s.maxRps, watts: rate * s.wattsPerRps });
    }
    const total = loads.reduce((sum, l) => sum + l.load, 0);
    for (const l of loads) byClass.set(l.k, (byClass.get(l.k) ?? 0) + l.watts + (total > 0 ? (n * pool.config.idleW * l.load) / total : 0));
  }
  return [...byClass].map(([k, watts]) => ({ k, kW: watts / 1000 })).sort((a, b) => b.kW - a.kW);
}
