/**
 * Request → class: the scenario's input × output bins of the request's service. Built once per
 * scenario into flat arrays so the hot loops (trace fitting, replay) only do a few comparisons.
 */
import type { Scenario } from '../scenario/index.js';

/** classIndex(serviceIndexInScenario, inputTokens, outputTokens) → index into scenario.classes. */
export type Classifier = (service: number, inputTokens: number, outputTokens: number) => number;

export function classifier(scenario: Scenario): Classifier {
  const perService = scenario.services.map((svc) => {
    const classes = svc.classIds.map((id) => {
      const k = scenario.classes.findIndex((c) => c.id === id);
      const c = scenario.classes[k];
      if (!c) throw new Error(`class ${id} missing from scenario.classes`);
      return { k, inLo: c.inputRange[0], inHi: c.inputRange[1], outLo: c.outputRange[0], outHi: c.outputRange[1] };
    });
    return classes;
  });
  return (service, input, output) => {
    const classes = perService[service];
    if (!classes) return -1;
    for (const c of classes) {
      if (input >= c.inLo && input < c.inHi && output >= c.outLo && output < c.outHi) return c.k;
    }
    return -1;
  };
}

/** Index of a trace's service names in the scenario's services; an unnamed single service maps to `fallback`. */
export function serviceMapping(scenario: Scenario, traceServices: readonly string[], fallback = 0): Int32Array {
  return Int32Array.from(traceServices, (name) => {
    if (name === '') return fallback;
    return scenario.services.findIndex((s) => s.name === name);
  });
}
