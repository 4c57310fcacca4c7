/**
 * The figures planners quote: cost per hour and over the horizon with its unit of time, cost per
 * million tokens (output, and input + output), and energy per million tokens. Tokens are the demand's,
 * which a feasible plan serves in full: Σ class rate × window length × mean tokens.
 */
import type { Plan } from '../plan/index.js';
import { demandTokenCounts, type Scenario } from '../scenario/index.js';

export interface UnitFigures {
  readonly horizonHours: number;
  /** 'week', 'day', or 'N h'. */
  readonly horizonLabel: string;
  readonly costPerHourUsd: number;
  readonly outputTokensMillions: number;
  readonly tokensMillions: number;
  readonly costPerMillionOutputTokensUsd: number;
  readonly costPerMillionTokensUsd: number;
  readonly energyKWhPerMillionTokens: number;
}

/** 'week', 'day', or 'N h': the period a horizon of `hours` covers. */
export function horizonLabelOf(hours: number): string {
  return hours === 168 ? 'week' : hours === 24 ? 'day' : `${Number(hours.toFixed(2))} h`;
}

/** How a total over the horizon names its period: 'per week', 'per day', 'over 3 h'. */
export function perHorizon(horizonLabel: string): string {
  return horizonLabel.endsWith(' h') ? `over ${horizonLabel}` : `per ${horizonLabel}`;
}

export function unitFigures(plan: Plan, scenario: Scenario): UnitFigures {
  const { all, output } = demandTokenCounts(scenario);
  const hours = scenario.horizon.windowHours * scenario.horizon.windows.length;
  const t = plan.totals;
  const perMillion = (v: number, tokens: number) => (tokens > 0 ? v / (tokens / 1e6) : NaN);
  return {
    horizonHours: hours,
    horizonLabel: horizonLabelOf(hours),
    costPerHourUsd: t.totalCostUsd / hours,
    outputTokensMillions: output / 1e6,
    tokensMillions: all / 1e6,
    costPerMillionOutputTokensUsd: perMillion(t.totalCostUsd, output),
    costPerMillionTokensUsd: perMillion(t.totalCostUsd, all),
    energyKWhPerMillionTokens: perMillion(t.energyKWh, all),
  };
}
