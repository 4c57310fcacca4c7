/** All candidate configs of a scenario and their per-class SLO capacity and power. */
import { getGpu, supportsPrecision } from '../catalog/index.js';
import { analyticStepModel, DEFAULT_STACK, PRESETS, type EngineSettings, type StackId, type StepModel } from '../profiles/index.js';
import type { RequestClass, Scenario } from '../scenario/index.js';
import { CapacityCache } from './capacityCache.js';
import { configPoint } from './configPoint.js';
import { kvCapacityTokens } from './kvMemory.js';
import { poolSharers, stallSensitiveClass } from './poolPartition.js';
import { sloTargetsMs } from './sloTargets.js';
import type { MixedOptions } from './mixedCapacity.js';
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

/** Every (model, GPU, TP, clock, role, preset, precision) the scenario allows whose weights fit in the TP GPUs' memory. */
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
              for (const precision of scenario.hardware.precisions) {
                if (!supportsPrecision(getGpu(gpu), precision)) continue;
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
export function buildCapacityTable(scenario: Scenario, steps: StepModel = analyticStepModel, cache: CapacityCache = new CapacityCache()): CapacityTable {
  const configs = candidateConfigs(scenario);
  const sloTargets = new Map<string, SloTargetsMs>(scenario.classes.map((c) => [c.id, sloTargetsMs(c, steps)]));
  const power = new Map<string, ConfigPower>();
  const all: ClassCapacity[] = [];
  const sensitive = new Map(scenario.classes.map((c) => [c.id, stallSensitiveClass(scenario.planning.pools, scenario.classes, c)]));
  const ttftSharers = new Map(
    scenario.classes.map((c) => [
      c.id,
      poolSharers(scenario.planning.pools, scenario.classes, c).flatMap((o) => (sloTargets.get(o.id) as SloTargetsMs).ttftTargets.map((t) => ({ percentile: t.percentile, byPrompt: t.byPrompt }))),
    ]),
  );
  for (const config of configs) {
    const point = configPoint(config);
    power.set(config.id, { idleW: steps.idlePowerW(point), prefillW: steps.prefill(point, 2048).powerW });
    for (const cls of scenario.classes) {
      if (cls.model !== config.model) continue;
      const engine = engineOf(scenario, config.stack);
      const options: MixedOptions = {
        chunkedPrefill: engine.chunkedPrefill,
        chunkTokens: engine.chunkTokens,
        maxBatch: engine.maxBatch,
        sensitiveClass: sensitive.get(cls.id) as RequestClass,
        ttftSharers: ttftSharers.get(cls.id) ?? [],
      };
      all.push(cache.classCapacity({ config, cls, slo: sloTargets.get(cls.id) as SloTargetsMs, steps }, options));
    }
  }
  return { configs, power, rows: all.filter((r) => r.maxRps > 0), all, sloTargets };
}

