/**
 * Which classes share a pool (scenario `planning.pools`): one rule for the capacity model, which
 * judges a mixed instance's TBT over the most stall-sensitive class it may mix and its TTFT over
 * every class it may mix, and for the planner,
 * which splits a config into one pool per key.
 * - shared: every class of the model in one pool;
 * - by-input-bin: pools that prefill (mixed and prefill roles) take one input-length bin each, so a
 *   short prompt never queues behind a 6K-token one; a prompt machine's pool also takes one service
 *   only: its queue is all TTFT, and a service with a tight TTFT (coding, slowdown 3) held in one
 *   queue with a looser one cuts the other's capacity (week.yaml: 280 GPUs split per service, 400
 *   with the services sharing and each holding the other's TTFT); decode pools stay shared (their
 *   step time follows the batch's total context, which the linear capacity form captures);
 * - per-class: every class alone (DynamoLLM's per-class pools);
 * - a list of rules (`optimize`: by-input-bin, shared and per-class): no rule of its own; a config gets
 *   the pools of each listed rule, each with the capacities that rule's sharing allows, and the MILP
 *   chooses among them (planningData.ts, capacityTable.ts).
 */
import { choosesPartition, type FixedPartition, type PoolPartition, type RequestClass, type Role } from '../scenario/index.js';

/** The key of the pool a class joins within a config of this role: classes with equal keys share instances; '' = the config's one pool. */
export function poolKey(partition: FixedPartition, role: Role, cls: RequestClass): string {
  switch (partition) {
    case 'shared':
      return '';
    case 'by-input-bin':
      if (role === 'decode') return '';
      return role === 'prefill' ? `${cls.service}:${inputBinKey(cls)}` : inputBinKey(cls);
    case 'by-service-and-input-bin':
      // Services whose TTFT targets differ (a 3× slowdown beside a 6× one) keep their mixed pools apart too.
      if (role === 'decode') return '';
      return `${cls.service}:${inputBinKey(cls)}`;
    case 'per-class':
      return cls.id;
  }
}

/** Whether two classes may share an instance of a config of this role. */
export function sharesPool(partition: FixedPartition, role: Role, a: RequestClass, b: RequestClass): boolean {
  return a.model === b.model && poolKey(partition, role, a) === poolKey(partition, role, b);
}

/**
 * Whether a config's pools are named by their key even when the config has only one: per-class
 * pools always carry their class (the clock relaxation groups clock variants by it), and so do those
 * of a choice among rules, whose name says which rule made them; bins only matter once a config serves more than one.
 */
export function labelsSinglePool(partition: PoolPartition): boolean {
  return partition === 'per-class' || choosesPartition(partition);
}

/**
 * The class with the shortest outputs among those that may share a pool of this role with `cls`
 * (itself included, and only classes with traffic): a prefill stall (mixed) or the spread of the
 * iteration time and the join wait (decode) costs its requests the most, so the instance's TBT is
 * judged over its outputs too.
 */
export function stallSensitiveClass(partition: FixedPartition, classes: readonly RequestClass[], cls: RequestClass, role: Role = 'mixed'): RequestClass {
  return classes.filter((o) => sharesPool(partition, role, cls, o) && o.share > 0).reduce((a, b) => (b.output.mean < a.output.mean ? b : a), cls);
}

/**
 * The other classes (with traffic) that may share a pool of this prefilling role with `cls`: their
 * TTFT its load must hold.
 * - Mixed pools hold the classes of `cls`'s input bin only. Across input bins (a 'shared' pool) the wait
 *   of a short prompt behind a long one is left out: replayed, a shared mixed pool planned without it
 *   meets its TTFT targets (the router sends a short prompt to an instance with fewer requests, rarely
 *   one mid-way through a long pass; DynamoLLM's SinglePool is such a pool), and with it the
 *   long-prompt classes' capacity falls several-fold.
 * - Prompt machines (prefill role) hold every sharer. Their queue is all prompts, and a shared one is
 *   small where its prompts are few: week.yaml planned with by-input-bin or shared pools chose one-
 *   instance shared prompt pools at night that mixed coding's short prompts (TTFT target 166 ms) with
 *   conversation's 5k-token ones, and replayed 233 cells missing, coding's TTFT p99 up to ×4.8.
 */
export function poolSharers(partition: FixedPartition, classes: readonly RequestClass[], cls: RequestClass, role: Role = 'mixed'): RequestClass[] {
  return classes.filter((o) => o.id !== cls.id && o.share > 0 && sharesPool(partition, role, cls, o) && (role === 'prefill' || sharesPool('by-input-bin', role, cls, o)));
}

function inputBinKey(cls: RequestClass): string {
  return `in${cls.inputRange[0]}-${Number.isFinite(cls.inputRange[1]) ? cls.inputRange[1] : 'inf'}`;
}
