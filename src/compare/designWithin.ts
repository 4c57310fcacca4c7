/**
 * Whether every plan one design may make is a plan another design may make too, on a scenario: the
 * designs whose passing plans `compare` keeps a design from reporting worse than. DynamoLLM's
 * ScaleShard (TP re-chosen, GPUs held) may run SinglePool's plan (TP8 held, instances held), so its
 * repaired plan must not cost more than SinglePool's passing one. Conservative: restrictions it does
 * not order (role GPUs, power caps, the budget's basis, acquisition modes) must be the same. Pure.
 */
import { getGpu } from '../catalog/index.js';
import { partitionsOf } from '../capacity/index.js';
import type { HeldChoice, Scenario } from '../scenario/index.js';
import type { Design } from './types.js';

export function designWithin(scenario: Scenario, inner: Design, outer: Design): boolean {
  const hw = scenario.hardware;
  const gpus = inner.gpus ?? hw.gpus;
  return (
    subset(gpus, outer.gpus ?? hw.gpus) &&
    subset(inner.roles ?? hw.roles, outer.roles ?? hw.roles) &&
    subset(inner.tp ?? hw.tp, outer.tp ?? hw.tp) &&
    clocksWithin(scenario, inner, outer, gpus) &&
    same(inner.roleGpus, outer.roleGpus) &&
    same(inner.powerCap, outer.powerCap) &&
    subset(partitionsOf(inner.pools ?? scenario.planning.pools), partitionsOf(outer.pools ?? scenario.planning.pools)) &&
    (inner.powerBudget ?? scenario.power.budgetBasis) === (outer.powerBudget ?? scenario.power.budgetBasis) &&
    same(inner.acquisition ? [...inner.acquisition].sort() : undefined, outer.acquisition ? [...outer.acquisition].sort() : undefined) &&
    holdsWithin(inner, outer)
  );
}

/** A locked clock is within the scenario's clocks only if the scenario lists it (the lowest listed always is). */
function clocksWithin(scenario: Scenario, inner: Design, outer: Design, gpus: readonly string[]): boolean {
  if (outer.clocks === inner.clocks) return true;
  if (outer.clocks !== 'scenario') return false;
  if (inner.clocks === 'min') return true;
  return gpus.every((g) => scenario.hardware.clocksMHz[g]?.includes(getGpu(g as never).clockMHz.max.value) ?? false);
}

/**
 * Every choice the outer design holds, the inner one holds too (instances and TP held hold the GPUs),
 * over periods the outer one's periods divide (the whole horizon divides into any). Hold periods are
 * counted from the horizon's start, so a period of 60 minutes contains two of 30.
 */
function holdsWithin(inner: Design, outer: Design): boolean {
  const outerHolds = outer.hold ?? [];
  if (outerHolds.length === 0) return true;
  const innerHolds = new Set<HeldChoice>(inner.hold ?? []);
  // A locked clock or a single TP degree is held in every window.
  if (inner.clocks !== 'scenario') innerHolds.add('clock');
  if (inner.tp?.length === 1) innerHolds.add('tp');
  if (innerHolds.has('instances') && innerHolds.has('tp')) innerHolds.add('gpus');
  if (!outerHolds.every((h) => innerHolds.has(h))) return false;
  const innerPeriod = inner.holdPeriodMinutes;
  const outerPeriod = outer.holdPeriodMinutes;
  if (innerPeriod === undefined) return true;
  return outerPeriod !== undefined && innerPeriod % outerPeriod === 0;
}

function subset<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.every((x) => b.includes(x));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
