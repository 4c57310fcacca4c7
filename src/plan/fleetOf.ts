import type { PlanModel, PlanningData } from '../formulation/index.js';
import type { Solution } from '../solver/index.js';

/** Servers per GPU type in a solution, rounded (solvers return 27.9999999 for 28). */
export function fleetOf(data: PlanningData, pm: PlanModel, solution: Solution): Record<string, number> {
  return Object.fromEntries(data.gpuTypes.map((g) => [g.gpu, Math.round(solution.value(pm.servers(g.gpu)))]));
}
