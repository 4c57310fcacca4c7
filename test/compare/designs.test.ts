/** Built-in designs restrict the planner as they say, and bad designs files are explained. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDesign, compareDesigns, COMPARE_COLUMNS, designsFromText, fromDesignsFile, BUILT_IN_DESIGNS, type Design, type DesignResult } from '../../src/compare/index.js';
import { InputError } from '../../src/core/errors.js';
import { getGpu } from '../../src/catalog/index.js';
import { scenarioFromText } from '../../src/scenario/index.js';
import { capacityCache } from '../helpers/capacityCache.js';

const SPLITWISE = new URL('../../scenarios/splitwise.yaml', import.meta.url).pathname;
// A lighter version of the Splitwise scenario: a quarter of the demand keeps the test fast.
const scenario = scenarioFromText(readFileSync(SPLITWISE, 'utf8').replace('totalRps: [60]', 'totalRps: [15]').replace('totalRps: [28]', 'totalRps: [7]'), SPLITWISE);

describe('built-in designs', () => {
  let designs: Design[];
  let results: Map<string, DesignResult>;
  beforeAll(async () => {
    designs = await fromDesignsFile(BUILT_IN_DESIGNS);
    // DynamoLLM's single-technique designs are planned by the reproduction test (test/reproduce), on
    // the scenario with several windows their holds are about; here they would only add minutes.
    const techniques = ['DynamoLLM-ScaleInst', 'DynamoLLM-ScaleShard', 'DynamoLLM-ScaleFreq', 'DynamoLLM-MultiPool'];
    results = new Map((await compareDesigns(scenario, designs.filter((d) => !techniques.includes(d.name)), { capacityCache, repairRounds: 0 })).map((r) => [r.design.name, r]));
  }, 300_000);

  it("every built-in design's plan keeps to its restrictions", () => {
    for (const design of designs.filter((d) => results.has(d.name))) {
      const plan = results.get(design.name)?.plan;
      expect(plan, `${design.name} has a plan`).toBeDefined();
      const pools = plan?.rows.filter((r) => r.role !== 'idle') ?? [];
      expect(pools.length).toBeGreaterThan(0);
      for (const r of pools) {
        if (design.gpus) expect(design.gpus, design.name).toContain(r.gpu);
        if (design.roles) expect(design.roles, design.name).toContain(r.role);
        if (design.tp) expect(design.tp, design.name).toContain(r.tp);
        if (design.clocks === 'max') expect(r.clockMHz, design.name).toBe(getGpu(r.gpu as never).clockMHz.max.value);
        const allowed = design.roleGpus?.[r.role as 'mixed' | 'prefill' | 'decode'];
        if (allowed) expect(allowed, design.name).toContain(r.gpu);
        // Per-class pools serve one class each.
        if (design.pools === 'per-class') expect(Object.keys(r.ratesRps).length, design.name).toBeLessThanOrEqual(1);
      }
    }
  });

  it('lists the Splitwise and DynamoLLM designs and llmcap-free', () => {
    expect(designs.map((d) => d.name)).toEqual(['Baseline-A100', 'Baseline-H100', 'Splitwise-AA', 'Splitwise-HH', 'Splitwise-HA', 'Splitwise-HHcap', 'DynamoLLM-SinglePool', 'DynamoLLM-ScaleInst', 'DynamoLLM-ScaleShard', 'DynamoLLM-ScaleFreq', 'DynamoLLM-MultiPool', 'DynamoLLM-PerClass', 'llmcap-free']);
    // The static ones hold their pools across windows; the technique designs free one choice each.
    const hold = (n: string) => designs.find((d) => d.name === n)?.hold;
    expect(hold('DynamoLLM-SinglePool')).toEqual(['instances', 'tp', 'clock']);
    expect(hold('DynamoLLM-MultiPool')).toEqual(['instances', 'tp', 'clock']);
    expect(hold('DynamoLLM-ScaleFreq')).toEqual(['instances', 'tp']);
    expect(hold('DynamoLLM-ScaleShard')).toEqual(['gpus', 'clock']);
    // ScaleInst re-sizes at DynamoLLM's cluster-manager period: its instances held over 30 minutes.
    expect(hold('DynamoLLM-ScaleInst')).toEqual(['instances']);
    expect(designs.find((d) => d.name === 'DynamoLLM-ScaleInst')?.holdPeriodMinutes).toBe(30);
    expect(hold('DynamoLLM-PerClass')).toBeUndefined();
  });

  it('Splitwise-HA: prefill pools on H100 only, decode pools on A100 only, no mixed pools', () => {
    const plan = results.get('Splitwise-HA')?.plan;
    expect(plan).toBeDefined();
    const pools = plan?.rows.filter((r) => r.role !== 'idle') ?? [];
    expect(pools.length).toBeGreaterThan(0);
    for (const r of pools) {
      expect(r.role === 'prefill' || r.role === 'decode').toBe(true);
      expect(r.gpu).toBe(r.role === 'prefill' ? 'H100-80GB' : 'A100-80GB');
    }
    expect(pools.some((r) => r.role === 'prefill')).toBe(true);
    expect(pools.some((r) => r.role === 'decode')).toBe(true);
  });

  it('DynamoLLM-SinglePool: one mixed TP8 pool at the maximum clock', () => {
    const pools = results.get('DynamoLLM-SinglePool')?.plan?.rows.filter((r) => r.role !== 'idle') ?? [];
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({ role: 'mixed', tp: 8, gpu: 'H100-80GB', clockMHz: getGpu('H100-80GB').clockMHz.max.value });
  });

  it('Splitwise-HHcap: decode pools capped at 70 % of TDP, counted at their cap in the nameplate budget', () => {
    const s = applyDesign(scenario, designs.find((d) => d.name === 'Splitwise-HHcap') as Design);
    expect(s.hardware.powerCapFraction.decode).toBe(0.7);
    expect(s.power.budgetBasis).toBe('nameplate');
    const hh = results.get('Splitwise-HHcap')?.plan;
    const base = results.get('Baseline-H100')?.plan;
    // Within the 232 kW budget by nameplate, the capped decode GPUs counted at 490 W instead of 700 W.
    expect(base?.totals.nameplateKW ?? Infinity).toBeLessThanOrEqual(232 + 1e-6);
    const cappedGpus = hh?.rows.filter((r) => r.role === 'decode').reduce((n, r) => n + r.gpus, 0) ?? 0;
    expect(cappedGpus).toBeGreaterThan(0);
    expect((hh?.totals.nameplateKW ?? Infinity) - cappedGpus * 0.21).toBeLessThanOrEqual(232 + 1e-6);
  });

  it('every design meets the same demand in iso-throughput mode', () => {
    for (const r of results.values()) {
      expect(r.scale).toBe(1);
      expect(r.plan?.windows[0]?.servedRps ?? 0).toBeGreaterThanOrEqual(22 - 1e-6);
    }
  });
});

describe('iso-power mode', () => {
  it('maximizes the demand scale within the provisioned power, and the phase split sustains more than the mixed baseline', async () => {
    const designs = (await fromDesignsFile(BUILT_IN_DESIGNS)).filter((d) => ['Baseline-H100', 'Splitwise-HH'].includes(d.name));
    const [base, split] = await compareDesigns(scenario, designs, { mode: 'iso-power', capacityCache, repairRounds: 0 });
    expect(base?.scale).toBeGreaterThan(0);
    expect(split?.scale).toBeGreaterThan(base?.scale ?? Infinity);
    expect(split?.plan?.totals.nameplateKW).toBeLessThanOrEqual(232 + 1e-6);
    // Each design's own solver gap (on α) is reported: the plan's gap and compare.csv's solve_gap.
    const gapColumn = COMPARE_COLUMNS.find((c) => c.name === 'solve_gap');
    for (const r of [base, split]) {
      const solve = r?.plan?.solve;
      expect(solve?.termination, r?.design.name).toBe('optimal');
      expect(solve?.gap, r?.design.name).toBeGreaterThanOrEqual(0);
      expect(solve?.gap, r?.design.name).toBeLessThanOrEqual(scenario.solver.mipGap + 1e-9);
      expect(r && gapColumn?.value(r)).toBe(Math.round((solve?.gap ?? NaN) * 1e6) / 1e6);
    }
  }, 120_000);
});

describe('designs left out', () => {
  it('a design needing a GPU type the scenario does not list is left out with a note, not planned', async () => {
    const h100Only = { ...scenario, hardware: { ...scenario.hardware, gpus: scenario.hardware.gpus.filter((g) => g === 'H100-80GB') } };
    const [designs] = [designsFromText('designs:\n  - name: A\n    gpus: [A100-80GB]\n  - name: HA\n    gpus: [H100-80GB]\n    roles: [prefill, decode]\n    roleGpus: { prefill: [H100-80GB], decode: [A100-80GB] }\n', 'd.yaml')];
    const results = await compareDesigns(h100Only, designs, { capacityCache, repairRounds: 0 });
    expect(results.map((r) => r.design.name)).toEqual(['A', 'HA']);
    for (const r of results) {
      expect(r.plan).toBeUndefined();
      expect(r.leftOut).toMatch(/left out: needs A100-80GB, which the scenario does not list/);
      const note = COMPARE_COLUMNS.find((c) => c.name === 'note')?.value(r);
      expect(note).toBe(r.leftOut);
    }
  });
});

describe('designs files', () => {
  it("hold names exactly one of 'instances' and 'gpus'", () => {
    const problem = (hold: string) => {
      try {
        designsFromText(`designs:\n  - name: X\n    hold: ${hold}\n`, 'd.yaml');
      } catch (e) {
        return (e as InputError).problems[0];
      }
      return undefined;
    };
    expect(problem('[tp, clock]')?.message).toMatch(/neither 'instances' nor 'gpus'/);
    expect(problem('[instances, gpus]')?.message).toMatch(/both 'instances' and 'gpus'/);
    expect(problem('[instances, tp]')).toBeUndefined();
    expect(problem('[instances, speed]')?.field).toMatch(/hold/);
  });

  it('holdPeriodMinutes needs a hold', () => {
    let err: unknown;
    try {
      designsFromText('designs:\n  - name: X\n    holdPeriodMinutes: 30\n', 'd.yaml');
    } catch (e) {
      err = e;
    }
    expect((err as InputError).problems[0]?.field).toBe('designs[0].holdPeriodMinutes');
    expect(designsFromText('designs:\n  - name: X\n    hold: [instances]\n    holdPeriodMinutes: 30\n', 'd.yaml')[0]?.holdPeriodMinutes).toBe(30);
  });

  it('names the line, field and fix of an unknown GPU and an unknown field', () => {
    const text = 'designs:\n  - name: X\n    gpus: [H100-80G]\n    rolez: [mixed]\n';
    let err: unknown;
    try {
      designsFromText(text, 'd.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems.some((p) => p.field === 'designs[0].rolez' && p.line === 4)).toBe(true);
    const unknownGpu = (() => {
      try {
        designsFromText('designs:\n  - name: X\n    gpus: [H100-80G]\n', 'd.yaml');
      } catch (e) {
        return (e as InputError).problems[0];
      }
      return undefined;
    })();
    expect(unknownGpu?.field).toBe('designs[0].gpus[0]');
    expect(unknownGpu?.line).toBe(3);
    expect(unknownGpu?.fix).toContain("did you mean 'H100-80GB'");
  });
});
