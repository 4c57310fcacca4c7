export type { TraceChunk, TraceSource } from './types.js';
export { classifier, serviceMapping } from './classify.js';
export type { Classifier } from './classify.js';
