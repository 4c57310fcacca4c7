/**
 * The output-length predictor routing sees (DynamoLLM's proxy model is right 81 % of the time,
 * published-figures.md §2.1): with probability `accuracy` the request's own class, otherwise another
 * output bin of the same service and input bin, uniformly. Classes without such a neighbour are always
 * predicted right. Draws come from the given seeded stream only when accuracy < 1.
 */
import type { Rng } from '../../core/random.js';
import type { Scenario } from '../../scenario/index.js';

export type Predictor = (classIndex: number) => number;

export function outputPredictor(scenario: Scenario, accuracy: number, rng: Rng): Predictor {
  if (accuracy >= 1) return (k) => k;
  const classes = scenario.classes;
  const neighbours = classes.map((c) =>
    Int32Array.from(
      classes
        .map((o, j) => ({ o, j }))
        .filter(({ o }) => o.service === c.service && o.inputRange[0] === c.inputRange[0] && o.inputRange[1] === c.inputRange[1] && o.id !== c.id)
        .map(({ j }) => j),
    ),
  );
  return (k) => {
    const alt = neighbours[k];
    if (!alt || alt.length === 0) return k;
    if (rng.uniform() < accuracy) return k;
    return alt[rng.int(alt.length)] as number;
  };
}
