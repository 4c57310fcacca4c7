/**
 * One capacity cache per test file, passed explicitly to the plans of a file that builds the same
 * small scenarios again and again (the library keeps no rows between calls that do not share one).
 */
import { CapacityCache } from '../../src/capacity/index.js';

export const capacityCache = new CapacityCache();
