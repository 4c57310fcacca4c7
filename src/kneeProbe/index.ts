export { probeInstance, probeMix, simulatedKnee, simulatedMixKnee, classTrace, PROBE_REQUESTS } from './kneeProbe.js';
export type { MixClassResult, MixProbeOptions, MixProbeResult, ProbeOptions, ProbeResult } from './kneeProbe.js';
