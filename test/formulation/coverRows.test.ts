/**
 * cover[w,G] rows: valid inequalities that round each pool partition's instances (and GPUs) up to
 * what its demand needs at the best capacity on offer. Checked on two classes in two input bins on
 * one TP8 config with hand capacities: the rows never cut off the MILP's optimum, and they lift the
 * LP relaxation where a partition's demand needs a fraction of an instance.
 */
import { describe, expect, it } from 'vitest';
import { buildCapacityTable } from '../../src/capacity/index.js';
import { buildPlanModel, clockRelaxation, planningData } from '../../src/formulation/index.js';
import { analyticStepModel } from '../../src/profiles/index.js';
import type { PoolPartition } from '../../src/scenario/index.js';
import { solve } from '../../src/solver/index.js';
import { handTable } from '../helpers/handCapacityTable.js';
import { twoBinScenario } from '../helpers/twoBinScenario.js';
import { capacityCache } from '../helpers/capacityCache.js';
import { tinyScenario } from '../helpers/tinyScenario.js';

const CAPS = { alone: { SA: 1.2, LA: 0.8 }, shared: { SA: 1, LA: 0.7 } };

async function solved(totalRps: number, pools: PoolPartition, o: { relax: boolean; coverCuts: boolean }) {
  const s = twoBinScenario({ totalRps: [totalRps], pools, outputs: { SA: 100, LA: 100 }, tp: [8] });
  const data = planningData(s, handTable(s, CAPS));
  const pm = buildPlanModel(data, { windows: [0], relax: o.relax, coverCuts: o.coverCuts });
  const result = await solve(pm.model, { mipRelGap: 1e-9 });
  const covers = pm.model.toStandardForm().rowNames.filter((n) => n.startsWith('cover['));
  return { objective: result.objective ?? NaN, instances: pm.pools(0).map((p) => result.value(p.n)), covers, u: data.maxUtilization };
}

describe('cover rows', () => {
  it('round each input bin up to a whole instance where the LP relaxation runs a fraction of one', async () => {
    // 0.3 req/s a class: SA needs 0.15 / (u·1.2) of an instance, LA 0.15 / (u·0.8): a fraction each.
    const lp = await solved(0.3, 'by-input-bin', { relax: true, coverCuts: false });
    const covered = await solved(0.3, 'by-input-bin', { relax: true, coverCuts: true });
    expect(lp.instances.every((n) => n < 0.5)).toBe(true);
    expect(lp.instances.reduce((a, b) => a + b, 0)).toBeCloseTo(0.15 / (lp.u * 1.2) + 0.15 / (lp.u * 0.8), 6);
    // Two bins, one row for instances and one for GPUs each.
    expect(covered.covers).toHaveLength(4);
    expect(covered.instances.every((n) => n >= 1 - 1e-9)).toBe(true);
    expect(covered.objective).toBeGreaterThan(lp.objective * 1.5);
    const milp = await solved(0.3, 'by-input-bin', { relax: false, coverCuts: false });
    expect(covered.objective).toBeLessThanOrEqual(milp.objective * (1 + 1e-9));
  });

  it('group the classes a shared pool links, and never cut off the MILP optimum', async () => {
    for (const pools of ['by-input-bin', 'shared', 'optimize'] as const) {
      for (const rps of [0.3, 2.5, 7.1]) {
        const plain = await solved(rps, pools, { relax: false, coverCuts: false });
        const covered = await solved(rps, pools, { relax: false, coverCuts: true });
        expect(covered.objective, `${pools} at ${rps} req/s`).toBeCloseTo(plain.objective, 6);
        // One group when a pool serves both classes (shared, or optimize's shared pool), else one per bin.
        expect(covered.covers, `${pools}`).toHaveLength(pools === 'by-input-bin' ? 4 : 2);
        const lpPlain = await solved(rps, pools, { relax: true, coverCuts: false });
        const lpCovered = await solved(rps, pools, { relax: true, coverCuts: true });
        expect(lpCovered.objective).toBeGreaterThanOrEqual(lpPlain.objective - 1e-9);
        expect(lpCovered.objective).toBeLessThanOrEqual(plain.objective * (1 + 1e-9));
      }
    }
  });

  it('hold in the fleet stage\'s clock relaxation: below the full MILP\'s optimum, above the relaxation without them', async () => {
    // The fleet stage bounds the plan with the clock relaxation (clock variants merged into one
    // config at the best capacity and lowest power of any clock) and now adds the cover rows to it:
    // they must stay valid there, and lift its LP where demand needs fractions of instances.
    for (const rps of [0.7, 3.3]) {
      const s = tinyScenario({ windows: 2, rps: [rps, rps / 3], tp: [4, 8], clocks: { 'H100-80GB': [1200, 1980] }, provisionedKW: 1000 });
      const data = planningData(s, buildCapacityTable(s, analyticStepModel, capacityCache));
      const relaxed = { ...data, configs: clockRelaxation(data.configs) };
      const objective = async (d: typeof data, o: { relax: boolean; coverCuts: boolean }) => {
        const result = await solve(buildPlanModel(d, { windows: [0, 1], ...o }).model, { mipRelGap: 1e-9 });
        return result.objective ?? NaN;
      };
      const full = await objective(data, { relax: false, coverCuts: false });
      const relaxedCovered = await objective(relaxed, { relax: false, coverCuts: true });
      expect(relaxedCovered, `${rps} req/s`).toBeLessThanOrEqual(full * (1 + 1e-9));
      expect(relaxedCovered, `${rps} req/s`).toBeCloseTo(await objective(relaxed, { relax: false, coverCuts: false }), 6);
      const lp = await objective(relaxed, { relax: true, coverCuts: false });
      const lpCovered = await objective(relaxed, { relax: true, coverCuts: true });
      expect(lpCovered, `${rps} req/s`).toBeGreaterThan(lp * 1.01);
      expect(lpCovered, `${rps} req/s`).toBeLessThanOrEqual(relaxedCovered * (1 + 1e-9));
    }
  });
});
