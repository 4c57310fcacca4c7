/**
 * Explain an infeasible plan: re-solve without the power budget and the server limits, then report
 * which windows need more power or more servers than the scenario allows, and by how much.
 */
import { buildPlanModel, PEAK_TO_MEAN_POWER, type PlanningData } from '../formulation/index.js';
import { solve, type BackendName } from '../solver/index.js';
import { windowLabel } from './windowLabel.js';

export async function diagnoseInfeasible(data: PlanningData, windows: readonly number[], backend: BackendName, timeLimitSec: number): Promise<string[]> {
  const { scenario } = data;
  const unlimited: PlanningData = {
    ...data,
    scenario: { ...scenario, power: { ...scenario.power, provisionedKW: Number.POSITIVE_INFINITY } },
    gpuTypes: data.gpuTypes.map((g) => ({ ...g, maxServers: Number.POSITIVE_INFINITY })),
  };
  const pm = buildPlanModel(unlimited, { windows });
  const result = await solve(pm.model, { backend, timeLimitSec, mipRelGap: 0.05 });
  if (!result.hasSolution) {
    return [`even without the power budget and server limits no plan was found (${result.termination}); check the demand and the SLOs in ${scenario.file}`];
  }
  const details: string[] = [];
  const provisioned = scenario.power.provisionedKW;
  for (const w of windows) {
    const terms = pm.windowTerms.get(w);
    const window = scenario.horizon.windows[w];
    if (!terms || !window) continue;
    const meanW = evaluate(terms.meanPowerW, result.values());
    const peakKW = (meanW * PEAK_TO_MEAN_POWER) / 1000;
    if (peakKW > provisioned * (1 + 1e-6)) {
      details.push(
        `${windowLabel(window.startIso, w)}: meeting every class's SLO needs ≥ ${peakKW.toFixed(1)} kW predicted peak power; provisioned ${provisioned.toFixed(1)} kW (short by ${(peakKW - provisioned).toFixed(1)} kW). Fix: raise power.provisionedKW in ${scenario.file}, or lower the demand in that window.`,
      );
    }
  }
  for (const g of data.gpuTypes) {
    const v = pm.servers.get(g.gpu);
    if (!v || !Number.isFinite(g.maxServers)) continue;
    const need = Math.round(result.value(v));
    if (need > g.maxServers) {
      details.push(`${g.gpu}: the plan without limits uses ${need} servers; hardware.maxServers allows ${g.maxServers}. Fix: raise hardware.maxServers.${g.gpu} in ${scenario.file}.`);
    }
  }
  if (details.length === 0) details.push('no single window exceeds the power budget or the server limits on its own; the combination of limits is infeasible');
  return details;
}

function evaluate(expr: { vars: readonly number[]; coefs: readonly number[]; constant: number }, x: Float64Array): number {
  let s = expr.constant;
  for (let i = 0; i < expr.vars.length; i++) s += (expr.coefs[i] ?? 0) * (x[expr.vars[i] ?? 0] ?? 0);
  return s;
}
