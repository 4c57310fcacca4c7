/** The `trace` commands: summarize a trace, fit a scenario to one, synthesize one from a scenario. */
export { runTraceSummarize } from './traceSummarize.js';
export type { TraceSummarizeOptions, TraceSummarizeResult } from './traceSummarize.js';
export { runTraceFit } from './traceFit.js';
export type { TraceFitOptions, TraceFitResult } from './traceFit.js';
export { runTraceSynth } from './traceSynth.js';
export type { TraceSynthOptions, TraceSynthResult } from './traceSynth.js';
