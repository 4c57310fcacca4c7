/**
 * `compare`: plan every design on the same scenario, in one of three modes (Splitwise's study):
 * - iso-throughput: meet the scenario's demand over the whole horizon at the least cost (or the
 *   scenario's objective), with no power budget: the power each design needs is compared;
 * - iso-power: the highest demand scale each design sustains at the peak window within the
 *   provisioned power;
 * - iso-cost: the same within a cost budget per hour (default: the first design's cost per hour at
 *   the peak, so designs are compared against the reference at equal spend).
 */
import { CapacityCache } from '../capacity/index.js';
import type { GpuId } from '../catalog/index.js';
import type { Plan } from '../plan/index.js';
import { asKeptDesign, passesForLess, planMaxThroughput, planScenario } from '../plan/index.js';
import { designWithin } from './designWithin.js';
import type { Scenario } from '../scenario/index.js';
import type { BackendName } from '../solver/index.js';
import { ANALYTIC_STEPS, StepModels, type StepSource } from '../profiles/index.js';
import { repairLoop, sliceRunner, type LoopPlan, type PlanWithCorrections, type SliceRunner } from '../repair/index.js';
import { applyDesign } from './applyDesign.js';
import { beyondScenario } from './beyondScenario.js';
import { replayDesign, type ReplaySummary } from './replayDesign.js';
import { demandTokens, peakWindow, sliceScenario } from './sliceScenario.js';
import type { CompareMode, Design } from './types.js';

export interface DesignResult {
  readonly design: Design;
  readonly mode: CompareMode;
  readonly plan?: Plan;
  /** Why the design has no plan (e.g. a class no config of the design can serve). */
  readonly error?: string;
  /** Why the design was left out without planning: it needs GPU types the scenario does not list. */
  readonly leftOut?: string;
  /** Demand scale: 1 in iso-throughput, the maximized α otherwise. */
  readonly scale: number;
  /** Requests per second served at the horizon's peak window. */
  readonly peakThroughputRps: number;
  readonly costPerMillionTokensUsd: number;
  /** The plan replayed at the peak window (when asked for). */
  readonly replay?: ReplaySummary;
  /** Why this design shows another design's plan (llmcap-free keeping a cheaper passing design inside its options). */
  readonly kept?: string;
}

export interface CompareOptions {
  readonly mode?: CompareMode;
  readonly backend?: BackendName;
  readonly timeLimitSec?: number;
  readonly mipGap?: number;
  /** iso-cost budget, USD per hour. */
  readonly budgetUsdPerHour?: number;
  readonly onProgress?: (message: string, fraction: number) => void;
  /** Step times and power for planning and replay; default the analytic model. */
  readonly steps?: StepSource;
  /** Replay each design's plan at the peak window to measure SLO attainment (default false). */
  readonly replay?: boolean;
  /** Seed of that replay (default the scenario's, the one its repair rounds replay on). */
  readonly replaySeed?: number;
  /** Capacity rows already computed, to reuse; the designs share one cache either way. */
  readonly capacityCache?: CapacityCache;
  /** Replay-and-repair rounds for every design's plan (default the scenario's planning.repairRounds; 0 skips the loop). */
  readonly repairRounds?: number;
  /** Worker threads of the repair loop's replays (default every core). */
  readonly threads?: number;
}

export async function compareDesigns(scenario: Scenario, designs: readonly Design[], options: CompareOptions = {}): Promise<DesignResult[]> {
  const mode = options.mode ?? 'iso-throughput';
  const progress = options.onProgress ?? (() => {});
  const peak = peakWindow(scenario);
  const peakScenario = sliceScenario(scenario, peak);
  const peakRps = scenario.demandRps.reduce((s, d) => s + (d[peak] ?? 0), 0);
  const results: DesignResult[] = [];
  let budgetUsdPerHour = options.budgetUsdPerHour;
  // The designs share many (config, class) capacity rows.
  const capacityCache = options.capacityCache ?? new CapacityCache();
  // Every design is planned and replayed with the same step model, loaded once.
  const stepSource = options.steps ?? ANALYTIC_STEPS;
  const stepModels = new StepModels();
  const steps = options.steps ? await stepModels.get(options.steps) : undefined;
  // Every design goes through the same replay-and-repair loop as `plan`, so designs are compared as
  // plans that pass their own replay.
  const rounds = options.repairRounds ?? scenario.planning.repairRounds;
  const runner = rounds > 0 ? sliceRunner(options.threads) : undefined;
  const repaired = <T extends LoopPlan>(planWith: PlanWithCorrections<T>) => repairedPlan(planWith, runner, { rounds, steps: stepSource, maxUtilization: scenario.planning.maxUtilization });
  try {
    for (const [i, design] of designs.entries()) {
      progress(`design ${i + 1}/${designs.length}: ${design.name}`, i / designs.length);
      // A design compares options within the scenario's hardware; adding a GPU type would change the question.
      const missing = unlistedGpus(scenario, design);
      if (missing.length > 0) {
        results.push({ design, mode, leftOut: `left out: needs ${missing.join(', ')}, which the scenario does not list in hardware.gpus`, scale: 0, peakThroughputRps: 0, costPerMillionTokensUsd: Number.NaN });
        continue;
      }
      const solverOptions = {
        ...(options.backend ? { backend: options.backend } : {}),
        ...(options.timeLimitSec ? { timeLimitSec: options.timeLimitSec } : {}),
        ...(options.mipGap ? { mipGap: options.mipGap } : {}),
        ...(steps ? { steps } : {}),
        capacityCache,
      };
      try {
        if (mode === 'iso-throughput') {
          // Same demand for every design; the power each needs is an outcome to compare, not a limit.
          const designed = applyDesign(scenario, design);
          const s = { ...designed, power: { ...designed.power, provisionedKW: Number.POSITIVE_INFINITY } };
          const { plan } = await repaired(async (derate) => ({ ...(await planScenario(s, { ...solverOptions, ...(derate ? { capacityDerate: derate } : {}) })), replayScenario: s }));
          const replayed = options.replay ? await replayDesign(s, plan, peak, 1, stepSource, stepModels, options.replaySeed) : undefined;
          results.push({ ...outcome(design, mode, plan, 1, peakRps, demandTokens(scenario)), ...(replayed ? { replay: replayed } : {}) });
          continue;
        }
        const s = applyDesign(peakScenario, design);
        if (mode === 'iso-cost' && budgetUsdPerHour === undefined) {
          // The reference design's spend at the scenario's own peak demand sets the budget for all.
          const { plan } = await repaired(async (derate) => ({ ...(await planScenario(s, { ...solverOptions, ...(derate ? { capacityDerate: derate } : {}) })), replayScenario: s }));
          budgetUsdPerHour = plan.totals.totalCostUsd / (s.horizon.windowHours * s.horizon.windows.length);
        }
        const hours = s.horizon.windowHours * s.horizon.windows.length;
        const budget = mode === 'iso-cost' ? { costBudgetUsd: (budgetUsdPerHour ?? 0) * hours } : {};
        // The highest scale is replayed at that scale: a correction lowers the scale the next round finds.
        const { plan, kept } = await repaired(async (derate) => {
          const best = await planMaxThroughput(s, { ...solverOptions, ...budget, ...(derate ? { capacityDerate: derate } : {}) });
          return { ...best, replayScenario: scaledDemand(s, best.scale) };
        });
        const scale = kept.scale;
        const replayed = options.replay ? await replayDesign(s, plan, 0, scale, stepSource, stepModels, options.replaySeed) : undefined;
        results.push({ ...outcome(design, mode, plan, scale, peakRps * scale, demandTokens(peakScenario, scale)), ...(replayed ? { replay: replayed } : {}) });
      } catch (err) {
        // The headline and the first explanation line (which window or class, by how much).
        const message = err instanceof Error ? err.message.split('\n').slice(0, 2).map((l) => l.trim().replace(/^- /, '')).join(': ') : String(err);
        results.push({ design, mode, error: message, scale: 0, peakThroughputRps: 0, costPerMillionTokensUsd: Number.NaN });
      }
    }
  } finally {
    await runner?.close();
  }
  progress('done', 1);
  return mode === 'iso-throughput' ? keepBestInside(scenario, results) : results;
}

/**
 * A design is never shown worse than a design inside its options that passes its replay for less: it
 * keeps that design's plan, and says so (its repair's corrections can cost more than a design's plain
 * capacity). For the design with every option of the scenario open (llmcap-free), inside means inside
 * the scenario's options; for a restricted one, that every plan of the other is one of its own
 * (designWithin.ts: DynamoLLM's ScaleShard may run SinglePool's plan). Iso-throughput only: there
 * every design meets the same demand, and the objective compares them. Plans kept are the designs'
 * own, never one kept in turn.
 */
function keepBestInside(scenario: Scenario, results: readonly DesignResult[]): DesignResult[] {
  const planned = results.filter((r) => r.plan !== undefined);
  return results.map((r) => {
    const plan = r.plan;
    if (!plan) return r;
    const free = isFree(r.design);
    const inside = planned.filter((c) => c !== r && (free ? beyondScenario(scenario, c.design).length === 0 : designWithin(scenario, c.design, r.design)));
    const better = inside.filter((c) => c.plan !== undefined && passesForLess(c.plan, plan)).sort((a, b) => (a.plan?.solve.objective ?? 0) - (b.plan?.solve.objective ?? 0))[0];
    if (!better?.plan) return r;
    const where = free ? "inside the scenario's options" : "inside this design's options";
    const note = `keeps ${better.design.name}'s plan: ${where}, it passes its replay at objective ${better.plan.solve.objective.toFixed(2)}, below this design's repaired ${plan.solve.objective.toFixed(2)}`;
    return { ...better, design: r.design, plan: asKeptDesign(better.plan, note), kept: note };
  });
}

/** Every option of the scenario open: no restriction of GPUs, roles, TP, clocks, caps, pools, budget, acquisition or holds. */
function isFree(d: Design): boolean {
  return d.gpus === undefined && d.roles === undefined && d.tp === undefined && d.clocks === 'scenario' && d.roleGpus === undefined && d.powerCap === undefined && d.pools === undefined && d.powerBudget === undefined && d.acquisition === undefined && d.hold === undefined;
}

/** GPU types the design uses (its own list and its roles') that the scenario's hardware does not list. */
export function unlistedGpus(scenario: Scenario, design: Design): GpuId[] {
  const wanted = [...(design.gpus ?? []), ...Object.values(design.roleGpus ?? {}).flatMap((l) => l ?? [])];
  return [...new Set(wanted)].filter((g) => !scenario.hardware.gpus.includes(g));
}

/** A design's plan through the repair loop, or planned once when the loop is off. */
async function repairedPlan<T extends LoopPlan>(planWith: PlanWithCorrections<T>, runner: SliceRunner | undefined, loop: { rounds: number; steps: StepSource; maxUtilization: number }): Promise<{ plan: Plan; kept: T }> {
  if (!runner) {
    const kept = await planWith(undefined);
    return { plan: kept.plan, kept };
  }
  const { plan, kept } = await repairLoop(planWith, { ...loop, runner });
  return { plan, kept };
}

/** The scenario at `scale` times its demand: what a max-throughput plan was made to carry. */
function scaledDemand(scenario: Scenario, scale: number): Scenario {
  return { ...scenario, demandRps: scenario.demandRps.map((d) => d.map((v) => v * scale)) };
}

function outcome(design: Design, mode: CompareMode, plan: Plan, scale: number, peakThroughputRps: number, tokens: number): DesignResult {
  return {
    design,
    mode,
    plan,
    scale,
    peakThroughputRps,
    costPerMillionTokensUsd: tokens > 0 ? (plan.totals.totalCostUsd / tokens) * 1e6 : Number.NaN,
  };
}
