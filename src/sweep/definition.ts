/**
 * sweep.json: what a sweep is — its axes, and per variant the values it takes on every axis and the
 * key (hash) of everything its plan depends on. Every run and every shard writes the same file, so
 * `sweep merge` checks that the directories it merges belong to one sweep, and a rerun knows which
 * finished variant directories still match. Pure.
 */
import { createHash } from 'node:crypto';
import { LLMCAP_VERSION } from '../report/toSummaryJson.js';
import { getAtPath } from './scenarioPath.js';
import type { Grid } from './grid.js';
import type { VariantSolveOptions } from './planAdapter.js';
import type { ResolvedVariant } from './variants.js';

export const SWEEP_FORMAT = 'llmcap-sweep/1';
export const SWEEP_JSON = 'sweep.json';

export interface SweepVariantEntry {
  readonly id: string;
  readonly index: number;
  readonly key: string;
  /** The value on every axis, the base scenario's where the variant does not set it (null: absent). */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface SweepDefinition {
  readonly format: typeof SWEEP_FORMAT;
  readonly llmcap: string;
  /** Hash of every variant's key, in order: equal ids, equal sweeps. */
  readonly sweepId: string;
  readonly scenario: { readonly file: string; readonly sha256: string };
  readonly grid: { readonly file: string; readonly sha256: string };
  readonly axes: readonly string[];
  readonly validate: boolean;
  readonly variants: readonly SweepVariantEntry[];
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export interface DefinitionInput {
  readonly baseText: string;
  readonly baseFile: string;
  readonly baseData: unknown;
  readonly gridText: string;
  readonly grid: Grid;
  readonly variants: readonly ResolvedVariant[];
  readonly solve: VariantSolveOptions;
  readonly validate: boolean;
  /** Hash of each imported profile file's content, by path (a changed file changes every key). */
  readonly profileHashes: Readonly<Record<string, string>>;
}

export function sweepDefinition(input: DefinitionInput): SweepDefinition {
  const axes = input.grid.axes.map((a) => a.name);
  const entries = input.variants.map((v): SweepVariantEntry => {
    const set = new Map(v.assignments.map((a) => [a.axis, a.value]));
    const values: Record<string, unknown> = {};
    for (const axis of input.grid.axes) {
      values[axis.name] = set.has(axis.name) ? set.get(axis.name) : axis.steps === undefined ? null : (getAtPath(input.baseData, axis.steps) ?? null);
    }
    return { id: v.id, index: v.index, key: variantKey(v, input), values };
  });
  return {
    format: SWEEP_FORMAT,
    llmcap: LLMCAP_VERSION,
    sweepId: sha256(entries.map((e) => e.key).join('\n')),
    scenario: { file: input.baseFile, sha256: sha256(input.baseText) },
    grid: { file: input.grid.file, sha256: sha256(input.gridText) },
    axes,
    validate: input.validate,
    variants: entries,
  };
}

/** Everything a variant's outputs depend on; not where they are written, nor how many workers ran. */
function variantKey(v: ResolvedVariant, input: DefinitionInput): string {
  return sha256(JSON.stringify({
    llmcap: LLMCAP_VERSION,
    scenario: v.scenarioText,
    label: v.scenarioLabel,
    design: v.design ?? null,
    solve: { ...input.solve, profiles: (input.solve.profiles ?? []).map((p) => [p, input.profileHashes[p] ?? '']) },
    validate: input.validate,
  }));
}
