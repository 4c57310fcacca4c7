/**
 * Stages 2 and 3: turn a schema-valid ScenarioFile into a resolved Scenario (defaults, units, catalog
 * references) and apply cross-field rules, collecting every problem before failing.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { getGpu, type GpuId, type ModelId, type Precision } from '../catalog/index.js';
import { PRESETS, type EngineSettings, type StackId } from '../profiles/index.js';
import type { ScenarioFile } from './schema.js';
import { Problems } from './problems.js';
import { resolveHorizon } from './resolveHorizon.js';
import { resolveSeries } from './resolveSeries.js';
import { checkScopeGroups, resolveServiceClasses } from './resolveClasses.js';
import { resolveServiceDemand } from './resolveDemand.js';
import { resolveGpuCosts, resolveGpuName, resolveHardware, resolveServerOverhead } from './resolveHardware.js';
import type { CappingPolicy, ObjectiveWeights, ReferenceConfig, RequestClass, Scenario, ScenarioFileRef, Service } from './types.js';
import { formatFieldPath, type FieldPath, type YamlSource } from './yamlSource.js';
import { precisionsOn } from './precisionsOn.js';
import { DEFAULT_PARTITION, normalizePartition } from './poolRules.js';

/** Defaults used when a scenario leaves a field out; README.md lists them. */
export const SCENARIO_DEFAULTS = {
  electricityUsdPerKWh: 0.1,
  carbonGPerKWh: 400,
  pue: 1.0,
  maxUtilization: 0.9,
  /** Off until the corrections converge on mixed pools (issue 18: they can move a class onto a config the model is as wrong about). */
  repairRounds: 3,
  referenceGpu: 'H100-80GB' as GpuId,
  referenceTp: 8,
  timeLimitSec: 60,
  mipGap: 0.01,
  windowGap: 0.005,
  /** POLCA (arXiv:2308.12908): T1 = 80 % → A100 1275/1410 MHz ≈ 0.90; T2 = 89 % → 1110/1410 ≈ 0.79; 5 % hysteresis. */
  cappingLevels: [
    { atFraction: 0.8, clockFraction: 0.9 },
    { atFraction: 0.89, clockFraction: 0.79 },
  ],
  cappingHysteresis: 0.05,
  /** In-band clock control (nvidia-smi) acts within seconds; POLCA's out-of-band path takes up to 40 s. */
  cappingDelayS: 5,
  /** DynamoLLM §III-D: a new instance takes minutes unless pre-created; we assume pre-staged weights. */
  instanceStartS: 60,
  /** DynamoLLM §IV-C: re-sharding over NVLink ≈ 50 ms; a clock change 50–80 ms. */
  reshardS: 0.05,
  clockChangeMs: 65,
  /**
   * Prompt tokens per prefill pass: vLLM's default max_num_batched_tokens for 4k-context models
   * (max(max_model_len, 2048)); Splitwise (§4.1, Insight IV) finds prefill throughput flat beyond
   * ~2048 batched tokens, so larger passes gain nothing.
   */
  prefillTokenBudget: 4096,
  seed: 1,
  governorPeriodS: 5,
} as const;

export function resolveScenario(file: ScenarioFile, source: YamlSource): Scenario {
  const problems = new Problems(source);
  const horizon = resolveHorizon(file, problems);
  const calibration = file.hardware.calibration === undefined ? [] : Array.isArray(file.hardware.calibration)
    ? file.hardware.calibration.map((given, i) => fileRef(given, ['hardware', 'calibration', i], source))
    : [fileRef(file.hardware.calibration, ['hardware', 'calibration'], source)];
  const hardware: Scenario['hardware'] = { ...resolveHardware(file, problems), calibration };
  const engines = resolveEngines(file, hardware.stacks);

  const services: Service[] = [];
  const classes: RequestClass[] = [];
  const demandRps: Float64Array[] = [];
  const serviceNames = new Set<string>();
  file.services.forEach((svc, i) => {
    if (serviceNames.has(svc.name)) {
      problems.add(['services', i, 'name'], `duplicate service name '${svc.name}'`, 'give every service its own name');
    }
    serviceNames.add(svc.name);
    const reference = referenceResolver(svc.slo.reference, ['services', i, 'slo', 'reference'], hardware, problems);
    const { model, classes: svcClasses } = resolveServiceClasses(svc, i, reference, problems);
    const rates = resolveServiceDemand(svc.demand, svcClasses, horizon.windows, ['services', i, 'demand'], problems);
    if (model) services.push({ name: svc.name, model, classIds: svcClasses.map((c) => c.id) });
    classes.push(...svcClasses);
    demandRps.push(...rates);
  });

  checkScopeGroups(classes, problems);
  if (hardware.roles.includes('prefill') !== hardware.roles.includes('decode')) {
    problems.add(['hardware', 'roles'], 'a phase split needs both prefill and decode roles', "list both 'prefill' and 'decode' (and optionally 'mixed')");
  }
  const costs = resolveGpuCosts(file, hardware.gpus, problems);
  const prices: Scenario['prices'] = {
    ...costs,
    electricityUsdPerKWh: resolveSeries(file.prices?.electricityUsdPerKWh, SCENARIO_DEFAULTS.electricityUsdPerKWh, horizon.windows, ['prices', 'electricityUsdPerKWh'], problems),
    carbonGPerKWh: resolveSeries(file.prices?.carbonGPerKWh, SCENARIO_DEFAULTS.carbonGPerKWh, horizon.windows, ['prices', 'carbonGPerKWh'], problems),
    carbonUsdPerTon: file.prices?.carbonUsdPerTon ?? 0,
  };
  const power: Scenario['power'] = {
    provisionedKW: file.power?.provisionedKW ?? Number.POSITIVE_INFINITY,
    pue: file.power?.pue ?? SCENARIO_DEFAULTS.pue,
    serverOverheadW: resolveServerOverhead(file, hardware.gpus, problems),
    capping: resolveCapping(file.power?.capping, problems),
    idleServers: file.power?.idleServers ?? 'on',
    budgetBasis: file.power?.budgetBasis ?? 'predicted-peak',
  };
  const gapQuantiles = resolveGapQuantiles(file.simulation, problems);
  problems.throwIfAny();
  return {
    name: file.name,
    description: file.description ?? '',
    file: source.file,
    horizon,
    services,
    classes,
    demandRps,
    hardware,
    prices,
    power,
    reconfiguration: {
      instanceStartS: file.reconfiguration?.instanceStartS ?? SCENARIO_DEFAULTS.instanceStartS,
      reshardS: file.reconfiguration?.reshardS ?? SCENARIO_DEFAULTS.reshardS,
      clockChangeMs: file.reconfiguration?.clockChangeMs ?? SCENARIO_DEFAULTS.clockChangeMs,
      gpuStartCostUsd: file.reconfiguration?.gpuStartCostUsd ?? 0,
      maxGpuStartsPerWindow: file.reconfiguration?.maxGpuStartsPerWindow ?? Number.POSITIVE_INFINITY,
    },
    simulation: {
      seed: file.simulation?.seed ?? SCENARIO_DEFAULTS.seed,
      arrivals: file.simulation?.arrivals ?? 'poisson',
      burstiness: file.simulation?.burstiness ?? 1,
      ...gapQuantiles,
      router: file.simulation?.router ?? 'jsq',
      predictorAccuracy: file.simulation?.predictorAccuracy ?? 1,
      governor: file.simulation?.governor ?? 'fixed',
      governorPeriodS: file.simulation?.governorPeriodS ?? SCENARIO_DEFAULTS.governorPeriodS,
      maxBatch: (engines[hardware.stacks[0] as StackId] as EngineSettings).maxBatch,
      chunkedPrefill: (engines[hardware.stacks[0] as StackId] as EngineSettings).chunkedPrefill,
      engines,
      prefillTokenBudget: file.simulation?.prefillTokenBudget ?? SCENARIO_DEFAULTS.prefillTokenBudget,
      overflow: file.simulation?.overflow ?? false,
    },
    planning: {
      maxUtilization: file.planning?.maxUtilization ?? SCENARIO_DEFAULTS.maxUtilization,
      ...(file.planning?.pointMissBudget !== undefined ? { pointMissBudget: file.planning.pointMissBudget } : {}),
      pools: normalizePartition(file.planning?.pools ?? DEFAULT_PARTITION),
      repairRounds: file.planning?.repairRounds ?? SCENARIO_DEFAULTS.repairRounds,
      ...(file.planning?.fixPools !== undefined ? { fixPools: fileRef(file.planning.fixPools, ['planning', 'fixPools'], source) } : {}),
    },
    objective: resolveObjective(file.objective),
    solver: {
      backend: file.solver?.backend ?? 'highs',
      timeLimitSec: file.solver?.timeLimitSec ?? SCENARIO_DEFAULTS.timeLimitSec,
      mipGap: file.solver?.mipGap ?? SCENARIO_DEFAULTS.mipGap,
      windowGap: file.solver?.windowGap ?? SCENARIO_DEFAULTS.windowGap,
    },
  };
}

function referenceResolver(
  ref: ScenarioFile['services'][number]['slo']['reference'],
  path: readonly (string | number)[],
  hardware: Scenario['hardware'],
  problems: Problems,
): (model: ModelId) => ReferenceConfig | undefined {
  const gpu = ref ? resolveGpuName(ref.gpu, [...path, 'gpu'], problems) : SCENARIO_DEFAULTS.referenceGpu;
  if (!gpu) return () => undefined;
  const spec = getGpu(gpu);
  const clockMHz = ref?.clockMHz ?? spec.clockMHz.max.value;
  if (clockMHz > spec.clockMHz.max.value || clockMHz < spec.clockMHz.min.value) {
    problems.add([...path, 'clockMHz'], `${clockMHz} MHz is outside ${gpu}'s range`, `use ${spec.clockMHz.min.value}–${spec.clockMHz.max.value} MHz`);
  }
  const tp = ref?.tp ?? SCENARIO_DEFAULTS.referenceTp;
  // Slowdowns are relative to the scenario's own first stack, at the first precision the reference GPU
  // runs (bf16 where it runs none of hardware.precisions, as its configs would).
  const stack = hardware.stacks[0] ?? 'vllm-2023';
  const precision: Precision = precisionsOn(gpu, hardware.precisions)[0] ?? 'bf16';
  return () => ({ gpu, tp, clockMHz, stack, precision });
}

/** Each listed preset's engine settings, the scenario's simulation overrides applied. */
function resolveEngines(file: ScenarioFile, stacks: readonly StackId[]): Partial<Record<StackId, EngineSettings>> {
  const sim = file.simulation;
  return Object.fromEntries(
    stacks.map((stack) => {
      const preset = PRESETS[stack].engine;
      return [stack, {
        chunkedPrefill: sim?.chunkedPrefill ?? preset.chunkedPrefill,
        chunkTokens: sim?.chunkTokens ?? preset.chunkTokens,
        maxBatch: sim?.maxBatch ?? preset.maxBatch,
      }];
    }),
  );
}

/** Objective weights per unit; a tiny cost weight breaks ties in energy and carbon objectives. */
export function resolveObjective(objective: ScenarioFile['objective']): { name: string; weights: ObjectiveWeights } {
  const tieBreak = 1e-6;
  if (objective === undefined || objective === 'cost') return { name: 'cost', weights: { costUsd: 1, energyKWh: 0, carbonKg: 0 } };
  if (objective === 'energy') return { name: 'energy', weights: { costUsd: tieBreak, energyKWh: 1, carbonKg: 0 } };
  if (objective === 'carbon') return { name: 'carbon', weights: { costUsd: tieBreak, energyKWh: 0, carbonKg: 1 } };
  return {
    name: 'weighted',
    weights: { costUsd: objective.cost ?? 0, energyKWh: objective.energy ?? 0, carbonKg: objective.carbon ?? 0 },
  };
}

/** Empirical arrivals' gap quantiles: present exactly when they are used, probabilities from 0 to 1 rising, gaps not falling. */
function resolveGapQuantiles(simulation: ScenarioFile['simulation'], problems: Problems): { gapQuantiles?: readonly (readonly [number, number])[] } {
  const q = simulation?.gapQuantiles;
  if (simulation?.arrivals === 'empirical' && !q) {
    problems.add(['simulation', 'arrivals'], 'empirical arrivals need the gaps\' quantiles', 'add simulation.gapQuantiles ([probability, gap over the mean] pairs; `llmcap trace fit --arrivals empirical` writes them) or use arrivals: gamma');
  }
  if (!q) return {};
  const bad = q.findIndex(([p, g], i) => {
    const prev = q[i - 1];
    return prev ? !(p > prev[0] && g >= prev[1]) : p !== 0;
  });
  if (bad >= 0 || q[q.length - 1]?.[0] !== 1) {
    problems.add(['simulation', 'gapQuantiles', Math.max(0, bad >= 0 ? bad : q.length - 1)], 'the probabilities must rise from 0 to 1 and the gaps must not fall', 'list [probability, gap] pairs in order, the first at probability 0 and the last at 1');
  }
  return { gapQuantiles: q.map(([p, g]) => [p, g] as const) };
}

function resolveCapping(capping: NonNullable<ScenarioFile['power']>['capping'], problems: Problems): CappingPolicy {
  const levels = [...(capping?.levels ?? SCENARIO_DEFAULTS.cappingLevels)];
  levels.forEach((level, i) => {
    const prev = levels[i - 1];
    if (prev && (level.atFraction <= prev.atFraction || level.clockFraction > prev.clockFraction)) {
      problems.add(['power', 'capping', 'levels', i], 'levels must have rising thresholds and falling clocks', 'order the levels by atFraction, each with a lower clockFraction than the one before');
    }
  });
  return {
    levels,
    releaseHysteresis: capping?.releaseHysteresis ?? SCENARIO_DEFAULTS.cappingHysteresis,
    controlDelayS: capping?.controlDelayS ?? SCENARIO_DEFAULTS.cappingDelayS,
    maxCappedShare: capping?.maxCappedShare ?? 1,
  };
}

/** A path the scenario names, resolved against the scenario file's directory (no file is read here). */
function fileRef(given: string, at: FieldPath, source: YamlSource): ScenarioFileRef {
  const { line } = source.locate(at);
  return { given, path: isAbsolute(given) ? given : join(dirname(source.file), given), field: formatFieldPath(at), ...(line !== undefined ? { line } : {}) };
}
