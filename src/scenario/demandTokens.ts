/** Tokens the scenario's demand carries over the horizon: Σ class rate × window length × mean tokens. */
import type { Scenario } from './types.js';

export interface DemandTokens {
  /** Prompt + output tokens. */
  readonly all: number;
  readonly output: number;
}

export function demandTokenCounts(scenario: Scenario, scale = 1): DemandTokens {
  const seconds = scenario.horizon.windowHours * 3600;
  let all = 0;
  let output = 0;
  scenario.classes.forEach((c, k) => {
    const rates = scenario.demandRps[k];
    if (!rates) return;
    let requests = 0;
    for (const w of scenario.horizon.windows) requests += (rates[w.index] ?? 0) * scale * seconds;
    all += requests * (c.input.mean + c.output.mean);
    output += requests * c.output.mean;
  });
  return { all, output };
}
