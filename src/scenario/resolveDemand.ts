import { plural } from '../core/plural.js';
import type { ScenarioFile } from './schema.js';
import type { Problems } from './problems.js';
import type { RequestClass, Window } from './types.js';

type DemandFile = ScenarioFile['services'][number]['demand'];

/**
 * Per-class rate per window for one service. `meanRps` × shape is rescaled so that the mean over the
 * horizon equals meanRps (the shape only says when the load comes, not how much).
 */
export function resolveServiceDemand(
  demand: DemandFile,
  classes: readonly RequestClass[],
  windows: readonly Window[],
  path: readonly (string | number)[],
  problems: Problems,
): Float64Array[] {
  const given = (['meanRps', 'totalRps', 'classRps'] as const).filter((k) => demand[k] !== undefined);
  if (given.length !== 1) {
    problems.add(path, given.length === 0 ? 'no demand given' : `gives ${given.join(' and ')} together`, 'give exactly one of meanRps (with an optional shape), totalRps or classRps');
    return classes.map(() => new Float64Array(windows.length));
  }
  if (demand.shape && demand.meanRps === undefined) {
    problems.add([...path, 'shape'], 'a shape only applies to meanRps', 'remove shape, or use meanRps instead of explicit rates');
  }
  if (demand.classRps) return withinCeiling(explicitClassRates(demand.classRps, classes, windows, [...path, 'classRps'], problems), path, problems);
  const total = demand.totalRps
    ? explicitTotal(demand.totalRps, windows, [...path, 'totalRps'], problems)
    : shapedTotal(demand.meanRps ?? 0, demand.shape, windows, [...path, 'shape'], problems);
  return withinCeiling(classes.map((c) => total.map((r) => r * c.share)), path, problems);
}

/** Far beyond any fleet (one server sustains tens of req/s); larger rates only overflow the solver's numbers. */
export const MAX_RATE_RPS = 1e9;

function withinCeiling(rates: Float64Array[], path: readonly (string | number)[], problems: Problems): Float64Array[] {
  for (const series of rates) {
    const w = series.findIndex((r) => !(r <= MAX_RATE_RPS));
    if (w >= 0) {
      problems.add(path, `resolves to ${series[w]} req/s for one class in window ${w}, more than llmcap can plan (${MAX_RATE_RPS.toExponential()} req/s)`, 'check the rates and shape: rates are requests per second');
      break;
    }
  }
  return rates;
}

function shapedTotal(
  meanRps: number,
  shape: DemandFile['shape'],
  windows: readonly Window[],
  path: readonly (string | number)[],
  problems: Problems,
): Float64Array {
  const rel = new Float64Array(windows.length);
  const weekly = shape?.weekly ?? [1, 1, 1, 1, 1, 1, 1];
  for (const w of windows) rel[w.index] = shape ? (shape.daily[w.hourOfDay] ?? 0) * (weekly[w.dayOfWeek] ?? 1) : 1;
  const mean = rel.reduce((a, b) => a + b, 0) / Math.max(1, rel.length);
  if (!Number.isFinite(mean)) {
    problems.add(path, 'the shape values are too large to add up', 'give relative values, e.g. around 1');
    return rel;
  }
  if (!(mean > 0)) {
    problems.add(path, 'the shape is zero in every window of the horizon', 'give positive shape values for at least some hours');
    return rel;
  }
  return rel.map((r) => (r / mean) * meanRps);
}

function explicitTotal(values: readonly number[], windows: readonly Window[], path: readonly (string | number)[], problems: Problems): Float64Array {
  if (values.length !== windows.length) {
    problems.add(path, `has ${plural(values.length, 'value')} but the horizon has ${plural(windows.length, 'window')}`, `give one rate per window (${plural(windows.length, 'value')})`);
  }
  return Float64Array.from(windows, (w) => values[w.index] ?? 0);
}

function explicitClassRates(
  rates: Readonly<Record<string, readonly number[]>>,
  classes: readonly RequestClass[],
  windows: readonly Window[],
  path: readonly (string | number)[],
  problems: Problems,
): Float64Array[] {
  for (const name of Object.keys(rates)) {
    if (!classes.some((c) => c.name === name)) {
      problems.add([...path, name], `unknown class '${name}'`, `use the class names of this service: ${classes.map((c) => c.name).join(', ')}`);
    }
  }
  return classes.map((c) => {
    const values = rates[c.name];
    if (values && values.length !== windows.length) {
      problems.add([...path, c.name], `has ${plural(values.length, 'value')} but the horizon has ${plural(windows.length, 'window')}`, `give one rate per window (${plural(windows.length, 'value')})`);
    }
    return Float64Array.from(windows, (w) => values?.[w.index] ?? 0);
  });
}
