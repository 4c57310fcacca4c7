/**
 * `planning.pools` as a list of rules (capacity/poolPartition.ts says what each rule shares): its
 * default, its one normal form and how it reads. Pure.
 */
import type { FixedPartition, PoolPartition } from './types.js';

/** The rules `optimize` chooses among, in the order their pools are listed (the default first). */
export const FIXED_PARTITIONS: readonly FixedPartition[] = ['by-input-bin', 'shared', 'per-class'];

/** Every rule, in the order a list of them is kept (the first is the basis of the capacity table). */
const RULE_ORDER: readonly FixedPartition[] = ['by-input-bin', 'by-service-and-input-bin', 'shared', 'per-class'];

/**
 * The scenario's default. Not the choice [by-input-bin, shared], which contains DynamoLLM's SinglePool
 * (one pool every class shares) and so never plans worse than it: on week.yaml that choice found no
 * cheaper plan (224,417 USD either way) and took 111 s to solve instead of 32 (measured 2026-12-06,
 * `--no-repair --no-baseline`; the fleet's clock relaxation 45 s instead of 3). `trace fit` writes the
 * choice into the scenarios it fits, where a shared pool wins (the Azure code trace over 24 h).
 */
export const DEFAULT_PARTITION: PoolPartition = 'by-input-bin';

/** A scenario's `planning.pools` in its one form: a single rule, `optimize`, or a list of two or more rules in RULE_ORDER. */
export function normalizePartition(partition: PoolPartition): PoolPartition {
  if (typeof partition === 'string') return partition;
  const rules = RULE_ORDER.filter((r) => partition.includes(r));
  if (rules.length === 1) return rules[0] as FixedPartition;
  if (rules.length === FIXED_PARTITIONS.length && FIXED_PARTITIONS.every((r) => rules.includes(r))) return 'optimize';
  return rules;
}

/** The rules whose pools a scenario's planner may use. */
export function partitionsOf(partition: PoolPartition): readonly FixedPartition[] {
  if (partition === 'optimize') return FIXED_PARTITIONS;
  return typeof partition === 'string' ? [partition] : partition;
}

/** Whether the MILP chooses among several rules' pools. */
export function choosesPartition(partition: PoolPartition): boolean {
  return partitionsOf(partition).length > 1;
}

/** `planning.pools` as a scenario file writes it. */
export function partitionText(partition: PoolPartition): string {
  return typeof partition === 'string' ? partition : `[${partition.join(', ')}]`;
}
