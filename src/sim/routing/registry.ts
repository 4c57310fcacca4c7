/** Routers by name: a closed union, so a router missing here fails to compile. */
import type { RouterName } from '../../scenario/index.js';
import { joinShortestQueue, joinShortestTokenQueue } from './jsq.js';
import { powerOfTwoChoices } from './powerOfTwo.js';
import { randomChoice } from './random.js';
import { roundRobin } from './roundRobin.js';
import type { RouterFactory } from './types.js';
import { workloadAware } from './workloadAware.js';

export const ROUTERS: Readonly<Record<RouterName, RouterFactory>> = {
  jsq: () => joinShortestQueue('jsq'),
  'request-jsq': () => joinShortestQueue('request-jsq'),
  'token-jsq': () => joinShortestTokenQueue(),
  'round-robin': () => roundRobin(),
  random: (rng) => randomChoice(rng),
  'power-of-two': (rng) => powerOfTwoChoices(rng),
  'workload-aware': () => workloadAware(),
};
