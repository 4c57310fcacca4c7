/** All candidate configs of a scenario and their per-class SLO capacity and power. */
import { getGpu } from '../catalog/index.js';
import { analyticStepModel, DEFAULT_STACK, PRESETS, type EngineSettings, type StackId, type StepModel } from '../profiles/index.js';
import { precisionsOn, type FixedPartition, type RequestClass, type Scenario } from '../scenario/index.js';
import { CapacityCache } from './capacityCache.js';
import { configPoint } from './configPoint.js';
import { kvCapacityTokens } from './kvMemory.js';
import { partitionsOf } from '../scenario/index.js';
import { poolSharers, stallSensitiveClass } from './poolPartition.js';
import { sloTargetsMs } from './sloTargets.js';
import { MISS_MULTIPLES, missBudgetGroup, relaxedClass } from './missLevels.js';
import type { TtftJudged } from './ttftSharers.js';
import type { CapacityTable, ClassCapacity, Config, ConfigPower, SloTargetsMs } from './types.js';

/** The config's name; a preset and precision other than the defaults (vllm-2023, bf16) are appended. */
export function configId(c: Omit<Config, 'id'>): string {
  const stack = c.stack !== undefined && c.stack !== DEFAULT_STACK ? `/${c.stack}` : '';
  const precision = c.precision !== undefined && c.precision !== 'bf16' ? `/${c.precision}` : '';
  return `${c.model}/${c.gpu}/tp${c.tp}/${c.clockMHz}/${c.role}${c.powerCapW !== undefined ? `/cap${Math.round(c.powerCapW)}W` : ''}${stack}${precision}`;
}

/** The engine settings a config's preset runs with in this scenario (its overrides applied). */
export function engineOf(scenario: Scenario, stack: StackId = DEFAULT_STACK): EngineSettings {
  return scenario.simulation.engines[stack] ?? PRESETS[stack].engine;
}

/**
 * Every (model, GPU, TP, clock, role, preset, precision) the scenario allows whose weights fit in the TP
 * GPUs' memory. A GPU's precisions are those of hardware.precisions it runs, or bf16 if it runs none.
 */
export function candidateConfigs(scenario: Scenario): Config[] {
  const models = [...new Set(scenario.services.map((s) => s.model))];
  const configs: Config[] = [];
  for (const model of models) {
    for (const gpu of scenario.hardware.gpus) {
      const perServer = getGpu(gpu).server.gpusPerServer.value;
      for (const tp of scenario.hardware.tp) {
        if (tp > perServer) continue; // an instance lives inside one server
        for (const clockMHz of scenario.hardware.clocksMHz[gpu] ?? []) {
          for (const role of scenario.hardware.roles) {
            const allowed = scenario.hardware.roleGpus[role];
            if (allowed && !allowed.includes(gpu)) continue;
            const capFraction = scenario.hardware.powerCapFraction[role];
            for (const stack of scenario.hardware.stacks) {
              for (const precision of precisionsOn(gpu, scenario.hardware.precisions)) {
                const c = {
                  model, gpu, tp, clockMHz, role,
                  ...(capFraction !== undefined ? { powerCapW: capFraction * getGpu(gpu).tdpW.value } : {}),
                  ...(stack !== DEFAULT_STACK ? { stack } : {}),
                  ...(precision !== 'bf16' ? { precision } : {}),
                };
                const config = { ...c, id: configId(c) };
                if (kvCapacityTokens(config) > 0) configs.push(config);
              }
            }
          }
        }
      }
    }
  }
  return configs;
}

/**
 * The capacity of every candidate config for every class of its model. Rows come from `cache` when
 * an earlier table over the same step model computed them (pass one cache to tables that share rows).
 */
export function buildCapacityTable(scenario: Scenario, steps: StepModel = analyticStepModel, cache: CapacityCache = new CapacityCache(), only?: (config: Config) => boolean): CapacityTable {
  const configs = candidateConfigs(scenario);
  // `only`: rows for these configs alone (`llmcap capacity --gpu … --tp …` asks for a few of a week's 165); `configs` still lists every candidate.
  // A class the sharer rule keeps off every config is decided over all of them: not for a few configs alone.
  const { power, all, sloTargets, partitionRows } = tableRows(scenario, steps, cache, only ? configs.filter(only) : configs, only === undefined);
  return { configs, power, rows: all.filter((r) => r.maxRps > 0), all, sloTargets, ...(partitionRows ? { partitionRows } : {}) };
}

/** Capacity rows as one thread hands them to another: (key, row) pairs of one step model (rows are plain values). */
export type CapacityRows = readonly (readonly [string, ClassCapacity])[];

/**
 * The rows of every `parts`-th candidate config of the scenario, from the `part`-th: threads that
 * will plan the same scenario split its capacity table between them, then share the rows
 * (CapacityCache.add).
 */
export function capacityRowsShare(scenario: Scenario, steps: StepModel, part: number, parts: number): CapacityRows {
  const own = new CapacityCache();
  // Every row computed lands in `own`, the other partitions' rows of `optimize` too.
  tableRows(scenario, steps, own, candidateConfigs(scenario).filter((_, i) => i % parts === part));
  return own.entries(steps);
}

/**
 * The rows under the scenario's partition; with `optimize`, by-input-bin's rows, and each other
 * rule's rows for the configs where that rule's sharing changes what a row is computed from (the
 * stall-sensitive class or the TTFT sharers of some class): elsewhere its pools have by-input-bin's
 * capacities, and nothing is computed again.
 */
function tableRows(scenario: Scenario, steps: StepModel, cache: CapacityCache, configs: readonly Config[], keepStranded = false): ReturnType<typeof capacityRows> & { partitionRows?: Map<FixedPartition, Map<string, ClassCapacity[]>> } {
  const [basis, ...others] = partitionsOf(scenario.planning.pools) as [FixedPartition, ...FixedPartition[]];
  const baseRules = sharingRules(scenario, basis);
  const base = capacityRows(scenario, steps, cache, configs, baseRules, keepStranded);
  if (others.length === 0) return base;
  const partitionRows = new Map<FixedPartition, Map<string, ClassCapacity[]>>();
  for (const partition of others) {
    const rules = sharingRules(scenario, partition);
    const differing = configs.filter((c) => ruleInputs(scenario, rules, c) !== ruleInputs(scenario, baseRules, c));
    const byConfig = new Map<string, ClassCapacity[]>(differing.map((c) => [c.id, []]));
    for (const row of capacityRows(scenario, steps, cache, differing, rules).all) if (row.maxRps > 0) byConfig.get(row.configId)?.push(row);
    partitionRows.set(partition, byConfig);
  }
  return { ...base, partitionRows };
}

/** Which classes a class's capacity row is judged with, under one partition (poolPartition.ts). */
interface SharingRules {
  /** The stall-sensitive class of a mixed (and prefill) pool, by class id. */
  readonly sensitive: ReadonlyMap<string, RequestClass>;
  readonly decodeSensitive: ReadonlyMap<string, RequestClass>;
  /** The TTFT sharers in a mixed pool, by class id. */
  readonly sharers: ReadonlyMap<string, RequestClass[]>;
  /** The TTFT sharers in a prompt machine's pool, by class id. */
  readonly promptSharers: ReadonlyMap<string, RequestClass[]>;
}

function sharingRules(scenario: Scenario, partition: FixedPartition): SharingRules {
  const classes = scenario.classes;
  return {
    sensitive: new Map(classes.map((c) => [c.id, stallSensitiveClass(partition, classes, c)])),
    decodeSensitive: new Map(classes.map((c) => [c.id, stallSensitiveClass(partition, classes, c, 'decode')])),
    sharers: new Map(classes.map((c) => [c.id, poolSharers(partition, classes, c)])),
    promptSharers: new Map(classes.map((c) => [c.id, poolSharers(partition, classes, c, 'prefill')])),
  };
}

/** What a config's rows read from the sharing rules, as text: two partitions with equal texts give the config equal rows. */
function ruleInputs(scenario: Scenario, rules: SharingRules, config: Config): string {
  const ids = (cs: readonly RequestClass[] | undefined) => (cs ?? []).map((c) => c.id);
  return JSON.stringify(
    scenario.classes
      .filter((c) => c.model === config.model)
      .map((c) => {
        if (config.role === 'decode') return [rules.decodeSensitive.get(c.id)?.id];
        // A prompt machine has no decode batch to stall: its rows read the TTFT sharers only.
        if (config.role === 'prefill') return [ids(rules.promptSharers.get(c.id))];
        return [rules.sensitive.get(c.id)?.id, ids(rules.sharers.get(c.id))];
      }),
  );
}

function capacityRows(scenario: Scenario, steps: StepModel, cache: CapacityCache, configs: readonly Config[], rules: SharingRules, keepStranded = false): { power: Map<string, ConfigPower>; all: ClassCapacity[]; sloTargets: Map<string, SloTargetsMs> } {
  const sloTargets = new Map<string, SloTargetsMs>(scenario.classes.map((c) => [c.id, sloTargetsMs(c, steps)]));
  const power = new Map<string, ConfigPower>();
  const all: ClassCapacity[] = [];
  const { sensitive, decodeSensitive, sharers, promptSharers } = rules;
  const judged = (c: RequestClass): TtftJudged[] => (sloTargets.get(c.id) as SloTargetsMs).ttftTargets.map((t) => ({ percentile: t.percentile, byPrompt: t.byPrompt }));
  /** Each mixed config's rows again, with these classes never kept off it (the stranded pass below). */
  const mixedRowsKeeping: { config: Config; rowsKeeping: (keep: ReadonlySet<string>) => ClassCapacity[] }[] = [];
  for (const config of configs) {
    const point = configPoint(config);
    power.set(config.id, { idleW: steps.idlePowerW(point), prefillW: steps.prefill(point, 2048).powerW });
    const classes = scenario.classes.filter((c) => c.model === config.model);
    const engine = engineOf(scenario, config.stack);
    const row = (cls: RequestClass, judgedSharers: readonly RequestClass[], holdsAt?: number): ClassCapacity =>
      cache.classCapacity(
        { config, cls, slo: sloTargets.get(cls.id) as SloTargetsMs, steps },
        {
          chunkedPrefill: engine.chunkedPrefill,
          chunkTokens: engine.chunkTokens,
          maxBatch: engine.maxBatch,
          sensitiveClass: (config.role === 'decode' ? decodeSensitive : sensitive).get(cls.id) as RequestClass,
          ttftSharers: judgedSharers.flatMap(judged),
          ...(holdsAt !== undefined ? { holdsAt } : {}),
        },
      );
    // Mixed instances (chunked or not) keep a class whose TTFT would gut its sharers' capacity off
    // the config; a prompt machine holds every
    // sharer's TTFT with no such exclusion: a design whose one prompt config would exclude a class
    // (Splitwise-AA's DGX-A100 and conversation/ML) would have no plan at all, and a prompt pool's
    // sharers are one service's bin, whose targets are alike.
    if (config.role === 'prefill') all.push(...classes.map((c) => row(c, promptSharers.get(c.id) ?? [])));
    else if (config.role === 'mixed') {
      const rowsKeeping = (keep: ReadonlySet<string>) => withMissLevels(compatibleRows(classes, (c) => sharers.get(c.id) ?? [], row, keep), classes, (c) => sharers.get(c.id) ?? []);
      all.push(...rowsKeeping(new Set()));
      mixedRowsKeeping.push({ config, rowsKeeping });
    }
    else all.push(...classes.map((c) => row(c, [])));
  }
  /**
   * Mixed rows of classes with a pooled scope get their capacity at each miss level (missLevels.ts),
   * holding every sharer's TTFT (conservative where the base row left an excluded sharer out).
   */
  function withMissLevels(rows: ClassCapacity[], classes: readonly RequestClass[], sharersOf: (c: RequestClass) => readonly RequestClass[]): ClassCapacity[] {
    return rows.map((r, i) => {
      const cls = classes[i] as RequestClass;
      if (!(r.maxRps > 0) || missBudgetGroup(cls) === undefined) return r;
      const config = configs.find((c) => c.id === r.configId) as Config;
      const engine = engineOf(scenario, config.stack);
      const missLevels = MISS_MULTIPLES.flatMap((missMultiple) => {
        const relaxed = relaxedClass(cls, missMultiple);
        if (!relaxed) return [];
        const level = cache.classCapacity(
          { config, cls: relaxed, slo: sloTargetsMs(relaxed, steps), steps },
          { chunkedPrefill: engine.chunkedPrefill, chunkTokens: engine.chunkTokens, maxBatch: engine.maxBatch, sensitiveClass: sensitive.get(cls.id) as RequestClass, ttftSharers: sharersOf(cls).flatMap(judged) },
        );
        return level.maxRps > 0 ? [{ missMultiple, maxRps: level.maxRps }] : [];
      });
      return missLevels.length > 0 ? { ...r, missLevels } : r;
    });
  }
  // Keeping a class off a config for its sharers' sake presumes it has another config. A class kept off
  // every config that could serve it (a single-config design such as SinglePool, or a stack on which
  // every config's pools mix it with much looser targets) stays on them instead, and the classes it
  // would share them with hold its TTFT: a small capacity, which the plan can still buy.
  if (keepStranded) {
    const served = new Set(all.filter((r) => r.maxRps > 0).map((r) => r.classId));
    const stranded = new Set(all.filter((r) => r.binding === 'ttft-sharers' && !served.has(r.classId)).map((r) => r.classId));
    if (stranded.size > 0) {
      for (const { config, rowsKeeping } of mixedRowsKeeping) {
        if (!all.some((r) => r.configId === config.id && r.binding === 'ttft-sharers' && stranded.has(r.classId))) continue;
        const again = new Map(rowsKeeping(stranded).map((r) => [r.classId, r]));
        all.forEach((r, i) => {
          if (r.configId === config.id) all[i] = again.get(r.classId) ?? r;
        });
      }
    }
  }
  return { power, all, sloTargets };
}


/**
 * A sharer whose TTFT would cut another class's capacity on a config below this share of what that
 * class has without it is kept off the config's pools instead (the compatibility choice below).
 */
export const SHARER_CUT = 0.5;

/**
 * The rows of one config's classes, each holding the TTFT of the classes that may share its pools
 * (ttftSharers.ts). A class whose TTFT is so tight on this config that it would cut a sharer's
 * capacity below SHARER_CUT of its own (a short-prompt class with a slowdown target on a slow config,
 * which any decode iteration makes miss) could only ever serve a trickle here while costing its
 * sharers most of theirs: it gets no capacity on the config ('ttft-sharers'), and they need not
 * hold its TTFT. Either way the linear pool form stays honest: every class a pool may hold is
 * protected by every other's coefficient.
 */
export function compatibleRows(
  classes: readonly RequestClass[],
  sharersOf: (c: RequestClass) => readonly RequestClass[],
  row: (cls: RequestClass, judgedSharers: readonly RequestClass[], holdsAt?: number) => ClassCapacity,
  /** Classes never kept off the config (they have no other). */
  keep: ReadonlySet<string> = new Set(),
): ClassCapacity[] {
  // Every class with every sharer first (sharers that miss unloaded are left out by the model itself).
  const combined = new Map(classes.map((c) => [c.id, row(c, sharersOf(c))]));
  const excluded = new Set<string>();
  for (const c of classes) {
    const cut = combined.get(c.id)?.maxRps ?? 0;
    const candidates = sharersOf(c);
    if (candidates.length === 0) continue;
    // The sharers cost it less than SHARER_CUT of its capacity alone when it cannot hold cut / SHARER_CUT alone (one check).
    if (cut > 0 && row(c, [], cut / SHARER_CUT).maxRps === 0) continue;
    const own = row(c, []).maxRps;
    if (!(own > 0)) continue;
    for (const v of candidates) if (!keep.has(v.id) && row(c, [v], SHARER_CUT * own).maxRps === 0) excluded.add(v.id);
  }
  return classes.map((c) => {
    const first = combined.get(c.id) as ClassCapacity;
    if (excluded.has(c.id)) return { ...first, maxRps: 0, binding: 'ttft-sharers', batchAtCapacity: 0, powerAtCapacityW: 0, powerAtLowLoadW: 0 };
    const all = sharersOf(c);
    const kept = all.filter((v) => !excluded.has(v.id));
    return kept.length === all.length ? first : row(c, kept);
  });
}
