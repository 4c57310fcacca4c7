/** All candidate configs of a scenario and their per-class SLO capacity and power. */
import { getGpu } from '../catalog/index.js';
import { analyticStepModel, type StepModel } from '../profiles/index.js';
import type { Scenario } from '../scenario/index.js';
import { classCapacity } from './classCapacity.js';
import { configPoint } from './configPoint.js';
import { kvCapacityTokens } from './kvMemory.js';
import { sloTargetsMs } from './sloTargets.js';
import type { MixedOptions } from './mixedCapacity.js';
import type { ProfileConfig } from './profileConfig.js';
import type { CapacityTable, ClassCapacity, Config, ConfigPower, SloTargetsMs } from './types.js';

export function configId(c: Omit<Config, 'id'>): string {
  return `${c.model}/${c.gpu}/tp${c.tp}/${c.clockMHz}/${c.role}${c.powerCapW !== undefined ? `/cap${Math.round(c.powerCapW)}W` : ''}`;
}

/** Every (model, GPU, TP, clock, role) the scenario allows whose weights fit in the TP GPUs' memory. */
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
            const c = { model, gpu, tp, clockMHz, role, ...(capFraction !== undefined ? { powerCapW: capFraction * getGpu(gpu).tdpW.value } : {}) };
            const config = { ...c, id: configId(c) };
            if (kvCapacityTokens(config) > 0) configs.push(config);
          }
        }
      }
    }
  }
  return configs;
}

/** Rows kept per step model before the memo starts over (a week scenario has about 3,000). */
const MEMO_ROWS = 50_000;
const memo = new WeakMap<StepModel, Map<string, ClassCapacity>>();

/**
 * classCapacity, memoized on everything it reads: one plan builds the table for its own design and
 * again for the SinglePool baseline, and compare builds it per design, over the same rows.
 */
function memoizedClassCapacity(args: ProfileConfig, options: MixedOptions): ClassCapacity {
  const [config, cls, slo, steps] = args;
  const sensitive = options.sensitiveClass;
  const key = JSON.stringify([config, cls.model, cls.id, cls.input, cls.output, cls.inputRange, cls.outputRange, slo, options.chunkedPrefill ?? false, options.maxBatch ?? null, sensitive ? [sensitive.output, sensitive.outputRange] : null]);
  let rows = memo.get(steps);
  if (!rows || rows.size > MEMO_ROWS) {
    rows = new Map();
    memo.set(steps, rows);
  }
  let row = rows.get(key);
  if (row === undefined) {
    row = classCapacity(args, options);
    rows.set(key, row);
  }
  return row;
}

export function buildCapacityTable(scenario: Scenario, steps: StepModel = analyticStepModel): CapacityTable {
  const configs = candidateConfigs(scenario);
  const sloTargets = new Map<string, SloTargetsMs>(scenario.classes.map((c) => [c.id, sloTargetsMs(c, steps)]));
  const power = new Map<string, ConfigPower>();
  const all: ClassCapacity[] = [];
  // The classes a mixed pool may mix (formulation/planningData: one input bin, or any of the model's):
  // the shortest outputs among them set how much a prefill stall costs everyone in the pool.
  const sharesPool = (a: (typeof scenario.classes)[number], b: (typeof scenario.classes)[number]) =>
    a.model === b.model && (scenario.planning.pools === 'shared' || (a.inputRange[0] === b.inputRange[0] && a.inputRange[1] === b.inputRange[1]));
  const sensitiveClass = new Map(
    scenario.classes.map((c) => [c.id, scenario.classes.filter((o) => sharesPool(c, o) && o.share > 0).reduce((a, b) => (b.output.mean < a.output.mean ? b : a), c)]),
  );
  for (const config of configs) {
    const point = configPoint(config);
    power.set(config.id, { idleW: steps.idlePowerW(point), prefillW: steps.prefill(point, 2048).powerW });
    for (const cls of scenario.classes) {
      if (cls.model !== config.model) continue;
      const options: MixedOptions = {
        chunkedPrefill: scenario.simulation.chunkedPrefill,
        maxBatch: scenario.simulation.maxBatch,
        ...(scenario.planning.pools === 'per-class' ? {} : { sensitiveClass: sensitiveClass.get(cls.id) }),
      };
      all.push(memoizedClassCapacity([config, cls, sloTargets.get(cls.id) as SloTargetsMs, steps], options));
    }
  }
  return { configs, power, rows: all.filter((r) => r.maxRps > 0), all, sloTargets };
}
