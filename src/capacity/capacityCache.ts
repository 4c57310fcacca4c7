/**
 * Capacity rows computed once and reused: one plan builds the table for its own design and again
 * for the SinglePool baseline, and compare builds it per design, over many of the same rows. The
 * caller owns the cache and passes it on (planScenario, compare, the benchmarks); no state is kept
 * between calls that do not share one.
 */
import type { StepModel } from '../profiles/index.js';
import { classCapacity } from './classCapacity.js';
import type { MixedOptions } from './mixedCapacity.js';
import type { ProfileConfig } from './profileConfig.js';
import type { ClassCapacity } from './types.js';

/** Rows kept per step model before the cache starts over (a week scenario has about 3,000). */
const MAX_ROWS = 50_000;

export class CapacityCache {
  private readonly byStepModel = new Map<StepModel, Map<string, ClassCapacity>>();

  /** classCapacity, computed at most once for the same inputs and step model. */
  classCapacity(args: ProfileConfig, options: MixedOptions): ClassCapacity {
    let rows = this.byStepModel.get(args.steps);
    if (!rows || rows.size > MAX_ROWS) {
      rows = new Map();
      this.byStepModel.set(args.steps, rows);
    }
    const key = rowKey(args, options);
    let row = rows.get(key);
    if (row === undefined) {
      row = classCapacity(args, options);
      rows.set(key, row);
    }
    return row;
  }

  /** The rows computed with `steps`, by key: for another thread's cache (rows are plain values). */
  entries(steps: StepModel): [string, ClassCapacity][] {
    return [...(this.byStepModel.get(steps) ?? new Map<string, ClassCapacity>()).entries()];
  }

  /** Take rows another thread computed with the same step model; rows already here are kept. */
  add(steps: StepModel, entries: readonly (readonly [string, ClassCapacity])[]): void {
    let rows = this.byStepModel.get(steps);
    if (!rows) {
      rows = new Map();
      this.byStepModel.set(steps, rows);
    }
    for (const [key, row] of entries) if (!rows.has(key) && rows.size < MAX_ROWS) rows.set(key, row);
  }
}

/** Everything classCapacity reads besides the step model, as text: configs and classes of different scenarios compare by value. */
function rowKey({ config, cls, slo }: ProfileConfig, options: MixedOptions): string {
  const sensitive = options.sensitiveClass;
  return JSON.stringify([config, cls.model, cls.id, cls.input, cls.output, cls.inputRange, cls.outputRange, slo, options.chunkedPrefill ?? false, options.chunkTokens ?? null, options.maxBatch ?? null, sensitive ? [sensitive.output, sensitive.outputRange] : null, options.ttftSharers ?? [], options.holdsAt ?? null]);
}
