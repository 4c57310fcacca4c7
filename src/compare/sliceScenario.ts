/** One window of a scenario as a scenario of its own (throughput questions are decided at the peak). */
import { demandTokenCounts, type Scenario } from '../scenario/index.js';

export function sliceScenario(scenario: Scenario, w: number): Scenario {
  const window = scenario.horizon.windows[w];
  if (!window) throw new RangeError(`window ${w} is outside the horizon`);
  const one = (series: Float64Array) => Float64Array.of(series[w] ?? 0);
  return {
    ...scenario,
    horizon: { ...scenario.horizon, startIso: window.startIso, windows: [{ ...window, index: 0 }] },
    demandRps: scenario.demandRps.map(one),
    prices: { ...scenario.prices, electricityUsdPerKWh: one(scenario.prices.electricityUsdPerKWh), carbonGPerKWh: one(scenario.prices.carbonGPerKWh) },
  };
}

/** The window with the highest total demand. */
export function peakWindow(scenario: Scenario): number {
  let best = 0;
  let bestRps = -1;
  for (const w of scenario.horizon.windows) {
    const rps = scenario.demandRps.reduce((s, d) => s + (d[w.index] ?? 0), 0);
    if (rps > bestRps) {
      bestRps = rps;
      best = w.index;
    }
  }
  return best;
}

/** Tokens (prompt + output) the scenario's demand carries over the horizon. */
export function demandTokens(scenario: Scenario, scale = 1): number {
  return demandTokenCounts(scenario, scale).all;
}
