/**
 * The papers' figures llmcap reproduces (issue 21), as data: which run computes each and how its
 * value is read from the run's designs. Splitwise, POLCA and throttLL'eM figures are added here as
 * entries; a run is a `compare` of built-in (or scenario-local) designs on a scenario in
 * scenarios/papers/.
 */
import type { CompareMode, DesignResult } from '../compare/index.js';

/** One `compare` run that one or more figures read. */
export interface ReproductionRun {
  readonly id: string;
  /** Scenario path, relative to the package root. */
  readonly scenario: string;
  /** Built-in design names (or a designs file relative to the package root). */
  readonly designs: string;
  readonly mode: CompareMode;
  readonly objective?: 'cost' | 'energy' | 'carbon';
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

/** Energy of design `name` relative to design `base`, minus one. */
export function energyChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return (results) => {
    const e = (n: string) => results.find((r) => r.design.name === n)?.plan?.totals.energyKWh ?? Number.NaN;
    return e(name) / e(base) - 1;
  };
}

/**
 * GPUs in service (running an instance), averaged over the windows, of design `name` relative to
 * design `base`, minus one: the change in mean servers when every server holds instances of one type.
 */
export function meanGpusInServiceChange(name: string, base: string): (results: readonly DesignResult[]) => number {
  return (results) => {
    const mean = (n: string) => {
      const plan = results.find((r) => r.design.name === n)?.plan;
      if (!plan || plan.windows.length === 0) return Number.NaN;
      const inService = plan.rows.filter((r) => r.role !== 'idle').reduce((sum, r) => sum + r.gpus, 0);
      return inService / plan.windows.length;
    };
    return mean(name) / mean(base) - 1;
  };
}

const DYNAMO = 'DynamoLLM (arXiv:2408.00741)';
const DYNAMO_BREAKDOWN = 'DynamoLLM-SinglePool,DynamoLLM-MultiPool,DynamoLLM-ScaleInst,DynamoLLM-ScaleShard,DynamoLLM-ScaleFreq,DynamoLLM-PerClass';

export const REPRODUCTION_RUNS: readonly ReproductionRun[] = [
  { id: 'dynamollm-conv-1h', scenario: 'scenarios/papers/dynamollm-conv-1h.yaml', designs: DYNAMO_BREAKDOWN, mode: 'iso-throughput', objective: 'energy', slow: false },
  { id: 'dynamollm-conv-week', scenario: 'scenarios/papers/dynamollm-conv-week.yaml', designs: 'DynamoLLM-SinglePool,DynamoLLM-PerClass', mode: 'iso-throughput', objective: 'energy', slow: true },
  { id: 'dynamollm-code-week', scenario: 'scenarios/papers/dynamollm-code-week.yaml', designs: 'DynamoLLM-SinglePool,DynamoLLM-PerClass', mode: 'iso-throughput', objective: 'energy', slow: true },
];

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
];
