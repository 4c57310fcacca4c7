/**
 * What every key of summary.json means, declared beside the code that writes it: each record is
 * typed by the keys of the object it documents, so a key added without a meaning (or a meaning left
 * for a removed key) fails to compile, and docs/outputs.md's tables are generated from here.
 */
import type { PlanTotals, WindowSummary } from '../plan/index.js';
import type { planSummary } from './toSummaryJson.js';
import type { UnitFigures } from './unitFigures.js';

export const SUMMARY_FIELDS: Readonly<Record<keyof ReturnType<typeof planSummary>, string>> = {
  llmcap: 'version that wrote it',
  provenance: '`llmcap` (version), `scenario` (name), `scenarioSha256` (SHA-256 of the resolved scenario: every input that shapes the plan, not the file\'s path), `structure` (`windows`, `windowHours`, `start`, `classes`, `models`) and `planArrowSha256`, the SHA-256 of plan.arrow\'s bytes. `simulate` refuses a plan whose structure differs from the scenario\'s (exit 2, naming what differs; `--allow-mismatch` replays anyway; other demand, prices or SLOs need no flag) and a plan.arrow whose bytes no longer match this hash',
  scenario: '`name`, `file`, `windows`, `windowHours`',
  objective: '`name` and `weights` (`costUsd`, `energyKWh`, `carbonKg`)',
  solve: "`backend`, `method` (`monolithic` or `fleet-decomposition`), `termination` (`optimal` only when the overall gap is within `mipGapTarget` and every window's within `windowGapTarget`; `gap_above_target` or `time_limit` otherwise), `objective`, `bound`, `gap` (of a max-throughput plan, compare's iso-power and iso-cost: the gap on the demand scale α it maximized, with `bound` null), `mipGapTarget`, `windowGapTarget`, `worstWindowGap`, `worstWindows` (the five largest window gaps: `window`, `windowStart`, `operatingObjective`, `operatingBound`, `gap`), `seconds`, `stageSeconds` (where `seconds` went, by stage in the order they ran: `capacity` (the SLO-feasible load table and the planning data read from it; `llmcap plan` fills the table on every core before the solve starts, outside `seconds`), then `fleet`, `operation` and `bounds` of the fleet decomposition, summed over its rounds, or `monolithic` and `operation`), `subproblems`, `limitReached`, `limitStage` (the stage or window a limit stopped: a time limit with its share of the limit, which also sets `limitReached` and exit 4, or a window's node limit), `notes`",
  totals: 'the plan over the whole horizon: see [totals](#summaryjson-totals)',
  unitFigures: 'the figures planners quote, per hour and per million tokens: see [unitFigures](#summaryjson-unitfigures)',
  procurement: 'procurement.csv\'s rows, camelCased',
  baseline: 'the SinglePool comparison: `design`, then `totals` and `delta` (relative change of this plan vs the baseline), or `error`; with the repair loop on, `repair` (the baseline\'s own loop, as `repair` below), and `cheaperOutsideOptions` when the baseline passes its replay for less than the plan with options the scenario does not give its plan (which, and how to open them); `null` with `--no-baseline`',
  repair: 'the replay-and-repair loop ([how it plans](how-it-plans.md#replay-and-repair)): `rounds`, `maxRounds`, `replayedWindows`, `cellsMissedBefore`, `cellsMissedAfter`, `corrections`, `costUsd` and `gpus` (what the repair added), `seconds`, `stopped` when it stopped early, and `headroom`: each config\'s pools at its peak window (`pool`, `window`, `windowStart`, `instances`, planned `utilization`, `classes`, `judgedClasses`) with `latencyHeadroom`, 1 − the worst latency at its percentile over its target among the judged classes the pool served there (`null` when none was judged), most headroom first; `null` when the loop is off',
  profileSource: 'where latency and power came from (the distinct sources of the pools used)',
  poolSources: 'per (model, GPU, TP, clock) used by a pool: where its step times and power came from',
  profileClamps: 'profile lookups of used pools that left a table\'s range ([profiles](profiles.md))',
  classes: 'per class: `id`, `model`, `share`, `inputMean` and `outputMean` tokens, `ttftTargetMs`, `ttftPercentile`, `tbtTargetMs`, `tbtPercentile` (a slowdown TTFT target at the class\'s mean prompt); where set, `itlTargetMs`, `itlPercentile`, `e2eTargetMs`, `e2ePercentile` and `sloScope` (each metric\'s scope: class, service or all)',
  windows: 'one object per window: see [windows](#summaryjson-windows)',
};

export const TOTALS_FIELDS: Readonly<Record<keyof PlanTotals, string>> = {
  fleetCostUsd: 'GPU rental or amortized capex of the fleet over the horizon, USD',
  energyCostUsd: 'electricity (and start-up charges) over the horizon, USD',
  totalCostUsd: 'fleet + energy (+ any carbon price) over the horizon, USD; `unitFigures.horizonLabel` names the period',
  energyKWh: 'facility energy (IT × PUE) over the horizon, kWh',
  operationalCarbonKg: 'carbon of that energy at the grid\'s intensity, kg CO2e',
  embodiedCarbonKg: 'the fleet\'s manufacturing carbon amortized over the horizon, kg CO2e',
  peakPowerKW: 'predicted peak IT power of the busiest window (1.12 × its mean), kW',
  provisionedKW: 'the power budget (`power.provisionedKW`); `null` without one',
  nameplateKW: 'nameplate power of every server of the fleet, kW',
  oversubscription: 'nameplate / provisioned power (POLCA\'s oversubscription when above 1; below 1 the nameplate fits the budget); absent without a budget',
  servers: 'servers in the fleet (owned and new)',
  gpus: 'GPUs in the fleet',
  upfrontUsd: 'upfront purchase outlay for the servers bought (`prices.capex`): new servers × `usdPerServer`, summed over GPU types, USD; owned (inventory) and rented servers add nothing, so 0 when none are bought. Not part of `totalCostUsd`, which carries its amortized share',
  boughtServers: 'new servers bought (`prices.capex` types), the ones `upfrontUsd` pays for; 0 when the fleet is rented or already owned',
  reservedServers: 'with `prices.acquisition` ([billing](billing.md)) only: new servers reserved for the whole horizon',
  onDemandCostUsd: 'with `prices.acquisition` only: rent of the servers rented on demand over the horizon, USD (part of `totalCostUsd`, not of `fleetCostUsd`)',
  onDemandServerHours: 'with `prices.acquisition` only: server-hours rented on demand over the horizon',
};

export const UNIT_FIGURE_FIELDS: Readonly<Record<keyof UnitFigures, string>> = {
  horizonHours: 'length of the horizon, hours',
  horizonLabel: '`week`, `day` or `N h`: the period the totals cover',
  costPerHourUsd: 'total cost per hour, USD',
  outputTokensMillions: 'output tokens of the demand over the horizon, millions',
  tokensMillions: 'input + output tokens of the demand over the horizon, millions',
  costPerMillionOutputTokensUsd: 'total cost per million output tokens, USD',
  costPerMillionTokensUsd: 'total cost per million tokens (input + output), USD',
  energyKWhPerMillionTokens: 'facility energy per million tokens (input + output), kWh',
};

export const WINDOW_SUMMARY_FIELDS: Readonly<Record<keyof WindowSummary, string>> = {
  window: 'window index, from 0',
  windowStart: 'start of the window, ISO 8601 UTC',
  demandRps: 'the scenario\'s demand in the window: requests per second arriving',
  servedRps: 'request rate the window\'s pools are sized for, summed over pools, req/s. Not demand: with a phase split a request is counted once by the prefill pool and once by the decode pool, so it reaches up to twice `demandRps`; without one it equals `demandRps`',
  activeGpus: 'GPUs running instances in the window',
  meanPowerKW: 'predicted mean IT power, kW',
  predictedPeakKW: 'predicted peak IT power (1.12 × mean), kW',
  energyKWh: 'facility energy in the window, start-ups included, kWh',
  startEnergyKWh: 'part of `energyKWh` spent booting GPUs brought into service at the window start',
  gpuStarts: 'GPUs brought into service at the window start',
  energyCostUsd: 'energy cost plus any per-GPU start charge, USD',
  carbonKg: 'operational carbon, kg CO2e',
  operatingObjective: "the window's operating cost in the objective's units: everything its decisions change (energy, start-ups, carbon price), not the fleet",
  operatingBound: "proven lower bound on `operatingObjective` given the fleet and the window before (absent when unknown)",
  operatingGap: "(operatingObjective − operatingBound) / operatingObjective: the window's own optimality gap, target `solver.windowGap`",
  heldForRampGpus: 'GPUs kept active above the load\'s need so that a later window\'s ramp stays within `maxGpuStartsPerWindow` (0 when none)',
  committedServers: 'with `prices.acquisition` ([billing](billing.md)) only: the fleet\'s servers (owned, bought, reserved) in service in the window',
  onDemandServers: 'with `prices.acquisition` only: servers rented on demand for the window, all GPU types',
  onDemandCostUsd: 'with `prices.acquisition` only: their rent, USD (part of the plan\'s total cost)',
  onDemandByGpu: 'with `prices.acquisition` only: servers rented on demand per GPU type offered on demand',
};

/** Keys only a plan of a scenario with prices.acquisition writes (docs/billing.md). */
export const BILLING_TOTALS_KEYS: readonly (keyof PlanTotals)[] = ['reservedServers', 'onDemandCostUsd', 'onDemandServerHours'];
export const BILLING_WINDOW_KEYS: readonly (keyof WindowSummary)[] = ['committedServers', 'onDemandServers', 'onDemandCostUsd', 'onDemandByGpu'];

/** A `| key | content |` markdown table. */
export function fieldsMarkdown(fields: Readonly<Record<string, string>>): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return ['| key | content |', '|---|---|', ...Object.entries(fields).map(([key, content]) => `| \`${key}\` | ${cell(content)} |`)].join('\n');
}
