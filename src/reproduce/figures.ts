/**
 * The papers' figures llmcap reproduces (issue 21), as data: which run computes each and how its
 * value is read from the run's designs. Splitwise, POLCA and throttLL'eM figures are added here as
 * entries; a run is a `compare` of built-in (or scenario-local) designs on a scenario in
 * scenarios/papers/.
 */
import { getGpu, type GpuId } from '../catalog/index.js';
import type { CompareMode, DesignResult } from '../compare/index.js';

/** One `compare` run that one or more figures read. */
export interface ReproductionRun {
  readonly id: string;
  /** Scenario path, relative to the package root. */
  readonly scenario: string;
  /** Built-in design names (or a designs file relative to the package root). */
  readonly designs: string;
  /** A designs file (relative to the package root) that `designs` names its designs from, instead of the built-in ones. */
  readonly designsFile?: string;
  readonly mode: CompareMode;
  readonly objective?: 'cost' | 'energy' | 'carbon';
  /** Plan without the scenario's provisioned power (Splitwise's iso-cost: designs compared at equal spend, whatever power they draw). */
  readonly unboundedPower?: boolean;
  /** Too slow for CI (minutes): run by `npm run reproduce`, left out by `--fast`. */
  readonly slow: boolean;
}

/**
 * A published figure. 'change' is a relative difference (−0.35 = 35 % less): it is reproduced when
 * llmcap's change is within ±25 % of the paper's (−0.35 → −0.2625…−0.4375). 'ratio' is a factor
 * (2.15×): reproduced when llmcap's factor is within ±25 % of the paper's.
 */
export interface FigureDefinition {
  readonly id: string;
  readonly paper: string;
  /** What is compared, in words. */
  readonly figure: string;
  readonly kind: 'change' | 'ratio';
  readonly paperValue: number;
  readonly run: string;
  /** The figure from the run's designs; NaN when a design has no plan. */
  readonly value: (results: readonly DesignResult[]) => number;
}

export const TOLERANCE = 0.25;

/** A figure of design `name` relative to design `base`'s, minus one (NaN when either has no plan). */
function changeOf(name: string, base: string, figure: (result: DesignResult | undefined) => number): (results: readonly DesignResult[]) => number {
  return (results) => {
    const of = (n: string) => figure(results.find((r) => r.design.name === n));
    return of(name) / of(base) - 1;
  };
}

/** Energy of design `name` relative to design `base`, minus one. */
export function energyChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return changeOf(name, base, (r) => r?.plan?.totals.energyKWh ?? Number.NaN);
}

/**
 * GPUs in service (running an instance), averaged over the windows, of design `name` relative to
 * design `base`, minus one: the change in mean servers when every server holds instances of one type.
 */
export function meanGpusInServiceChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return changeOf(name, base, (r) => {
    const plan = r?.plan;
    if (!plan || plan.windows.length === 0) return Number.NaN;
    return plan.rows.filter((row) => row.role !== 'idle').reduce((sum, row) => sum + row.gpus, 0) / plan.windows.length;
  });
}

/** Requests per second design `name` sustains at the peak window over design `base`'s (iso-power, iso-cost). */
export function throughputRatio(name: string, base: string): (results: readonly DesignResult[]) => number {
  return (results) => {
    const rps = (n: string) => {
      const r = results.find((x) => x.design.name === n);
      return r?.plan ? r.peakThroughputRps : Number.NaN;
    };
    return rps(name) / rps(base);
  };
}

/** throughputRatio − 1: a change in requests per second sustained. */
export function throughputRatioChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  const ratio = throughputRatio(name, base);
  return (results) => ratio(results) - 1;
}

/** GPU rental (the fleet's cost, without energy: Splitwise's cost) of design `name` relative to design `base`, minus one. */
export function fleetCostChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return changeOf(name, base, (r) => r?.plan?.totals.fleetCostUsd ?? Number.NaN);
}

/**
 * The power a design's fleet is provisioned for, kW, on its budget's basis: every server at its
 * nameplate (or, budgeted by GPU TDP, its GPUs at their TDP), except that the GPUs of power-capped
 * instances count at their cap (as the planner budgets them and as Splitwise provisions HHcap:
 * capped token machines at 70 % of their power); the most over the windows.
 */
export function provisionedPowerKW(result: DesignResult | undefined): number {
  const plan = result?.plan;
  if (!plan) return Number.NaN;
  const fleetKW = result.design.powerBudget === 'gpu-tdp'
    ? plan.procurement.reduce((sum, p) => sum + (p.gpus * getGpu(p.gpu as GpuId).tdpW.value) / 1000, 0)
    : plan.totals.nameplateKW;
  const caps = result.design.powerCap ?? {};
  const byWindow = new Map<number, number>();
  for (const row of plan.rows) {
    const cap = row.role === 'idle' ? undefined : caps[row.role];
    if (cap === undefined) continue;
    const tdpW = getGpu(row.gpu as GpuId).tdpW.value;
    byWindow.set(row.window, (byWindow.get(row.window) ?? 0) + (row.gpus * tdpW * (1 - cap)) / 1000);
  }
  const freed = byWindow.size > 0 ? Math.min(...byWindow.values()) : 0;
  return fleetKW - freed;
}

/** Servers of design `name` relative to design `base`, minus one (POLCA: servers that fit the row). */
export function serversChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return changeOf(name, base, (r) => r?.plan?.totals.servers ?? Number.NaN);
}

/** Predicted peak power of design `name` relative to design `base`, minus one. */
export function peakPowerChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return changeOf(name, base, (r) => r?.plan?.totals.peakPowerKW ?? Number.NaN);
}

/** Provisioned power (on the design's budget basis, capped GPUs at their cap) of design `name` relative to design `base`, minus one. */
export function provisionedPowerChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return changeOf(name, base, provisionedPowerKW);
}

const DYNAMO = 'DynamoLLM (arXiv:2408.00741)';
const SPLITWISE_DESIGNS = 'scenarios/papers/splitwise-designs.yaml';
const DYNAMO_BREAKDOWN = 'DynamoLLM-SinglePool,DynamoLLM-MultiPool,DynamoLLM-ScaleInst,DynamoLLM-ScaleShard,DynamoLLM-ScaleFreq,DynamoLLM-PerClass';

export const REPRODUCTION_RUNS: readonly ReproductionRun[] = [
  { id: 'dynamollm-conv-1h', scenario: 'scenarios/papers/dynamollm-conv-1h.yaml', designs: DYNAMO_BREAKDOWN, mode: 'iso-throughput', objective: 'energy', slow: false },
  { id: 'dynamollm-conv-week', scenario: 'scenarios/papers/dynamollm-conv-week.yaml', designs: 'DynamoLLM-SinglePool,DynamoLLM-PerClass', mode: 'iso-throughput', objective: 'energy', slow: true },
  { id: 'dynamollm-code-week', scenario: 'scenarios/papers/dynamollm-code-week.yaml', designs: 'DynamoLLM-SinglePool,DynamoLLM-PerClass', mode: 'iso-throughput', objective: 'energy', slow: true },
  // Splitwise's three studies on one conversation scenario: each run plans its designs with the repair loop (minutes).
  // The designs are the built-in ones budgeted as SplitwiseSim provisions power: by GPU TDP (the file says why).
  { id: 'splitwise-iso-power', scenario: 'scenarios/papers/splitwise-conv.yaml', designsFile: SPLITWISE_DESIGNS, designs: 'Baseline-A100,Baseline-H100,Splitwise-AA,Splitwise-HA', mode: 'iso-power', slow: true },
  { id: 'splitwise-iso-throughput', scenario: 'scenarios/papers/splitwise-conv.yaml', designsFile: SPLITWISE_DESIGNS, designs: 'Baseline-H100,Splitwise-HHcap,Splitwise-AA', mode: 'iso-throughput', slow: true },
  // iso-cost: the first design (Baseline-H100) at the scenario's demand sets the budget per hour.
  // Splitwise's iso-cost compares at equal spend with no power limit (its AA draws 25 % more power than Baseline-H100).
  { id: 'splitwise-iso-cost', scenario: 'scenarios/papers/splitwise-conv.yaml', designsFile: SPLITWISE_DESIGNS, designs: 'Baseline-H100,Splitwise-AA', mode: 'iso-cost', unboundedPower: true, slow: true },
  // POLCA's row is scenarios/polca.yaml (the `compare` docs example); the figures' designs are in scenarios/papers/.
  { id: 'polca-row', scenario: 'scenarios/polca.yaml', designs: 'scenarios/papers/polca-designs.yaml', mode: 'iso-power', slow: true },
];

const POLCA = 'POLCA (arXiv:2308.12908)';

const SPLITWISE = 'Splitwise (arXiv:2311.18677)';

const breakdown = (design: string, technique: string, paperValue: number): FigureDefinition => ({
  id: `dynamollm-conv-1h-${technique.toLowerCase()}`,
  paper: `${DYNAMO} Fig. 7`,
  figure: `1-h conversation: energy of ${technique} vs SinglePool`,
  kind: 'change',
  paperValue,
  run: 'dynamollm-conv-1h',
  value: energyChange(design, 'DynamoLLM-SinglePool'),
});

export const FIGURES: readonly FigureDefinition[] = [
  breakdown('DynamoLLM-MultiPool', 'MultiPool', 0.2),
  breakdown('DynamoLLM-ScaleInst', 'ScaleInst', -0.02),
  breakdown('DynamoLLM-ScaleShard', 'ScaleShard', -0.06),
  breakdown('DynamoLLM-ScaleFreq', 'ScaleFreq', -0.19),
  breakdown('DynamoLLM-PerClass', 'DynamoLLM', -0.35),
  { id: 'dynamollm-conv-week-energy', paper: `${DYNAMO} §V-F`, figure: 'week, conversation: energy of DynamoLLM vs SinglePool', kind: 'change', paperValue: -0.47, run: 'dynamollm-conv-week', value: energyChange('DynamoLLM-PerClass', 'DynamoLLM-SinglePool') },
  { id: 'dynamollm-code-week-energy', paper: `${DYNAMO} §V-F`, figure: 'week, coding: energy of DynamoLLM vs SinglePool', kind: 'change', paperValue: -0.56, run: 'dynamollm-code-week', value: energyChange('DynamoLLM-PerClass', 'DynamoLLM-SinglePool') },
  { id: 'dynamollm-conv-week-servers', paper: `${DYNAMO} §V-F`, figure: 'week, conversation: mean servers in service, DynamoLLM vs SinglePool (40 → 24.6)', kind: 'change', paperValue: 24.6 / 40 - 1, run: 'dynamollm-conv-week', value: meanGpusInServiceChange('DynamoLLM-PerClass', 'DynamoLLM-SinglePool') },
  { id: 'splitwise-iso-power-aa', paper: `${SPLITWISE} §VI-B`, figure: 'iso-power, conversation: throughput of Splitwise-AA over Baseline-A100', kind: 'ratio', paperValue: 2.15, run: 'splitwise-iso-power', value: throughputRatio('Splitwise-AA', 'Baseline-A100') },
  { id: 'splitwise-iso-power-ha', paper: `${SPLITWISE} §VI-B`, figure: 'iso-power, conversation: throughput of Splitwise-HA over Baseline-H100', kind: 'ratio', paperValue: 1.18, run: 'splitwise-iso-power', value: throughputRatio('Splitwise-HA', 'Baseline-H100') },
  { id: 'splitwise-iso-power-ha-cost', paper: `${SPLITWISE} §VI-B`, figure: 'iso-power, conversation: GPU cost of Splitwise-HA vs Baseline-H100', kind: 'change', paperValue: -0.1, run: 'splitwise-iso-power', value: fleetCostChange('Splitwise-HA', 'Baseline-H100') },
  { id: 'splitwise-iso-throughput-hhcap-power', paper: `${SPLITWISE} §VI-B`, figure: 'iso-throughput, conversation: provisioned power of Splitwise-HHcap vs Baseline-H100', kind: 'change', paperValue: -0.25, run: 'splitwise-iso-throughput', value: provisionedPowerChange('Splitwise-HHcap', 'Baseline-H100') },
  { id: 'splitwise-iso-throughput-aa-cost', paper: `${SPLITWISE} §VI-B`, figure: 'iso-throughput, conversation: GPU cost of Splitwise-AA vs Baseline-H100', kind: 'change', paperValue: -0.25, run: 'splitwise-iso-throughput', value: fleetCostChange('Splitwise-AA', 'Baseline-H100') },
  { id: 'splitwise-iso-cost-aa', paper: `${SPLITWISE} §VI-B`, figure: 'iso-cost, conversation: throughput of Splitwise-AA over Baseline-H100', kind: 'ratio', paperValue: 1.4, run: 'splitwise-iso-cost', value: throughputRatio('Splitwise-AA', 'Baseline-H100') },
  { id: 'polca-servers-added', paper: `${POLCA} §5`, figure: 'a 40-server DGX-A100 row: servers that fit by oversubscription (40 → 52)', kind: 'change', paperValue: 0.3, run: 'polca-row', value: serversChange('POLCA-Oversubscribed', 'NoOversubscription') },
  { id: 'polca-freq-cap-peak-power', paper: `${POLCA} §5`, figure: 'the 40 servers at the 1110-MHz cap vs 1410 MHz, each at its most SLO load: peak power', kind: 'change', paperValue: -0.2, run: 'polca-row', value: peakPowerChange('NoOversubscription-Capped', 'NoOversubscription') },
  { id: 'polca-freq-cap-throughput', paper: `${POLCA} §5`, figure: 'the same: throughput at the SLOs (performance; paper: at most about 7 % lower)', kind: 'change', paperValue: -0.07, run: 'polca-row', value: throughputRatioChange('NoOversubscription-Capped', 'NoOversubscription') },
];
