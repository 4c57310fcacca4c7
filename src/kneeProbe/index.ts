export { probeInstance, simulatedKnee, classTrace, PROBE_REQUESTS } from './kneeProbe.js';
export type { ProbeOptions, ProbeResult } from './kneeProbe.js';
