/**
 * A synthetic model shaped like the capacity planner's week model, for size / speed tests: a fleet
 * decision buy[g] per GPU class (integer when `integer`), per window w and class g the nodes switched
 * on n[w,g] <= buy[g] (ramp-limited between windows), per (w, g, m) a continuous throughput x[w,g,m]
 * the nodes must carry, demand rows per (w, m) and a power budget per window. Cost: fleet capex,
 * node-hours and a small per-token cost. Data are seeded, not realistic.
 */
import { LinExpr, Model, type Var } from '../../src/solver/index.js';
import { seededRandom } from './fixtures.js';

export interface WeekShape {
  readonly windows: number;
  readonly gpus: number;
  readonly models: number;
  readonly integer: boolean;
}

export function weekModel(shape: WeekShape, seed = 7): Model {
  const rnd = seededRandom(seed);
  const { windows, gpus, models, integer } = shape;
  const model = new Model('week');
  const fleet = Array.from({ length: gpus }, () => 20 + Math.floor(rnd() * 60));
  const nodeCost = Array.from({ length: gpus }, () => 2 + rnd() * 8);
  const power = Array.from({ length: gpus }, () => 5 + rnd() * 10);
  // rate[g][m]: tokens/s one node of class g serves for model m.
  const rate = Array.from({ length: gpus }, () => Array.from({ length: models }, () => 50 + rnd() * 450));
  const peak = Array.from({ length: models }, () => 400 + rnd() * 1600);

  const objective: { coef: number; v: Var }[] = [];
  const buy = fleet.map((cap, g) => model.addVar('buy', [g], { ub: cap, integer }));
  buy.forEach((v, g) => objective.push({ coef: 0.5 * windows * nodeCost[g]!, v }));
  const n: Var[][] = [];
  for (let w = 0; w < windows; w++) {
    n.push(fleet.map((_, g) => model.addVar('n', [w, g])));
    n[w]!.forEach((v, g) => {
      objective.push({ coef: nodeCost[g]!, v });
      model.addConstraint('fleet', [w, g], LinExpr.of(v).minus(buy[g]!), '<=', 0);
    });
  }
  for (let w = 0; w < windows; w++) {
    const diurnal = 0.55 + 0.45 * Math.sin((2 * Math.PI * w) / 24);
    const x: Var[][] = [];
    for (let g = 0; g < gpus; g++) {
      x.push(Array.from({ length: models }, (_, m) => model.addVar('x', [w, g, m])));
      x[g]!.forEach((v) => objective.push({ coef: 1e-4, v }));
    }
    for (let m = 0; m < models; m++) {
      model.addConstraint('demand', [w, m], LinExpr.sum(x.map((row) => row[m]!)), '>=', peak[m]! * diurnal);
    }
    for (let g = 0; g < gpus; g++) {
      // Σ_m x/rate <= n  (capacity of the nodes switched on)
      const load = LinExpr.weighted(x[g]!.map((v, m) => ({ coef: 1 / rate[g]![m]!, v })));
      model.addConstraint('capacity', [w, g], load.minus(n[w]![g]!), '<=', 0);
    }
    const draw = LinExpr.weighted(n[w]!.map((v, g) => ({ coef: power[g]!, v })));
    model.addConstraint('power', [w], draw, '<=', 0.6 * fleet.reduce((s, cap, g) => s + cap * power[g]!, 0));
  }
  for (let w = 0; w + 1 < windows; w++) {
    for (let g = 0; g < gpus; g++) {
      model.addRangeConstraint('ramp', [w, g], LinExpr.of(n[w + 1]![g]!).minus(n[w]![g]!), -8, 8);
    }
  }
  model.minimize(LinExpr.weighted(objective));
  return model;
}
